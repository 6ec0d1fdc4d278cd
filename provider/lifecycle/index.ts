/**
 * The lifecycle of every Lockbox dynamic resource. The SDK's thin providers reach this module with
 * `require("pulumi-lockbox/provider/lifecycle")` inside their methods, so nothing here is ever
 * serialized into state (style.md §10).
 */
import * as secretLifecycle from "./secret";
import * as versionLifecycle from "./secret-version";
import * as bindingLifecycle from "./access-binding";
import * as kmsLifecycle from "./kms-key";

export { configure, getClient, setClient, settingsFromConfig, clientOptions, CONFIG_KEYS } from "./context";
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
export type { KmsKeyInputs, KmsKeyOutputs } from "./kms-key";
export { SECRET_DIFF } from "./secret";
export { SECRET_VERSION_DIFF, DEFAULT_DESTRUCTION_PENDING_PERIOD } from "./secret-version";
export {
  ACCESS_BINDING_DIFF,
  ACCESS_BINDING_MEMBER_DIFF,
  KMS_KEY_ACCESS_BINDING_DIFF,
  KMS_KEY_ACCESS_BINDING_MEMBER_DIFF,
} from "./access-binding";
export { KMS_KEY_DIFF } from "./kms-key";

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
  check: bindingLifecycle.checkBinding,
  diff: bindingLifecycle.diffBinding,
  create: bindingLifecycle.createBinding,
  read: bindingLifecycle.readBinding,
  update: bindingLifecycle.updateBinding,
  delete: bindingLifecycle.deleteBinding,
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
