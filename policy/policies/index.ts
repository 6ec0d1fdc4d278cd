/**
 * Every policy of the Lockbox pack, in one list. Kept apart from `new PolicyPack(...)` (in
 * ../index.ts) so that tests can load the policies without starting the analyzer server.
 */
import { Policies } from "@pulumi/policy";
import { bindingNoPublicMembers } from "./binding-no-public-members";
import { kmsKeyRequireDeletionProtection } from "./kms-key-require-deletion-protection";
import { kmsKeyRequireRotation } from "./kms-key-require-rotation";
import { passwordSpecStrength } from "./password-spec-strength";
import { providerNoEmbeddedCredentials } from "./provider-no-embedded-credentials";
import { secretAllowedKmsKeys } from "./secret-allowed-kms-keys";
import { secretHasCurrentVersion } from "./secret-has-current-version";
import { secretRequireDeletionProtection } from "./secret-require-deletion-protection";
import { secretRequireKmsKey } from "./secret-require-kms-key";
import { secretRequiredLabels } from "./secret-required-labels";
import { versionMinDestructionPendingPeriod } from "./version-min-destruction-pending-period";
import { versionNoPlaintextValues } from "./version-no-plaintext-values";

export {
  bindingNoPublicMembers,
  kmsKeyRequireDeletionProtection,
  kmsKeyRequireRotation,
  passwordSpecStrength,
  providerNoEmbeddedCredentials,
  secretAllowedKmsKeys,
  secretHasCurrentVersion,
  secretRequireDeletionProtection,
  secretRequireKmsKey,
  secretRequiredLabels,
  versionMinDestructionPendingPeriod,
  versionNoPlaintextValues,
};

/** The policies of the pack, in the order the CLI lists them. */
export const policies: Policies = [
  secretRequireKmsKey,
  secretAllowedKmsKeys,
  secretRequireDeletionProtection,
  secretRequiredLabels,
  passwordSpecStrength,
  versionNoPlaintextValues,
  versionMinDestructionPendingPeriod,
  bindingNoPublicMembers,
  kmsKeyRequireDeletionProtection,
  kmsKeyRequireRotation,
  providerNoEmbeddedCredentials,
  secretHasCurrentVersion,
];
