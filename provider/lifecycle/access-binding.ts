/**
 * Lifecycle of the authoritative bindings — `lockbox.AccessBinding` (the members of one role on one
 * secret) and `lockbox.KmsKeyAccessBinding` (the same on one KMS key) — and of the additive ones,
 * `lockbox.AccessBindingMember` and `lockbox.KmsKeyAccessBindingMember` (one member on a secret or a key). All of them change bindings with
 * UpdateAccessBindings deltas (docs/lockbox-api.md#access-bindings), so bindings of other roles are never
 * touched.
 *
 * Each lifecycle is written once, for a {@link BindingTarget}: which input names the
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
  /** What the resource is called in messages, e.g. `secret` or `KMS key`. */
  readonly noun: string;
  /** The ListAccessBindings/UpdateAccessBindings methods of that kind of resource. */
  readonly methods: (
    c: LockboxClient,
  ) => Pick<AccessBindingMethods, "listAccessBindings" | "updateAccessBindings">;
}

/** Bindings on a Lockbox secret. */
export const SECRET_TARGET: BindingTarget = {
  idField: "secretId",
  noun: "secret",
  methods: (c) => c.secrets,
};

/** Bindings on a KMS symmetric key. */
export const KMS_KEY_TARGET: BindingTarget = {
  idField: "keyId",
  noun: "KMS key",
  methods: (c) => c.kms.keys,
};

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

/** Inputs of a KmsKeyAccessBindingMember. */
export interface KmsKeyAccessBindingMemberInputs {
  keyId: string;
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
export const ACCESS_BINDING_MEMBER_DIFF: DiffTable = memberDiffTable(SECRET_TARGET);

/** Every field of a KMS key member binding is its identity. */
export const KMS_KEY_ACCESS_BINDING_MEMBER_DIFF: DiffTable = memberDiffTable(KMS_KEY_TARGET);

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

/**
 * Where binding notices go. The engine shows whatever a dynamic provider writes to stderr in the
 * `pulumi preview` / `up` output (under Diagnostics), so a line there is how a provider that can
 * return no detailed diff names the members a change will take a role from.
 */
let noticeWriter: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Replaces where binding notices go (in-process tests collect them); returns the previous writer. */
export function setNoticeWriter(writer: (line: string) => void): (line: string) => void {
  const previous = noticeWriter;
  noticeWriter = writer;
  return previous;
}

/** What the live service says about a declared member list: who would lose the role, who would gain it. */
interface LiveDelta {
  /** Members holding the role on the service that the program does not list. */
  losing: string[];
  /** Listed members that do not hold the role on the service. */
  gaining: string[];
}

/**
 * Compares the declared members with the role's members on the service, when everything needed is
 * known (not in a preview before the resource exists). Undefined when the service cannot be read:
 * the diff then falls back to comparing with state.
 */
async function liveDelta(
  target: BindingTarget,
  news: Record<string, unknown>,
): Promise<LiveDelta | undefined> {
  const resourceId = news[target.idField];
  const { role, members } = news;
  if (typeof resourceId !== "string" || typeof role !== "string" || !Array.isArray(members)) return undefined;
  if (containsUnknown([resourceId, role, members])) return undefined;
  let live: string[];
  try {
    live = await listMembers(target, resourceId, role);
  } catch {
    return undefined; // gone, or not readable by this caller: nothing to tell beyond the state diff
  }
  const declared = new Set(members as string[]);
  return {
    losing: live.filter((m) => !declared.has(m)),
    gaining: (members as string[]).filter((m) => !live.includes(m)),
  };
}

/** Says, before `up` does it, which members will lose the role (`step`: "creating" or "updating"). */
function noticeLosing(target: BindingTarget, news: Record<string, unknown>, losing: string[], step: string) {
  if (losing.length === 0) return;
  noticeWriter(
    `warning: ${step} the binding of role ${String(news.role)} on ${target.noun} ` +
      `${String(news[target.idField])} removes the role from ${losing.join(", ")} ` +
      "(they hold it on the service but are not in its members)",
  );
}

/** Runs `fn`; a resource that no longer exists counts as done (`gone` is returned instead). */
async function unlessGone<T, G>(fn: () => Promise<T>, gone: G): Promise<T | G> {
  try {
    return await fn();
  } catch (err) {
    if (isNotFound(err)) return gone;
    throw err;
  }
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
    /**
     * Validates the resource id, the role and every member string. For a binding about to be
     * created, also says which members already holding the role on the service it will remove.
     */
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
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
      // Creates get no diff call, so the check of a new binding is where its removals can be told.
      if (failures.length === 0 && olds[idField] === undefined) {
        const live = await liveDelta(target, news);
        if (live) noticeLosing(target, news, live.losing, "creating");
      }
      return { inputs: news, failures };
    },

