import * as pulumi from "@pulumi/pulumi";
import { KMS_KEY_ACCESS_BINDING_TYPE, MODULE } from "./types";
import { kmsKeyAccessBindingProvider } from "./providers";
import { timeoutsInput } from "./settings";

/** Arguments of a {@link KmsKeyAccessBinding}. */
export interface KmsKeyAccessBindingArgs {
  /** The KMS symmetric key. Changing it replaces the binding. */
  keyId: pulumi.Input<string>;
  /** The role, e.g. `kms.keys.encrypterDecrypter`. Changing it replaces the binding. */
  role: pulumi.Input<string>;
  /**
   * Every member that holds the role on the key, Terraform spelling: `serviceAccount:<id>`,
   * `userAccount:<id>`, `federatedUser:<id>`, `group:<id>`, `system:allAuthenticatedUsers`, `system:allUsers`.
   */
  members: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The authoritative member list of one role on one KMS symmetric key: members added by hand are
 * removed on the next `pulumi up` (and show as drift on `pulumi refresh`). Bindings of other roles
 * are untouched. Reading a secret encrypted with the key takes a key role such as
 * `kms.keys.encrypterDecrypter` besides `lockbox.payloadViewer` on the secret.
 *
 * @example
 * ```ts
 * new lockbox.KmsKeyAccessBinding("key-users", { keyId: key.id, role: "kms.keys.encrypterDecrypter",
 *   members: [pulumi.interpolate`serviceAccount:${saId}`] });
 * ```
 */
export class KmsKeyAccessBinding extends pulumi.dynamic.Resource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = KMS_KEY_ACCESS_BINDING_TYPE;

  /** Whether `obj` is a KmsKeyAccessBinding, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is KmsKeyAccessBinding {
    return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === KMS_KEY_ACCESS_BINDING_TYPE;
  }

  /** The key. */
  declare readonly keyId: pulumi.Output<string>;
  /** The role. */
  declare readonly role: pulumi.Output<string>;
  /** The members that hold the role. */
  declare readonly members: pulumi.Output<string[]>;

  /** Creates a KmsKeyAccessBinding named `name` with `args`. */
  constructor(name: string, args: KmsKeyAccessBindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      kmsKeyAccessBindingProvider,
      name,
      {
        keyId: args.keyId,
        role: args.role,
        members: args.members,
        __timeouts: timeoutsInput(`KmsKeyAccessBinding ${name}`, opts),
      },
      opts,
      MODULE,
      "KmsKeyAccessBinding",
    );
  }
}
