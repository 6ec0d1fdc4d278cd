/**
 * The lifecycle of each resource kind: its check, diff, create, read, update and delete, by the
 * kind's name (`secret`, `secretVersion`, ...). The engine adapter (adapter.ts) calls these.
 */
import * as secretLifecycle from "./secret";
import * as versionLifecycle from "./secret-version";
import * as bindingLifecycle from "./access-binding";
import * as kmsLifecycle from "./kms-symmetric-key";
import type { CheckFailure } from "./check";

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

/** Properties as the engine passes them. */
export type Props = Record<string, unknown>;
/** What `check` answers: the inputs to use and the failures. */
export type Checked = { inputs: Props; failures: CheckFailure[] };

/** The lifecycle methods of one kind. */
export interface Lifecycle {
  check(olds: Props, news: Props): Promise<Checked>;
  diff(id: string, olds: Props, news: Props): Promise<unknown>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
  update?(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

// The per-kind objects take their own input types; the engine passes plain property maps.
const LIFECYCLES = {
  secret,
  secretVersion,
  accessBinding,
  accessBindingMember,
  kmsSymmetricKey,
  kmsKeyAccessBinding,
  kmsKeyAccessBindingMember,
} as unknown as Record<string, Lifecycle>;

/** The lifecycle of `kind`; throws for a name that is none. */
export function lifecycleOf(kind: string): Lifecycle {
  const lc = Object.hasOwn(LIFECYCLES, kind) ? LIFECYCLES[kind] : undefined;
  if (!lc?.create) throw new Error(`unknown Lockbox resource kind ${kind}`);
  return lc;
}
