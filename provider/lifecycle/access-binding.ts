/**
 * Lifecycle of the authoritative bindings — `lockbox.AccessBinding` (the members of one role on one
 * secret) and `lockbox.KmsKeyAccessBinding` (the same on one KMS key) — and of
 * `lockbox.AccessBindingMember` (one additive member on a secret). All of them change bindings with
 * UpdateAccessBindings deltas (§5.14), so bindings of other roles are never touched.
 *
 * The authoritative lifecycle is written once, for a {@link BindingTarget}: which input names the
 * resource and which client methods reach its bindings.
 */
import * as api from "../api";
import type { AccessBindingMethods, LockboxClient } from "../client";
import type { CheckFailure } from "./check";
import { UNKNOWN, containsUnknown, validateFields } from "./check";
import { type DiffTable, clean, diffByTable } from "./diff";
import { getClient } from "./context";
import { collect, isNotFound, mutate } from "./ops";

/** What a binding is on: the input that names the resource, and the client's binding methods for it. */
export interface BindingTarget {
  /** The input holding the resource's id, e.g. `secretId` or `keyId`. */
  readonly idField: string;
  /** The ListAccessBindings/UpdateAccessBindings methods of that kind of resource. */
  readonly methods: (
    c: LockboxClient,
  ) => Pick<AccessBindingMethods, "listAccessBindings" | "updateAccessBindings">;
}

/** Bindings on a Lockbox secret. */
export const SECRET_TARGET: BindingTarget = { idField: "secretId", methods: (c) => c.secrets };

/** Bindings on a KMS symmetric key. */
export const KMS_KEY_TARGET: BindingTarget = { idField: "keyId", methods: (c) => c.kms.keys };

/** Inputs of an authoritative binding on `target` (`secretId` or `keyId`, then `role` and `members`). */
export type AuthoritativeBindingInputs = Record<string, unknown> & { role: string; members: string[] };

/** Inputs of an AccessBinding. */
export interface AccessBindingInputs {
  secretId: string;
  role: string;
  members: string[];
}

/** Inputs of a KmsKeyAccessBinding. */
export interface KmsKeyAccessBindingInputs {
  keyId: string;
  role: string;
  members: string[];
}

/** Inputs of an AccessBindingMember. */
export interface AccessBindingMemberInputs {
  secretId: string;
  role: string;
  member: string;
}

/** The diff table of an authoritative binding: the resource and the role are its identity; members update in place. */
export function bindingDiffTable(target: BindingTarget): DiffTable {
  return {
    [target.idField]: { change: "replace" },
    role: { change: "replace" },
    members: { change: "update", unordered: true, empty: [] },
  };
}

/** The secret and the role are the binding's identity; members update in place. */
export const ACCESS_BINDING_DIFF: DiffTable = bindingDiffTable(SECRET_TARGET);

/** The key and the role are the binding's identity; members update in place. */
export const KMS_KEY_ACCESS_BINDING_DIFF: DiffTable = bindingDiffTable(KMS_KEY_TARGET);

/** Every field of a member binding is its identity. */
export const ACCESS_BINDING_MEMBER_DIFF: DiffTable = {
  secretId: { change: "replace" },
  role: { change: "replace" },
  member: { change: "replace" },
};

const MEMBER_HINT =
  'must be "<type>:<id>" with type userAccount, serviceAccount, federatedUser, group or system, ' +
  'e.g. "serviceAccount:aje123" or "system:allUsers"';

function checkMember(property: string, member: unknown): CheckFailure[] {
  if (member === UNKNOWN) return [];
  if (typeof member !== "string" || !api.access.parseMember(member)) {
    return [{ property, reason: `member ${JSON.stringify(member)} ${MEMBER_HINT}` }];
  }
  const parsed = api.access.parseMember(member)!;
  const r = api.access.subject().safeParse(parsed);
  return r.success ? [] : r.error.issues.map((i) => ({ property, reason: i.message }));
}

const shape = (idField: string) => ({
  [idField]: api.common.id(),
  role: api.access.accessBinding().shape.roleId,
});

function binding(role: string, member: string): api.AccessBinding {
  const subject = api.access.parseMember(member);
  if (!subject) throw new Error(`member ${JSON.stringify(member)} ${MEMBER_HINT}`);
  return { roleId: role, subject };
}

/** The members `resourceId` currently has for `role`, in the order the service lists them. */
async function listMembers(target: BindingTarget, resourceId: string, role: string): Promise<string[]> {
  const all = await collect(target.methods(getClient()).listAccessBindings(resourceId));
  return all.filter((b) => b.roleId === role).map((b) => api.access.formatMember(b.subject));
}

async function applyDeltas(
  target: BindingTarget,
  resourceId: string,
  role: string,
  add: string[],
  removeList: string[],
) {
  const deltas: api.AccessBindingDelta[] = [
    ...removeList.map((m) => ({ action: "REMOVE" as const, accessBinding: binding(role, m) })),
    ...add.map((m) => ({ action: "ADD" as const, accessBinding: binding(role, m) })),
  ];
  if (deltas.length === 0) return;
  await mutate((c) => target.methods(c).updateAccessBindings(resourceId, { accessBindingDeltas: deltas }));
}

/**
 * The lifecycle of an authoritative binding of one role on one resource of `target`'s kind. Its id
 * is `<resourceId>/<role>`.
 */
