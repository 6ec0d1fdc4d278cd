/**
 * Runtime access for application code (not Pulumi programs): read the latest or a given version of
 * a secret, and add versions. Credentials and endpoint come from the options or the client's env
 * variables (`LOCKBOX_ENDPOINT`, `YC_IAM_TOKEN`, `YC_TOKEN`, `YC_SERVICE_ACCOUNT_KEY_FILE`).
 *
 * @example
 * ```ts
 * import { runtime } from "pulumi-lockbox";
 * const value = await runtime.secret(process.env.DB_SECRET_ID!).latest().access();
 * const password = value.asString("password");
 * ```
 */
import type * as client from "../provider/client";
import type * as api from "../provider/api";

/** provider/client, loaded on first use, so importing the SDK does not load undici and zod. */
function clientModule(): typeof client {
  return require("../provider/client") as typeof client;
}

/** Options of {@link secret}: a client to use, or options to build one. */
export interface RuntimeOptions extends client.ClientOptions {
  /** Use this client instead of building one. */
  client?: client.LockboxClient;
}

/** The values of one version. */
export class SecretValue {
  /** The secret id. */
  readonly secretId: string;
  /** The version id. */
  readonly versionId: string;
  /** Every entry by key: text values as strings, binary values as Buffers. */
  readonly entries: Readonly<Record<string, string | Buffer>>;

  /** @internal */
  constructor(secretId: string, payload: api.Payload) {
    this.secretId = secretId;
    this.versionId = payload.versionId;
    // fromEntries defines own properties, so a key such as `__proto__` is kept like any other.
    this.entries = Object.fromEntries(
      payload.entries.map((e) => [
        e.key,
        e.binaryValue !== undefined ? Buffer.from(e.binaryValue, "base64") : (e.textValue ?? ""),
      ]),
    );
  }

  /** The entry keys in version order. */
  keys(): string[] {
    return Object.keys(this.entries);
  }

  private pick(key: string | undefined): string | Buffer {
    const keys = this.keys();
    if (key === undefined) {
      if (keys.length !== 1) {
        throw new Error(
          `version ${this.versionId} of secret ${this.secretId} has ${keys.length} entries (${keys.join(", ")}); name the key`,
        );
      }
      key = keys[0]!;
    }
    // Own keys only: `toString` and friends are not entries.
    const v = Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
    if (v === undefined) {
      throw new Error(
        `version ${this.versionId} of secret ${this.secretId} has no entry "${key}" (keys: ${keys.join(", ")})`,
      );
    }
    return v;
  }

  /** The value of `key` (or of the only entry) as UTF-8 text. */
  asString(key?: string): string {
    const v = this.pick(key);
    return typeof v === "string" ? v : v.toString("utf8");
  }

  /** The value of `key` (or of the only entry) as bytes. */
  asBytes(key?: string): Uint8Array {
    const v = this.pick(key);
    return typeof v === "string" ? Buffer.from(v, "utf8") : v;
  }

  /** Keeps values out of logs and JSON. */
  toJSON(): { secretId: string; versionId: string; keys: string[] } {
    return { secretId: this.secretId, versionId: this.versionId, keys: this.keys() };
  }
}

/** One version of a secret (or its latest), not read yet. */
export class SecretVersionRef {
  /** @internal */
  constructor(
    private readonly ref: SecretRef,
    /** The version id; undefined means the current version. */
    readonly versionId: string | undefined,
  ) {}

  /** Reads the version's values (needs `lockbox.payloadViewer`). */
  async access(): Promise<SecretValue> {
    const payload = await this.ref
      .client()
      .payload.get(this.ref.id, this.versionId ? { versionId: this.versionId } : {});
    return new SecretValue(this.ref.id, payload);
  }
}

/** Entries for {@link SecretRef.put}: key → text (string) or bytes. */
export type PutEntries = Record<string, string | Uint8Array>;

/** A reference to one secret. */
export class SecretRef {
  private built: client.LockboxClient | undefined;

  /** @internal */
  constructor(
    /** The secret id. */
    readonly id: string,
    private readonly options: RuntimeOptions = {},
  ) {}

  /** @internal The client, built on first use. */
  client(): client.LockboxClient {
    if (this.options.client) return this.options.client;
    const { client: _c, ...opts } = this.options;
    this.built ??= new (clientModule().LockboxClient)(opts);
    return this.built;
  }

  /** The current version. */
  latest(): SecretVersionRef {
    return new SecretVersionRef(this, undefined);
  }

  /** A given version. */
  version(versionId: string): SecretVersionRef {
    return new SecretVersionRef(this, versionId);
  }

  /**
   * Adds a version holding exactly `value` (one text entry under `key`, default "value") or
   * `entries`, makes it current, and returns its id. Keys of the previous version that are not
   * given are not carried over. Text values must not be empty (the API reads an empty text value
   * as "remove this key"), and at least one entry is needed; otherwise it throws and adds nothing.
   * Safe against concurrent writers: the version is based on the one read (`baseVersionId`), so it
   * holds exactly these entries even if another version was added in between.
   */
  async put(value: string | PutEntries, opts: { key?: string; description?: string } = {}): Promise<string> {
    const c = this.client();
    const given: [string, string | Uint8Array][] =
      typeof value === "string" ? [[opts.key ?? "value", value]] : Object.entries(value);
    if (given.length === 0) {
      throw new Error(`put() on secret ${this.id} needs at least one entry: a version cannot be empty`);
    }
    for (const [key, v] of given) {
      if (v === "") {
        throw new Error(
          `put() on secret ${this.id}: entry "${key}" has an empty text value, which Lockbox would ` +
            `read as "remove this key"; nothing was written`,
        );
      }
    }
    const changes: api.PayloadEntryChange[] = given.map(([key, v]) =>
      typeof v === "string" ? { key, textValue: v } : { key, binaryValue: Buffer.from(v).toString("base64") },
    );
    // Based on the version read, so a concurrent writer's keys never leak into this one.
    const op = await clientModule().addExactVersion(c, this.id, changes, { description: opts.description });
    const versionId = (op.metadata as { versionId?: unknown } | undefined)?.versionId;
    const fromResponse = (op.response as { id?: unknown } | undefined)?.id;
    const id = typeof versionId === "string" ? versionId : fromResponse;
    if (typeof id !== "string") throw new Error(`the Add version operation ${op.id} returned no version id`);
    return id;
  }

  /** Closes a client this reference built (a client passed in options is left open). */
  async close(): Promise<void> {
    const c = this.built as { close?: () => Promise<void> } | undefined;
    this.built = undefined;
    await c?.close?.();
  }
}

/** A reference to the secret `id`; nothing is read until `access()` or `put()`. */
export function secret(id: string, options: RuntimeOptions = {}): SecretRef {
  return new SecretRef(id, options);
}
