import {
  isKind,
  ACCESS_BINDING_MEMBER_TYPE,
  ACCESS_BINDING_TYPE,
  known,
  knownElements,
  q,
  resourcePolicy,
  SelectionConfig,
} from "./common";
import { KMS_KEY_ACCESS_BINDING_MEMBER_TYPE, KMS_KEY_ACCESS_BINDING_TYPE } from "../../sdk/types";

/** Options of {@link bindingNoPublicMembers}. */
export interface NoPublicMembersConfig extends SelectionConfig {
  /** Members no role may be granted to; a trailing `*` matches any suffix. */
  forbiddenMembers: string[];
  /** Roles that can read secret payloads (on AccessBinding and AccessBindingMember only). */
  payloadRoles: string[];
  /** When set, the only members that may hold a payload role. */
  payloadViewerAllowedMembers?: string[];
}

// `system:allUsers` is anyone, even unauthenticated; `system:allAuthenticatedUsers` is any account
// of the cloud (docs/lockbox-api.md#subjects).
const DEFAULT_FORBIDDEN = ["system:allUsers", "system:allAuthenticatedUsers"];
// Payload reads need lockbox.payloadViewer or lockbox.admin; primitive admin also grants them
// (docs/lockbox-api.md#lockbox-roles).
const DEFAULT_PAYLOAD_ROLES = ["lockbox.payloadViewer", "lockbox.admin", "admin"];

/**
 * A Lockbox access binding should not grant roles to public members, nor payload access outside
 * the allow-list.
 */
export const bindingNoPublicMembers = resourcePolicy<NoPublicMembersConfig>({
  name: "lockbox-binding-no-public-members",
  description:
    "A Lockbox access binding should not grant roles to public members, nor payload access outside the allow-list.",
  enforcementLevel: "mandatory",
  // Applies to the bindings on secrets (AccessBinding, AccessBindingMember) and on KMS keys
  // (KmsKeyAccessBinding); payloadRoles and the allow-list apply to the secret bindings only.
  options: {
    forbiddenMembers: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: DEFAULT_FORBIDDEN,
      description: "Members no role may be granted to; a trailing * matches any suffix.",
    },
    payloadRoles: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: DEFAULT_PAYLOAD_ROLES,
      description:
        "Roles that can read secret payloads; checked on secret bindings only, never on KMS key bindings.",
    },
    payloadViewerAllowedMembers: {
      type: "array",
      items: { type: "string", minLength: 1 },
      description:
        "When set, the only members that may hold a payload role (a trailing * matches any suffix).",
    },
  },
  appliesTo: (type) =>
    isKind(type, ACCESS_BINDING_TYPE) ||
    isKind(type, KMS_KEY_ACCESS_BINDING_TYPE) ||
    isKind(type, ACCESS_BINDING_MEMBER_TYPE) ||
    isKind(type, KMS_KEY_ACCESS_BINDING_MEMBER_TYPE),
  validate: (args, config, reportViolation) => {
    let members: unknown[];
    if (isKind(args.type, ACCESS_BINDING_TYPE) || isKind(args.type, KMS_KEY_ACCESS_BINDING_TYPE)) {
      const list = known(() => args.props.members as unknown);
      if (!Array.isArray(list)) return; // unknown in preview
      members = knownElements(list);
    } else {
      members = [known(() => args.props.member as unknown)];
    }
    // The SDK registers the role as `role`; `roleId` is the API's own name for it.
    const roleId = known(() => (args.props.role ?? args.props.roleId) as unknown);
    const role = typeof roleId === "string" ? roleId : undefined;
    // A role on a KMS key grants nothing on a secret's payload (not even primitive `admin`), so
    // payloadRoles apply to the bindings on secrets only.
    const onSecret = isKind(args.type, ACCESS_BINDING_TYPE) || isKind(args.type, ACCESS_BINDING_MEMBER_TYPE);
    const payloadRole = onSecret && role !== undefined && config.payloadRoles.includes(role);
    const name = q(args.name);

    for (const member of members) {
      if (typeof member !== "string") continue; // unknown in preview: checked in `up`
      if (matchesAny(member, config.forbiddenMembers)) {
        reportViolation(
          `Access binding ${name} should not grant ${role ? `role ${q(role)}` : "a role"} to the public member ` +
            `${q(member)}: remove it from the members and grant the role to specific accounts or groups instead.`,
        );
      } else if (
        payloadRole &&
        config.payloadViewerAllowedMembers !== undefined &&
        !matchesAny(member, config.payloadViewerAllowedMembers)
      ) {
        reportViolation(
          `Access binding ${name} should not grant role ${q(role!)}, which reads secret payloads, to ${q(member)}, ` +
            "a member outside payloadViewerAllowedMembers: grant a role without payload access, or add the member " +
            "to payloadViewerAllowedMembers in the policy configuration.",
        );
      }
    }
  },
});

function matchesAny(member: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? member.startsWith(p.slice(0, -1)) : member === p));
}