    /**
     * The table diff of state against the program, plus the service's own members: the binding is
     * authoritative, so members added or removed by hand make an update (even without a refresh),
     * and the members that update will take the role from are named in the output.
     */
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const d = diffByTable(table, olds, news);
      const live = await liveDelta(target, news);
      if (!live) return d;
      noticeLosing(target, news, live.losing, d.replaces.length > 0 ? "replacing" : "updating");
      if (d.changes || (live.losing.length === 0 && live.gaining.length === 0)) return d;
      return { ...d, changes: true, changed: ["members"] };
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
      const members = await unlessGone(() => listMembers(target, resourceOf(props), props.role), undefined);
      if (members === undefined) return {};
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
      await unlessGone(async () => {
        const current = await listMembers(target, resourceOf(props), props.role);
        await applyDeltas(target, resourceOf(props), props.role, [], current);
      }, undefined);
    },
  };
}

/** Lifecycle of `lockbox.AccessBinding`: the authoritative members of one role on one secret. */
export const secretBinding = authoritativeBinding<AccessBindingInputs & AuthoritativeBindingInputs>(
  SECRET_TARGET,
);

/** Lifecycle of `lockbox.KmsKeyAccessBinding`: the authoritative members of one role on one KMS key. */
export const kmsKeyBinding = authoritativeBinding<KmsKeyAccessBindingInputs & AuthoritativeBindingInputs>(
  KMS_KEY_TARGET,
);

/** Inputs of one additive member on `target` (`secretId` or `keyId`, then `role` and `member`). */
export type MemberBindingInputs = Record<string, unknown> & { role: string; member: string };

/** The diff table of a member binding: every field is its identity. */
export function memberDiffTable(target: BindingTarget): DiffTable {
  return {
    [target.idField]: { change: "replace" },
    role: { change: "replace" },
    member: { change: "replace" },
  };
}

/**
 * The lifecycle of one additive member of a role on one resource of `target`'s kind; other members
 * of the role are left alone. Its id is `<resourceId>/<role>/<member>`.
 */
export function memberBinding<I extends MemberBindingInputs>(target: BindingTarget) {
  const { idField } = target;
  const resourceOf = (props: I) => String(props[idField]);
  const table = memberDiffTable(target);
  const members = (props: I) => listMembers(target, resourceOf(props), props.role);

  return {
    /** Validates the resource id, the role and the member string. */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
      const failures = validateFields(shape(idField), news, [idField, "role"], [idField, "role", "member"]);
      if (news.member !== undefined && news.member !== null)
        failures.push(...checkMember("member", news.member));
      return { inputs: news, failures };
    },

    /** Pure diff: any change replaces. */
    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      return diffByTable(table, olds, news);
    },

    /** Adds the member unless it already holds the role. */
    async create(inputs: I) {
      if (!(await members(inputs)).includes(inputs.member))
        await applyDeltas(target, resourceOf(inputs), inputs.role, [inputs.member], []);
      return { id: `${resourceOf(inputs)}/${inputs.role}/${inputs.member}`, outs: clean({ ...inputs }) };
    },

    /** The member binding exists while the member still holds the role. */
    async read(id: string, props: I) {
      const present = await unlessGone(async () => (await members(props)).includes(props.member), false);
      return present ? { id, props: clean({ ...props }) } : {};
    },

    /** Removes the one member; a member or resource already gone is done. */
    async delete(_id: string, props: I) {
      await unlessGone(async () => {
        if ((await members(props)).includes(props.member))
          await applyDeltas(target, resourceOf(props), props.role, [], [props.member]);
      }, undefined);
    },
  };
}

/** Lifecycle of `lockbox.AccessBindingMember`: one additive member of a role on a secret. */
export const secretMemberBinding = memberBinding<AccessBindingMemberInputs & MemberBindingInputs>(
  SECRET_TARGET,
);

/** Lifecycle of `lockbox.KmsKeyAccessBindingMember`: one additive member of a role on a KMS key. */
export const kmsKeyMemberBinding = memberBinding<KmsKeyAccessBindingMemberInputs & MemberBindingInputs>(
  KMS_KEY_TARGET,
);
