/**
 * pulumi-lockbox: Pulumi resources for Lockbox-compatible secrets services (the Yandex Cloud
 * Lockbox API), lookups for Pulumi programs, and runtime access for applications.
 */
export { Secret, type SecretArgs, type PasswordPayloadSpecificationArgs } from "./secret";
export {
  SecretVersion,
  type SecretVersionArgs,
  type SecretEntryArgs,
  type EntrySource,
} from "./secret-version";
export {
  AccessBinding,
  AccessBindingMember,
  type AccessBindingArgs,
  type AccessBindingMemberArgs,
} from "./access-binding";
export { KmsSymmetricKey, type KmsSymmetricKeyArgs } from "./kms-symmetric-key";
export {
  KmsKeyAccessBinding,
  KmsKeyAccessBindingMember,
  type KmsKeyAccessBindingArgs,
  type KmsKeyAccessBindingMemberArgs,
} from "./kms-key-access-binding";
export {
  getSecret,
  getSecretOutput,
  getSecretVersion,
  getSecretVersionOutput,
  getPayload,
  getPayloadOutput,
  getSecretVersionEntry,
  getSecretVersionEntryOutput,
  getKmsSymmetricKey,
  getKmsSymmetricKeyOutput,
  type SecretRefArgs,
  type GetSecretArgs,
  type GetSecretResult,
  type SecretVersionInfo,
  type PasswordPayloadSpecificationResult,
  type GetSecretVersionArgs,
  type GetSecretVersionResult,
  type GetPayloadArgs,
  type GetPayloadResult,
  type PayloadEntryResult,
  type PayloadValue,
  type GetSecretVersionEntryArgs,
  type GetSecretVersionEntryResult,
  type GetKmsSymmetricKeyArgs,
  type GetKmsSymmetricKeyResult,
} from "./lookups";
export * as runtime from "./runtime";
export * as types from "./types";
