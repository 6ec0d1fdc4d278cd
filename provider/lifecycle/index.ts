/**
 * The lifecycle of every Lockbox dynamic resource. The SDK's thin providers reach this module with
 * `require("pulumi-lockbox/provider/lifecycle")` inside their methods, so nothing here is ever
 * serialized into state (docs/conventions.md#provider-code-is-serialized).
 */
import * as secretLifecycle from "./secret";
import * as versionLifecycle from "./secret-version";
import * as bindingLifecycle from "./access-binding";
import * as kmsLifecycle from "./kms-symmetric-key";

export {
  configure,
  getClient,
  settingsFromConfig,
  clientOptions,
  configProblem,
  pulumiConfigMessage,
  CONFIG_KEYS,
  CREDENTIALS_HELP,
} from "./context";
import { configProblem, configure } from "./context";
import type { CheckFailure } from "./check";
import { TIMEOUTS_KEY, timeoutOf, withDeadline } from "./timeouts";
export { parseTimeout, TIMEOUTS_KEY, type Timeouts } from "./timeouts";
export type { ConfigureRequest, ProviderSettings } from "./context";
export { UNKNOWN, type CheckFailure } from "./check";
export { diffByTable, deepEqual, type DiffTable, type FieldRule, type Diff } from "./diff";
export { valuesHash, type EntryInput } from "./hash";
export type { SecretInputs, SecretOutputs } from "./secret";
export type { SecretVersionInputs, SecretVersionOutputs, EntrySource } from "./secret-version";
export type {
  AccessBindingInputs,
  AccessBindingMemberInputs,
  KmsKeyAccessBindingInputs,
  KmsKeyAccessBindingMemberInputs,
} from "./access-binding";
export type { KmsKeyInputs, KmsKeyOutputs } from "./kms-symmetric-key";
export { SECRET_DIFF } from "./secret";
export { SECRET_VERSION_DIFF, DEFAULT_DESTRUCTION_PENDING_PERIOD } from "./secret-version";
export {
  ACCESS_BINDING_DIFF,
  ACCESS_BINDING_MEMBER_DIFF,
  KMS_KEY_ACCESS_BINDING_DIFF,
  KMS_KEY_ACCESS_BINDING_MEMBER_DIFF,
} from "./access-binding";
export { KMS_KEY_DIFF } from "./kms-symmetric-key";

/** Lifecycle of `lockbox.Secret`. */
export const secret = {
  check: secretLifecycle.check,
  diff: secretLifecycle.diff,
  create: secretLifecycle.create,
  read: secretLifecycle.read,
  update: secretLifecycle.update,
  delete: secretLifecycle.remove,
};

/** Lifecycle of `lockbox.SecretVersion`. */
export const secretVersion = {
  check: versionLifecycle.check,
  diff: versionLifecycle.diff,
  create: versionLifecycle.create,
  read: versionLifecycle.read,
  update: versionLifecycle.update,
  delete: versionLifecycle.remove,
};

/** Lifecycle of `lockbox.AccessBinding`. */
export const accessBinding = {
  check: bindingLifecycle.secretBinding.check,
  diff: bindingLifecycle.secretBinding.diff,
  create: bindingLifecycle.secretBinding.create,
  read: bindingLifecycle.secretBinding.read,
  update: bindingLifecycle.secretBinding.update,
  delete: bindingLifecycle.secretBinding.delete,
};

/** Lifecycle of `lockbox.AccessBindingMember`. */
export const accessBindingMember = {
  check: bindingLifecycle.secretMemberBinding.check,
  diff: bindingLifecycle.secretMemberBinding.diff,
  create: bindingLifecycle.secretMemberBinding.create,
  read: bindingLifecycle.secretMemberBinding.read,
  delete: bindingLifecycle.secretMemberBinding.delete,
};

/** Lifecycle of `lockbox.KmsKeyAccessBinding` (the authoritative binding, on a KMS key). */
export const kmsKeyAccessBinding = {
  check: bindingLifecycle.kmsKeyBinding.check,
  diff: bindingLifecycle.kmsKeyBinding.diff,
  create: bindingLifecycle.kmsKeyBinding.create,
  read: bindingLifecycle.kmsKeyBinding.read,
  update: bindingLifecycle.kmsKeyBinding.update,
  delete: bindingLifecycle.kmsKeyBinding.delete,
};

/** Lifecycle of `lockbox.KmsKeyAccessBindingMember` (one additive member of a role on a KMS key). */
export const kmsKeyAccessBindingMember = {
  check: bindingLifecycle.kmsKeyMemberBinding.check,
  diff: bindingLifecycle.kmsKeyMemberBinding.diff,
  create: bindingLifecycle.kmsKeyMemberBinding.create,
  read: bindingLifecycle.kmsKeyMemberBinding.read,
  delete: bindingLifecycle.kmsKeyMemberBinding.delete,
};

/** Lifecycle of `lockbox.KmsSymmetricKey`. */
export const kmsSymmetricKey = {
  check: kmsLifecycle.check,
  diff: kmsLifecycle.diff,
  create: kmsLifecycle.create,
  read: kmsLifecycle.read,
  update: kmsLifecycle.update,
  delete: kmsLifecycle.remove,
};

type Props = Record<string, unknown>;
type Checked = { inputs: Props; failures: CheckFailure[] };