export function authoritativeBinding<I extends AuthoritativeBindingInputs>(target: BindingTarget) {
  const { idField } = target;
  const resourceOf = (props: I) => String(props[idField]);
  const table = bindingDiffTable(target);

  /** Makes the role's members exactly `members`: removes the others, adds the missing ones. */
  async function reconcile(inputs: I) {
    const resourceId = resourceOf(inputs);
    const current = await listMembers(target, resourceId, inputs.role);
    const want = new Set(inputs.members);
    await applyDeltas(
      target,
      resourceId,
      inputs.role,
      inputs.members.filter((m) => !current.includes(m)),
      current.filter((m) => !want.has(m)),
    );
  }

  return {
    /** Validates the resource id, the role and every member string. */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
      const failures = validateFields(shape(idField), news, [idField, "role"], [idField, "role"]);
      const members = news.members;
      if (members !== undefined && members !== null && members !== UNKNOWN) {
        if (!Array.isArray(members))
          failures.push({ property: "members", reason: "members must be a list of strings" });
        else {
          members.forEach((m, i) => failures.push(...checkMember(`members[${i}]`, m)));
          const known = members.filter((m) => !containsUnknown(m));
          if (new Set(known).size !== known.length)
            failures.push({ property: "members", reason: "members must not repeat" });
        }
      }
      return { inputs: news, failures };
    },

    /** Pure diff by the binding's table. */
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      return diffByTable(table, olds, news);
    },

    /** Creates the authoritative binding. */
    async create(inputs: I) {
      await reconcile(inputs);
      return {
        id: `${resourceOf(inputs)}/${inputs.role}`,
        outs: clean({ ...inputs, members: [...inputs.members] }),
      };
    },

    /** Brings the role's members to the new list. */
    async update(_id: string, _olds: I, news: I) {
      await reconcile(news);
      return { outs: clean({ ...news }) };
    },

    /** Reads the role's members, so members added or removed by hand show as drift. */
    async read(id: string, props: I) {
      let members: string[];
      try {
        members = await listMembers(target, resourceOf(props), props.role);
      } catch (err) {
        if (isNotFound(err)) return {};
        throw err;
      }
      // Keep the program's order for members that are still there, so a refresh without drift is silent.
      const ordered = [
        ...props.members.filter((m) => members.includes(m)),
        ...members.filter((m) => !props.members.includes(m)),
      ];
      const outs = clean({ ...props, members: ordered });
      return { id, props: outs, inputs: outs };
    },

    /** Removes every member of the role (the binding is authoritative for it). A deleted resource is done. */
    async delete(_id: string, props: I) {
      try {
        const current = await listMembers(target, resourceOf(props), props.role);
        await applyDeltas(target, resourceOf(props), props.role, [], current);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    },
  };
}

const secretBinding = authoritativeBinding<AccessBindingInputs & AuthoritativeBindingInputs>(SECRET_TARGET);

/** Lifecycle of `lockbox.KmsKeyAccessBinding`: the authoritative members of one role on one KMS key. */
export const kmsKeyBinding = authoritativeBinding<KmsKeyAccessBindingInputs & AuthoritativeBindingInputs>(
  KMS_KEY_TARGET,
);

/** The members the secret currently has for `role`, in the order the service lists them. */
export function membersOf(secretId: string, role: string): Promise<string[]> {
  return listMembers(SECRET_TARGET, secretId, role);
}

/** Validates secretId, role and every member string. */
export const checkBinding = secretBinding.check;
/** Pure diff of an AccessBinding. */
export const diffBinding = secretBinding.diff;
/** Creates the authoritative binding. Its id is `<secretId>/<role>`. */
export const createBinding = (inputs: AccessBindingInputs) => secretBinding.create({ ...inputs });
/** Brings the role's members to the new list. */
export const updateBinding = (id: string, olds: AccessBindingInputs, news: AccessBindingInputs) =>
  secretBinding.update(id, { ...olds }, { ...news });
/** Reads the role's members, so members added or removed by hand show as drift. */
export const readBinding = (id: string, props: AccessBindingInputs) => secretBinding.read(id, { ...props });
/** Removes every member of the role (the binding is authoritative for it). A deleted secret is done. */
export const deleteBinding = (id: string, props: AccessBindingInputs) =>
  secretBinding.delete(id, { ...props });

/** Validates secretId, role and the member string. */
export async function checkMemberBinding(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const failures = validateFields(
    shape("secretId"),
    news,
    ["secretId", "role"],
    ["secretId", "role", "member"],
  );
  if (news.member !== undefined && news.member !== null) failures.push(...checkMember("member", news.member));
  return { inputs: news, failures };
}

/** Pure diff of an AccessBindingMember. */
export async function diffMemberBinding(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) {
  return diffByTable(ACCESS_BINDING_MEMBER_DIFF, olds, news);
}

/** Adds one member. Its id is `<secretId>/<role>/<member>`. */
export async function createMemberBinding(inputs: AccessBindingMemberInputs) {
  const current = await membersOf(inputs.secretId, inputs.role);
  if (!current.includes(inputs.member))
    await applyDeltas(SECRET_TARGET, inputs.secretId, inputs.role, [inputs.member], []);
  return { id: `${inputs.secretId}/${inputs.role}/${inputs.member}`, outs: clean({ ...inputs }) };
}

/** The member binding exists while the member still holds the role. */
export async function readMemberBinding(id: string, props: AccessBindingMemberInputs) {
  try {
    const current = await membersOf(props.secretId, props.role);
    return current.includes(props.member) ? { id, props: clean({ ...props }) } : {};
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
}

/** Removes the one member; a member or secret already gone is done. */
export async function deleteMemberBinding(_id: string, props: AccessBindingMemberInputs) {
  try {
    const current = await membersOf(props.secretId, props.role);
    if (current.includes(props.member))
      await applyDeltas(SECRET_TARGET, props.secretId, props.role, [], [props.member]);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
}
