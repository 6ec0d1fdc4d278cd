/**
 * The lifecycle of every Lockbox dynamic resource. The SDK's thin providers reach this module with
 * `require("pulumi-lockbox/provider/lifecycle")` inside their methods, so nothing here is ever
 * serialized into state (docs/conventions.md#provider-code-is-serialized).
 */

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
export { parseTimeout, TIMEOUTS_KEY, type Timeouts } from "./timeouts";
export type { ConfigureRequest, ProviderSettings } from "./context";
export { UNKNOWN, type CheckFailure } from "./check";
export { diffByTable, deepEqual, type DiffTable, type FieldRule, type Diff } from "./diff";
export { valuesHash, type EntryInput } from "./hash";
export { plain as unwrapSecret, asSecret, KDF, type EntryMarker } from "./held-values";
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
export { HASH_ON_IMPORT } from "./held-values";
export {
  ACCESS_BINDING_DIFF,
  ACCESS_BINDING_MEMBER_DIFF,
  KMS_KEY_ACCESS_BINDING_DIFF,
  KMS_KEY_ACCESS_BINDING_MEMBER_DIFF,
} from "./access-binding";
export { KMS_KEY_DIFF } from "./kms-symmetric-key";

export {
  secret,
  secretVersion,
  accessBinding,
  accessBindingMember,
  kmsKeyAccessBinding,
  kmsKeyAccessBindingMember,
  kmsSymmetricKey,
  lifecycleOf,
  type Lifecycle,
  type Props,
  type Checked,
} from "./kinds";
export {
  checkResource,
  diffResource,
  createResource,
  updateResource,
  readResource,
  deleteResource,
} from "./adapter";
export { providers } from "./dynamic";