/** The lifecycle methods the thin providers forward to. */
interface Lifecycle {
  check(olds: Props, news: Props): Promise<Checked>;
  diff(id: string, olds: Props, news: Props): Promise<unknown>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
  update?(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/** Every lifecycle by kind, in a plain object: looked up in every call the provider forwards. */
const lifecycles = {
  secret,
  secretVersion,
  accessBinding,
  accessBindingMember,
  kmsKeyAccessBinding,
  kmsKeyAccessBindingMember,
  kmsSymmetricKey,
} as unknown as Record<string, Lifecycle | undefined>;

function lifecycleOf(kind: string): Lifecycle {
  const lc = Object.hasOwn(lifecycles, kind) ? lifecycles[kind] : undefined;
  if (!lc?.create) throw new Error(`unknown Lockbox resource kind ${kind}`);
  return lc;
}

/** Keeps the hidden custom timeouts of `from` in `to`, so later steps (delete) still see them. */
function carryTimeouts<T extends Props | undefined>(to: T, from: Props): T {
  if (to === undefined || from[TIMEOUTS_KEY] === undefined) return to;
  return { ...to, [TIMEOUTS_KEY]: from[TIMEOUTS_KEY] };
}

/**
 * `check` of the resource type `kind`, plus a failure when the provider has no usable credentials or
 * endpoint: `pulumi preview` then says which stack config to set, before any step runs. Drops `adopt`
 * from a resource that already exists.
 */
export async function checkResource(kind: string, olds: Props, news: Props): Promise<Checked> {
  const result = await lifecycleOf(kind).check(olds, news);
  // `adopt` only applies when the resource is first created: once it is in the state (olds has
  // properties), a replacement must create a new resource, not adopt the old one again.
  if (result.inputs.adopt !== undefined && Object.keys(olds ?? {}).some((k) => k !== "__provider")) {
    const { adopt: _adopt, ...inputs } = result.inputs;
    result.inputs = inputs;
  }
  const problem = configProblem();
  return problem ? { ...result, failures: [...result.failures, { property: "", reason: problem }] } : result;
}

/**
 * Resources this process has diffed as replacements, as `kind:id`. The engine checks a replacement
 * again without its old inputs, so its create still carries `adopt` (the old resource's id when it
 * was adopted); such a create must make a new resource, not adopt the one it replaces.
 */
const replacing = new Set<string>();

/** `diff` of `kind`; remembers a replacement for {@link createResource}. */
export async function diffResource(kind: string, id: string, olds: Props, news: Props) {
  const d = (await lifecycleOf(kind).diff(id, olds, news)) as { replaces?: string[] };
  if ((d.replaces ?? []).length > 0) replacing.add(`${kind}:${id}`);
  return d;
}

/** `create` of `kind`, bounded by the resource's custom create timeout. */
export async function createResource(kind: string, given: Props) {
  let inputs = given;
  if (typeof inputs.adopt === "string" && replacing.has(`${kind}:${inputs.adopt}`)) {
    const { adopt: _adopt, ...rest } = inputs;
    inputs = rest;
  }
  const r = await withDeadline("create", timeoutOf(inputs, "create"), () => lifecycleOf(kind).create(inputs));
  return { ...r, outs: carryTimeouts(r.outs, inputs) };
}

/** `update` of `kind`, bounded by the resource's custom update timeout. */
export async function updateResource(kind: string, id: string, olds: Props, news: Props) {
  const lc = lifecycleOf(kind);
  if (!lc.update) throw new Error(`${kind} cannot be updated in place`);
  const r = await withDeadline("update", timeoutOf(news, "update"), () => lc.update!(id, olds, news));
  return { ...r, outs: carryTimeouts(r.outs, news) };
}

/** `read` of `kind`; the refreshed state keeps the custom timeouts. */
export async function readResource(kind: string, id: string, props: Props) {
  const r = await lifecycleOf(kind).read(id, props);
  const out: { id?: string; props?: Props; inputs?: Props } = { ...r };
  if (r.props) out.props = carryTimeouts(r.props, props);
  if (r.inputs) out.inputs = carryTimeouts(r.inputs, props);
  return out;
}

/** `delete` of `kind`, bounded by the custom delete timeout recorded in its state. */
export async function deleteResource(kind: string, id: string, props: Props) {
  await withDeadline("delete", timeoutOf(props, "delete"), () => lifecycleOf(kind).delete(id, props));
}

/** A provider object as the dynamic-provider host calls it: a lifecycle plus `configure`. */
interface KindProvider extends Lifecycle {
  configure: typeof configure;
}

/** The provider of `kind`: its lifecycle through the *Resource functions above; `update` where it has one. */
function providerOf(kind: string): KindProvider {
  const provider: KindProvider = {
    configure,
    check: (olds, news) => checkResource(kind, olds, news),
    diff: (id, olds, news) => diffResource(kind, id, olds, news),
    create: (inputs) => createResource(kind, inputs),
    read: (id, props) => readResource(kind, id, props),
    delete: (id, props) => deleteResource(kind, id, props),
  };
  if (lifecycleOf(kind).update) provider.update = (id, olds, news) => updateResource(kind, id, olds, news);
  return provider;
}

/**
 * The provider of each resource kind, as the dynamic-provider host calls it. The SDK's `__provider`
 * source is `exports.handler = () => require("pulumi-lockbox/provider/lifecycle").providers.<kind>`.
 * State written by older versions calls the per-kind objects and the *Resource functions above
 * directly from a serialized provider, so those stay exported too.
 */
export const providers = {
  secret: providerOf("secret"),
  secretVersion: providerOf("secretVersion"),
  accessBinding: providerOf("accessBinding"),
  accessBindingMember: providerOf("accessBindingMember"),
  kmsSymmetricKey: providerOf("kmsSymmetricKey"),
  kmsKeyAccessBinding: providerOf("kmsKeyAccessBinding"),
  kmsKeyAccessBindingMember: providerOf("kmsKeyAccessBindingMember"),
};
