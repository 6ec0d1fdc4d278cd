import * as pulumi from "@pulumi/pulumi";
import { KMS_KEY_ACCESS_BINDING_MEMBER_TYPE, KMS_KEY_ACCESS_BINDING_TYPE, MODULE } from "./types";
import { LockboxResource } from "./providers";
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
export class KmsKeyAccessBinding extends LockboxResource {
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
      "kmsKeyAccessBinding",
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

/** Arguments of a {@link KmsKeyAccessBindingMember}. */
export interface KmsKeyAccessBindingMemberArgs {
  /** The KMS symmetric key. */
  keyId: pulumi.Input<string>;
  /** The role, e.g. `kms.keys.encrypterDecrypter`. */
  role: pulumi.Input<string>;
  /** One member, e.g. `serviceAccount:<id>`. */
  member: pulumi.Input<string>;
}

/**
 * One additive member of a role on a KMS symmetric key; other members of the role are left alone
 * (use it where another team or stack also grants the role). Any change replaces it.
 *
 * @example
 * ```ts
 * new lockbox.KmsKeyAccessBindingMember("app-decrypts", { keyId: key.id,
 *   role: "kms.keys.encrypterDecrypter", member: pulumi.interpolate`serviceAccount:${saId}` });
 * ```
 */
export class KmsKeyAccessBindingMember extends LockboxResource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = KMS_KEY_ACCESS_BINDING_MEMBER_TYPE;

  /** Whether `obj` is a KmsKeyAccessBindingMember, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is KmsKeyAccessBindingMember {
    return (
      (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === KMS_KEY_ACCESS_BINDING_MEMBER_TYPE
    );
  }

  /** The key. */
  declare readonly keyId: pulumi.Output<string>;
  /** The role. */
  declare readonly role: pulumi.Output<string>;
  /** The member. */
  declare readonly member: pulumi.Output<string>;

  /** Creates a KmsKeyAccessBindingMember named `name` with `args`. */
  constructor(name: string, args: KmsKeyAccessBindingMemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "kmsKeyAccessBindingMember",
      name,
      {
        keyId: args.keyId,
        role: args.role,
        member: args.member,
        __timeouts: timeoutsInput(`KmsKeyAccessBindingMember ${name}`, opts),
      },
      opts,
      MODULE,
      "KmsKeyAccessBindingMember",
    );
  }
}
