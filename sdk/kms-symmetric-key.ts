import * as pulumi from "@pulumi/pulumi";
import { KMS_SYMMETRIC_KEY_TYPE, MODULE } from "./types";
import { LockboxResource } from "./providers";
import { defaultFolderId, timeoutsInput } from "./settings";

/**
 * Arguments of a {@link KmsSymmetricKey}. A change of `folderId` replaces the key (and so every
 * Secret encrypted with it); every other field changes in place.
 */
export interface KmsSymmetricKeyArgs {
  /** Folder of the key; defaults to stack config `lockbox:folderId`, then `YC_FOLDER_ID`. */
  folderId?: pulumi.Input<string>;
  /** Name, at most 100 characters. */
  name?: pulumi.Input<string>;
  /** Description, at most 1024 characters. */
  description?: pulumi.Input<string>;
  /** Labels, with the same rules as secret labels. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `AES_128`, `AES_192`, `AES_256` (default), `AES_256_HSM` or `GOST_R_3412_2015_K`; applies to new versions. */
  defaultAlgorithm?: pulumi.Input<string>;
  /** Automatic rotation period as a Duration, e.g. "86400s"; unset means no rotation. */
  rotationPeriod?: pulumi.Input<string>;
  /** When true, the key cannot be deleted; set it to false (an in-place update) before deleting the key. */
  deletionProtection?: pulumi.Input<boolean>;
  /**
   * `ACTIVE` (the default) or `INACTIVE`. An inactive key cannot encrypt or decrypt, so secrets
   * encrypted with it cannot be read until it is active again. Changes in place.
   */
  status?: pulumi.Input<"ACTIVE" | "INACTIVE">;
  /**
   * The id of an existing key to manage instead of creating one (Pulumi's `import` option does
   * not work for dynamic resources; see API.md, "Adopting existing resources"). The key is updated to the
   * declared fields; a key in another folder is refused. Only read when
   * the resource is created: changing or removing it later changes nothing. Deleting the resource
   * deletes the adopted key too, unless it has `retainOnDelete`.
   */
  adopt?: pulumi.Input<string>;
}

/** A KMS symmetric key a secret can be encrypted with (`Secret.kmsKeyId`). */
export class KmsSymmetricKey extends LockboxResource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = KMS_SYMMETRIC_KEY_TYPE;

  /** Whether `obj` is a KmsSymmetricKey, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is KmsSymmetricKey {
    return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === KMS_SYMMETRIC_KEY_TYPE;
  }

  /** Folder of the key. */
  declare readonly folderId: pulumi.Output<string>;
  /** Name of the key. */
  declare readonly name: pulumi.Output<string | undefined>;
  /** Description of the key. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Labels of the key. */
  declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
  /** Algorithm of new versions. */
  declare readonly defaultAlgorithm: pulumi.Output<string | undefined>;
  /** Rotation period. */
  declare readonly rotationPeriod: pulumi.Output<string | undefined>;
  /** Whether deletion is blocked. */
  declare readonly deletionProtection: pulumi.Output<boolean | undefined>;
  /** `ACTIVE` or `INACTIVE` (`CREATING` while being created). */
  declare readonly status: pulumi.Output<string>;
  /** When the key was last rotated (RFC 3339); absent until it is rotated. */
  declare readonly rotatedAt: pulumi.Output<string | undefined>;
  /** When the key was created. */
  declare readonly createdAt: pulumi.Output<string>;
  /** Id of the primary key version. */
  declare readonly primaryVersionId: pulumi.Output<string>;

  /** Creates a KmsSymmetricKey named `name` with `args`. */
  constructor(name: string, args: KmsSymmetricKeyArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      "kmsSymmetricKey",
      name,
      {
        folderId: args.folderId ?? defaultFolderId(),
        name: args.name,
        description: args.description,
        labels: args.labels,
        defaultAlgorithm: args.defaultAlgorithm,
        rotationPeriod: args.rotationPeriod,
        deletionProtection: args.deletionProtection,
        adopt: args.adopt,
        status: args.status,
        createdAt: undefined,
        primaryVersionId: undefined,
        rotatedAt: undefined,
        __timeouts: timeoutsInput(`KmsSymmetricKey ${name}`, opts),
      },
      opts,
      MODULE,
      "KmsSymmetricKey",
    );
  }
}
