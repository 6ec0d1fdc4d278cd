/**
 * Lookups: plain async functions a program calls to read existing secrets. They run in the program
 * process with a client built from stack config (`lockbox:*`) or the environment at call time.
 * Payload values come back only as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as api from "../provider/api";
import type * as client from "../provider/client";
import { programClient } from "./settings";

/** Find a secret by id, or by folder and name. */
export type GetSecretArgs = { secretId: string } | { folderId: string; name: string };

/** A secret's metadata (never its values). */
export interface GetSecretResult {
  /** Secret id. */
  readonly id: string;
  readonly folderId: string;
  readonly name: string;
  readonly description: string;
  readonly labels: Record<string, string>;
  readonly kmsKeyId: string;
  readonly status: string;
  readonly deletionProtection: boolean;
  readonly createdAt: string;
  /** Id of the current version; empty when the secret has none. */
  readonly currentVersionId: string;
}

/** Which version: the current one unless `versionId` is given. */
export type GetSecretVersionArgs = { secretId: string; versionId?: string };

/** A version's metadata. */
export interface GetSecretVersionResult {
  readonly secretId: string;
  readonly versionId: string;
  readonly status: string;
  readonly description: string;
  readonly payloadEntryKeys: string[];
  readonly createdAt: string;
  readonly destroyAt: string;
}

/** Which payload: a secret by id or by folder and name, and optionally a version (default: current). */
export type GetPayloadArgs = GetSecretArgs & { versionId?: string };

/** A version's values. `entries` is a Pulumi secret; binary values appear as base64. */
export interface GetPayloadResult {
  readonly secretId: string;
  readonly versionId: string;
  /** Entry keys in version order (not secret). */
  readonly keys: string[];
  /** Values by key, as a Pulumi secret. */
  readonly entries: pulumi.Output<Record<string, string>>;
}

async function withClient<T>(fn: (c: client.LockboxClient) => Promise<T>): Promise<T> {
  const c = programClient();
  try {
    return await fn(c);
  } finally {
    await (c as { close?: () => Promise<void> }).close?.();
  }
}

async function findSecret(c: client.LockboxClient, args: GetSecretArgs): Promise<api.Secret> {
  if ("secretId" in args) return c.secrets.get(args.secretId);
  for await (const s of c.secrets.list({ folderId: args.folderId })) {
    if (s.name === args.name) return s;
  }
  throw new Error(`no secret named ${JSON.stringify(args.name)} in folder ${args.folderId}`);
}

function secretResult(s: api.Secret): GetSecretResult {
  return {
    id: s.id,
    folderId: s.folderId,
    name: s.name ?? "",
    description: s.description ?? "",
    labels: s.labels ?? {},
    kmsKeyId: s.kmsKeyId ?? "",
    status: s.status,
    deletionProtection: s.deletionProtection ?? false,
    createdAt: s.createdAt ?? "",
    currentVersionId: s.currentVersion?.id ?? "",
  };
}

/**
 * Reads a secret's metadata by id, or by folder and name.
 *
 * @example const s = await lockbox.getSecret({ folderId: "b1g...", name: "db" });
 */
export async function getSecret(args: GetSecretArgs): Promise<GetSecretResult> {
  return withClient(async (c) => secretResult(await findSecret(c, args)));
}

/** {@link getSecret} for Output arguments: resolves when they do. */
export function getSecretOutput(args: pulumi.Input<GetSecretArgs>): pulumi.Output<GetSecretResult> {
  return pulumi.output(args).apply((a) => getSecret(a as GetSecretArgs));
}

/** Reads a version's metadata (the current version unless `versionId` is given). */
export async function getSecretVersion(args: GetSecretVersionArgs): Promise<GetSecretVersionResult> {
  return withClient(async (c) => {
    let version: api.Version | undefined;
    if (args.versionId === undefined) {
      const s = await c.secrets.get(args.secretId);
      version = s.currentVersion;
      if (!version) throw new Error(`secret ${args.secretId} has no current version`);
    } else {
      for await (const v of c.secrets.listVersions(args.secretId)) {
        if (v.id === args.versionId) version = v;
      }
      if (!version) throw new Error(`secret ${args.secretId} has no version ${args.versionId}`);
    }
    return {
      secretId: version.secretId,
      versionId: version.id,
      status: version.status,
      description: version.description ?? "",
      payloadEntryKeys: version.payloadEntryKeys,
      createdAt: version.createdAt ?? "",
      destroyAt: version.destroyAt ?? "",
    };
  });
}

/** {@link getSecretVersion} for Output arguments. */
export function getSecretVersionOutput(
  args: pulumi.Input<GetSecretVersionArgs>,
): pulumi.Output<GetSecretVersionResult> {
  return pulumi.output(args).apply((a) => getSecretVersion(a as GetSecretVersionArgs));
}

/**
 * Reads a version's values. They come back only as a Pulumi secret (`entries`), so they are
 * encrypted in state and masked in logs. Needs `lockbox.payloadViewer` on the secret.
 *
 * @example
 * const p = await lockbox.getPayload({ secretId: secret.id });  // inside an apply, or with a known id
 * export const password = p.entries.apply((e) => e["password"]);
 */
export async function getPayload(args: GetPayloadArgs): Promise<GetPayloadResult> {
  const r = await readPayload(args);
  return { ...r, entries: secretAsIs(r.entries) };
}

/**
 * `pulumi.secret(value)` without the copy `pulumi.output` makes of plain objects (it assigns each
 * key, which drops a `__proto__` entry): the value of an apply is passed on untouched.
 */
function secretAsIs<T>(value: T): pulumi.Output<T> {
  return pulumi.secret(true).apply(() => value);
}

async function readPayload(args: GetPayloadArgs) {
  return withClient(async (c) => {
    const secretId = "secretId" in args ? args.secretId : (await findSecret(c, args)).id;
    const payload = await c.payload.get(secretId, args.versionId ? { versionId: args.versionId } : {});
    // fromEntries defines own properties, so a key such as `__proto__` is kept like any other.
    const entries: Record<string, string> = Object.fromEntries(
      payload.entries.map((e) => [e.key, e.textValue ?? e.binaryValue ?? ""]),
    );
    return { secretId, versionId: payload.versionId, keys: payload.entries.map((e) => e.key), entries };
  });
}

/** {@link getPayload} for Output arguments: the whole result is a Pulumi secret. */
export function getPayloadOutput(
  args: pulumi.Input<GetPayloadArgs>,
): pulumi.Output<{ secretId: string; versionId: string; keys: string[]; entries: Record<string, string> }> {
  // Secret first, then apply: the apply's result is not copied (see secretAsIs).
  return pulumi.secret(pulumi.output(args)).apply((a) => readPayload(a as GetPayloadArgs));
}
