import * as pulumi from "@pulumi/pulumi";
import { ACCESS_BINDING_MEMBER_TYPE, ACCESS_BINDING_TYPE, MODULE } from "./types";
import { LockboxResource } from "./providers";
import { timeoutsInput } from "./settings";

/** Arguments of an {@link AccessBinding}. */
export interface AccessBindingArgs {
  /** The secret. Changing it replaces the binding. */
  secretId: pulumi.Input<string>;
  /** The role, e.g. `lockbox.payloadViewer`. Changing it replaces the binding. */
  role: pulumi.Input<string>;
  /**
   * Every member that holds the role on the secret, Terraform spelling: `serviceAccount:<id>`,
   * `userAccount:<id>`, `federatedUser:<id>`, `group:<id>`, `system:allAuthenticatedUsers`, `system:allUsers`.
   */
  members: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The authoritative member list of one role on one secret: members added by hand are removed on the
 * next `pulumi up` (and show as drift on `pulumi refresh`). Bindings of other roles are untouched.
 *
 * @example
 * ```ts
 * new lockbox.AccessBinding("readers", { secretId: secret.id, role: "lockbox.payloadViewer",
 *   members: [pulumi.interpolate`serviceAccount:${saId}`] });
 * ```
 */
export class AccessBinding extends LockboxResource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = ACCESS_BINDING_TYPE;

  /** Whether `obj` is an AccessBinding, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is AccessBinding {
    return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === ACCESS_BINDING_TYPE;
  }

  /** The secret. */
  declare readonly secretId: pulumi.Output<string>;
  /** The role. */
  declare readonly role: pulumi.Output<string>;
  /** The members that hold the role. */
  declare readonly members: pulumi.Output<string[]>;

  /** Creates an AccessBinding named `name` with `args`. */
  constructor(name: string, args: AccessBindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "accessBinding",
      name,
      {
        secretId: args.secretId,
        role: args.role,
        members: args.members,
        __timeouts: timeoutsInput(`AccessBinding ${name}`, opts),
      },
      opts,
      MODULE,
      "AccessBinding",
    );
  }
}

/** Arguments of an {@link AccessBindingMember}. */
export interface AccessBindingMemberArgs {
  /** The secret. */
  secretId: pulumi.Input<string>;
  /** The role, e.g. `lockbox.payloadViewer`. */
  role: pulumi.Input<string>;
  /** One member, e.g. `serviceAccount:<id>` or `system:allAuthenticatedUsers`. */
  member: pulumi.Input<string>;
}

/**
 * One additive member of a role on a secret; other members of the role are left alone. Any change
 * replaces it.
 */
export class AccessBindingMember extends LockboxResource {
  /** The Pulumi type token of this resource. */
  static readonly __pulumiType = ACCESS_BINDING_MEMBER_TYPE;

  /** Whether `obj` is an AccessBindingMember, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is AccessBindingMember {
    return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === ACCESS_BINDING_MEMBER_TYPE;
  }

  /** The secret. */
  declare readonly secretId: pulumi.Output<string>;
  /** The role. */
  declare readonly role: pulumi.Output<string>;
  /** The member. */
  declare readonly member: pulumi.Output<string>;

  /** Creates an AccessBindingMember named `name` with `args`. */
  constructor(name: string, args: AccessBindingMemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "accessBindingMember",
      name,
      {
        secretId: args.secretId,
        role: args.role,
        member: args.member,
        __timeouts: timeoutsInput(`AccessBindingMember ${name}`, opts),
      },
      opts,
      MODULE,
      "AccessBindingMember",
    );
  }
}
