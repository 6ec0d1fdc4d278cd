import * as pulumi from "@pulumi/pulumi";
import { MODULE, SECRET_TYPE } from "./types";
import { LockboxResource } from "./providers";
import { defaultFolderId, timeoutsInput } from "./settings";

/** How the service generates a password for a generated secret (docs/lockbox-api.md#password-generation). */
export interface PasswordPayloadSpecificationArgs {
  /** The entry key the generated password is stored under. Required. */
  passwordKey: pulumi.Input<string>;
  /** Password length, at most 256; unset lets the service choose. */
  length?: pulumi.Input<number>;
  /** Use A–Z (default true). */
  includeUppercase?: pulumi.Input<boolean>;
  /** Use a–z (default true). */
  includeLowercase?: pulumi.Input<boolean>;
  /** Use 0–9 (default true). */
  includeDigits?: pulumi.Input<boolean>;
  /** Use punctuation (default true). */
  includePunctuation?: pulumi.Input<boolean>;
  /** The exact punctuation characters to use (at most 32); excludes `excludedPunctuation`. */
  includedPunctuation?: pulumi.Input<string>;
  /** Punctuation characters never to use (at most 31). */
  excludedPunctuation?: pulumi.Input<string>;
}

/** Arguments of a {@link Secret}. */
export interface SecretArgs {
  /** Folder of the secret; defaults to stack config `lockbox:folderId`, then `YC_FOLDER_ID`. Changing it replaces the secret. */
  folderId?: pulumi.Input<string>;
  /** Name, unique in the folder by convention; at most 100 characters. */
  name?: pulumi.Input<string>;
  /** Description, at most 1024 characters. */
  description?: pulumi.Input<string>;
  /** Labels: at most 64; keys `[a-z][-_0-9a-z]*`, values `[-_0-9a-z]*`, each at most 63 characters. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** KMS key that encrypts the secret (the system key when unset). Changing it replaces the secret. */
  kmsKeyId?: pulumi.Input<string>;
  /** When true, the secret cannot be deleted until this is set back to false. */
  deletionProtection?: pulumi.Input<boolean>;
  /**
   * Makes a generated secret: the service generates the first version's password at creation.
   * Changing the spec updates it in place (later generated versions use it); adding or removing it
   * replaces the secret, since the service cannot turn a secret into a generated one or back.
   */
  passwordPayloadSpecification?: pulumi.Input<PasswordPayloadSpecificationArgs>;
  /**
   * The id of an existing secret to manage instead of creating one (Pulumi's `import` option does
   * not work for dynamic resources; see API.md, "Adopting existing resources"). The secret is updated to
   * the declared fields; a different folder, KMS key or generated-ness is refused. Only read when
   * the resource is created: changing or removing it later changes nothing. Deleting the resource
   * deletes the adopted secret too, unless it has `retainOnDelete`.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A Lockbox secret: the container of versions. Changing `folderId` or `kmsKeyId`, or adding or
 * removing `passwordPayloadSpecification`, replaces it; every other change updates in place.
 *
 * @example
 * ```ts
 * const db = new lockbox.Secret("db", { name: "db-password", deletionProtection: true,
 *   passwordPayloadSpecification: { passwordKey: "password", length: 32 } });
 * ```
 */
export class Secret extends LockboxResource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = SECRET_TYPE;

  /** Whether `obj` is a Secret, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is Secret {
    return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === SECRET_TYPE;
  }

  /** Folder of the secret. */
  declare readonly folderId: pulumi.Output<string>;
  /** Name of the secret. */
  declare readonly name: pulumi.Output<string | undefined>;
  /** Description of the secret. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Labels of the secret. */
  declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
  /** KMS key of the secret, if any. */
  declare readonly kmsKeyId: pulumi.Output<string | undefined>;
  /** Whether deletion is blocked. */
  declare readonly deletionProtection: pulumi.Output<boolean | undefined>;
  /** The password spec of a generated secret. */
  declare readonly passwordPayloadSpecification: pulumi.Output<PasswordPayloadSpecificationArgs | undefined>;
  /** `ACTIVE` or `INACTIVE` (or `CREATING` while being created). */
  declare readonly status: pulumi.Output<string>;
  /** When the secret was created (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** Id of the current version (absent while the secret has none). */
  declare readonly currentVersionId: pulumi.Output<string | undefined>;

  /** Creates a Secret named `name` with `args`. */
  constructor(name: string, args: SecretArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      "secret",
      name,
      {
        folderId: args.folderId ?? defaultFolderId(),
        name: args.name,
        description: args.description,
        labels: args.labels,
        kmsKeyId: args.kmsKeyId,
        deletionProtection: args.deletionProtection,
        passwordPayloadSpecification: args.passwordPayloadSpecification,
        adopt: args.adopt,
        status: undefined,
        createdAt: undefined,
        currentVersionId: undefined,
        __timeouts: timeoutsInput(`Secret ${name}`, opts),
      },
      opts,
      MODULE,
      "Secret",
    );
  }
}
