import * as pulumi from "@pulumi/pulumi";
import { MODULE, SECRET_VERSION_TYPE } from "./types";
import { LockboxResource } from "./providers";
import { timeoutsInput } from "./settings";
import type { EntrySource } from "../provider/lifecycle/secret-version";

/** One payload entry: a key with a text value or a base64 binary value. */
export interface SecretEntryArgs {
  /** Entry key: at most 256 characters of letters, digits and `- _ . / \ @`. */
  key: pulumi.Input<string>;
  /** Text value, at most 65536 characters. Stored as a Pulumi secret. */
  textValue?: pulumi.Input<string>;
  /** Binary value as base64, at most 65536 bytes. Stored as a Pulumi secret. */
  binaryValue?: pulumi.Input<string>;
}

/** Where an entry's value came from in the program: read by the policy pack. */
export type { EntrySource };

/** Arguments of a {@link SecretVersion}. */
export interface SecretVersionArgs {
  /** The secret the version belongs to. Changing it makes a new version. */
  secretId: pulumi.Input<string>;
  /**
   * The version's entries, exactly (keys of the previous version that are not listed are not
   * carried over). Values are always stored as Pulumi secrets. Changing them adds a new version
   * and schedules this one for destruction. Omit for a generated secret (one with a
   * `passwordPayloadSpecification`); on any other secret a version without entries fails at `up`.
   */
  entries?: pulumi.Input<pulumi.Input<SecretEntryArgs>[]>;
  /**
   * Description of the version. Changing it makes a new version. For a generated version (no
   * `entries`) a new version means a new password, so the description can only change together with
   * `regenerateOn`; changing it alone fails `pulumi preview` with a message saying so.
   */
  description?: pulumi.Input<string>;
  /**
   * Generated secrets only (no `entries`): any value; changing it adds a new generated version.
   * Nothing else ever regenerates a password.
   */
  regenerateOn?: pulumi.Input<string>;
  /** How long a replaced version stays recoverable before it is destroyed (a Duration, default "604800s"). */
  destructionPendingPeriod?: pulumi.Input<string>;
  /**
   * The id of an existing version of `secretId` to manage instead of creating one (Pulumi's `import` option does
   * not work for dynamic resources; see API.md, "Adopting existing resources"). A version cannot change,
   * so it must hold exactly the declared entries and description. Only read when
   * the resource is created: changing or removing it later changes nothing. Deleting the resource
   * schedules the adopted version for destruction, unless it has `retainOnDelete`.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * One version of a secret. Versions are immutable: new entries, description or `regenerateOn` make a
 * new version (created before the old one is scheduled for destruction). In state, the entries (keys and
 * values) are kept only among the inputs, as one Pulumi secret encrypted by the stack's secrets provider; the
 * outputs hold the keys and a keyed hash of the values (`valuesHash`, itself a secret), never the values.
 * See docs/state-and-secrets.md#secretversion-with-entries.
 *
 * @example
 * ```ts
 * new lockbox.SecretVersion("v", { secretId: secret.id,
 *   entries: [{ key: "password", textValue: config.requireSecret("dbPassword") }] });
 * ```
 */
export class SecretVersion extends LockboxResource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = SECRET_VERSION_TYPE;

  /** Whether `obj` is a SecretVersion, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is SecretVersion {
    return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === SECRET_VERSION_TYPE;
  }

  /** The secret the version belongs to. */
  declare readonly secretId: pulumi.Output<string>;
  /** Description of the version. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The trigger of a generated version. */
  declare readonly regenerateOn: pulumi.Output<string | undefined>;
  /** Pending period used when this version is scheduled for destruction. */
  declare readonly destructionPendingPeriod: pulumi.Output<string | undefined>;
  /** Where each entry's value came from: `plaintext`, `secret` or `computed`. */
  declare readonly entrySources: pulumi.Output<Record<string, EntrySource> | undefined>;
  /** The version id. */
  declare readonly versionId: pulumi.Output<string>;
  /** `ACTIVE`, `SCHEDULED_FOR_DESTRUCTION` or `DESTROYED`. */
  declare readonly status: pulumi.Output<string>;
  /** The entry keys of the version (never values). */
  declare readonly payloadEntryKeys: pulumi.Output<string[]>;
  /** Whether this is the secret's current version; `pulumi refresh` shows when it was moved by hand. */
  declare readonly current: pulumi.Output<boolean>;
  /** Keyed HMAC-SHA256 of the values (a Pulumi secret), so drift is visible; absent for generated versions. */
  declare readonly valuesHash: pulumi.Output<string | undefined>;
  /** When the version was created (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When a scheduled version will be destroyed. */
  declare readonly destroyAt: pulumi.Output<string | undefined>;

  /** Creates a SecretVersion named `name` with `args`. */
  constructor(name: string, args: SecretVersionArgs, opts?: pulumi.CustomResourceOptions) {
    const additionalSecretOutputs = [...(opts?.additionalSecretOutputs ?? []), "valuesHash"];
    super(
      "secretVersion",
      name,
      {
        secretId: args.secretId,
        entries: args.entries === undefined ? undefined : pulumi.secret(args.entries),
        entrySources: entrySources(args.entries),
        description: args.description,
        regenerateOn: args.regenerateOn,
        destructionPendingPeriod: args.destructionPendingPeriod,
        adopt: args.adopt,
        versionId: undefined,
        status: undefined,
        payloadEntryKeys: undefined,
        current: undefined,
        valuesHash: undefined,
        createdAt: undefined,
        destroyAt: undefined,
        __timeouts: timeoutsInput(`SecretVersion ${name}`, opts),
      },
      { ...opts, additionalSecretOutputs },
      MODULE,
      "SecretVersion",
    );
  }
}

async function sourceOf(value: unknown): Promise<EntrySource> {
  if (pulumi.Output.isInstance(value)) return (await pulumi.isSecret(value)) ? "secret" : "computed";
  if (value instanceof Promise) return "computed";
  return "plaintext";
}

/**
 * @internal Where each entry's value came from, keyed by entry key: a plain value is "plaintext",
 * a Pulumi secret is "secret", any other Output is "computed". Never itself a secret: it holds no values.
 */
export function entrySources(
  entries: SecretVersionArgs["entries"],
): pulumi.Output<Record<string, EntrySource>> | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries)) {
    // The whole list is one Output: every entry shares its origin.
    const all = pulumi.output(entries);
    const source = pulumi.output(sourceOf(entries));
    return pulumi
      .unsecret(pulumi.all([all, source]))
      .apply(
        ([list, src]) => Object.fromEntries(list.map((e) => [e.key, src])) as Record<string, EntrySource>,
      );
  }
  const pairs = entries.map((entry) => {
    if (!pulumi.Output.isInstance(entry) && !(entry instanceof Promise)) {
      const e = entry as SecretEntryArgs;
      const value = e.textValue ?? e.binaryValue;
      return pulumi.all([pulumi.unsecret(pulumi.output(e.key)), pulumi.output(sourceOf(value))]);
    }
    const key = pulumi.unsecret(pulumi.output(entry).apply((e) => e.key));
    return pulumi.all([key, pulumi.output(sourceOf(entry))]);
  });
  return pulumi.all(pairs).apply((ps) => Object.fromEntries(ps) as Record<string, EntrySource>);
}
