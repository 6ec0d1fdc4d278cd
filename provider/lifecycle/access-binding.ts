/**
 * Lifecycle of `lockbox.AccessBinding` (authoritative: the members of one role on one secret) and
 * `lockbox.AccessBindingMember` (one additive member). Both change bindings with
 * UpdateAccessBindings deltas (§5.14), so bindings of other roles are never touched.
 */
import * as api from "../api";
import type { CheckFailure } from "./check";
import { UNKNOWN, containsUnknown, validateFields } from "./check";
import { type DiffTable, clean, diffByTable } from "./diff";
import { getClient } from "./context";
import { collect, isNotFound, mutate } from "./ops";

/** Inputs of an AccessBinding. */
export interface AccessBindingInputs {
  secretId: string;
  role: string;
  members: string[];
}

/** Inputs of an AccessBindingMember. */
export interface AccessBindingMemberInputs {
  secretId: string;
  role: string;
  member: string;
}

/** The secret and the role are the binding's identity; members update in place. */
export const ACCESS_BINDING_DIFF: DiffTable = {
  secretId: { change: "replace" },
  role: { change: "replace" },
  members: { change: "update", unordered: true, empty: [] },
};

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

const SHAPE = () => ({ secretId: api.common.id(), role: api.access.accessBinding().shape.roleId });

/** Validates secretId, role and every member string. */
export async function checkBinding(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const failures = validateFields(SHAPE(), news, ["secretId", "role"], ["secretId", "role"]);
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
}

/** Validates secretId, role and the member string. */
export async function checkMemberBinding(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const failures = validateFields(SHAPE(), news, ["secretId", "role"], ["secretId", "role", "member"]);
  if (news.member !== undefined && news.member !== null) failures.push(...checkMember("member", news.member));
  return { inputs: news, failures };
}

/** Pure diff of an AccessBinding. */
export async function diffBinding(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffByTable(ACCESS_BINDING_DIFF, olds, news);
}

/** Pure diff of an AccessBindingMember. */
export async function diffMemberBinding(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) {
  return diffByTable(ACCESS_BINDING_MEMBER_DIFF, olds, news);
}

function binding(role: string, member: string): api.AccessBinding {
  const subject = api.access.parseMember(member);
  if (!subject) throw new Error(`member ${JSON.stringify(member)} ${MEMBER_HINT}`);
  return { roleId: role, subject };
}

/** The members the secret currently has for `role`, in the order the service lists them. */
export async function membersOf(secretId: string, role: string): Promise<string[]> {
  const all = await collect(getClient().secrets.listAccessBindings(secretId));
  return all.filter((b) => b.roleId === role).map((b) => api.access.formatMember(b.subject));
}

async function applyDeltas(secretId: string, role: string, add: string[], removeList: string[]) {
  const deltas: api.AccessBindingDelta[] = [
    ...removeList.map((m) => ({ action: "REMOVE" as const, accessBinding: binding(role, m) })),
    ...add.map((m) => ({ action: "ADD" as const, accessBinding: binding(role, m) })),
  ];
  if (deltas.length === 0) return;
  await mutate((c) => c.secrets.updateAccessBindings(secretId, { accessBindingDeltas: deltas }));
}

/** Makes the role's members exactly `members`: removes the others, adds the missing ones. */
async function reconcile(inputs: AccessBindingInputs) {
  const current = await membersOf(inputs.secretId, inputs.role);
  const want = new Set(inputs.members);
  await applyDeltas(
    inputs.secretId,
    inputs.role,
    inputs.members.filter((m) => !current.includes(m)),
    current.filter((m) => !want.has(m)),
  );
}

/** Creates the authoritative binding. Its id is `<secretId>/<role>`. */
export async function createBinding(inputs: AccessBindingInputs) {
  await reconcile(inputs);
  return {
    id: `${inputs.secretId}/${inputs.role}`,
    outs: clean({ ...inputs, members: [...inputs.members] }),
  };
}

/** Brings the role's members to the new list. */
export async function updateBinding(_id: string, _olds: AccessBindingInputs, news: AccessBindingInputs) {
  await reconcile(news);
  return { outs: clean({ ...news }) };
}

/** Reads the role's members, so members added or removed by hand show as drift. */
export async function readBinding(id: string, props: AccessBindingInputs) {
  let members: string[];
  try {
    members = await membersOf(props.secretId, props.role);
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
}

/** Removes every member of the role (the binding is authoritative for it). A deleted secret is done. */
export async function deleteBinding(_id: string, props: AccessBindingInputs) {
  try {
    const current = await membersOf(props.secretId, props.role);
    await applyDeltas(props.secretId, props.role, [], current);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
}

/** Adds one member. Its id is `<secretId>/<role>/<member>`. */
export async function createMemberBinding(inputs: AccessBindingMemberInputs) {
  const current = await membersOf(inputs.secretId, inputs.role);
  if (!current.includes(inputs.member)) await applyDeltas(inputs.secretId, inputs.role, [inputs.member], []);
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
    if (current.includes(props.member)) await applyDeltas(props.secretId, props.role, [], [props.member]);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
}
