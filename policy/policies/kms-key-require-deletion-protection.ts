import { isKind, KMS_SYMMETRIC_KEY_TYPE, known, q, resourcePolicy, UNKNOWN } from "./common";

/**
 * A KMS key that encrypts Lockbox secrets should have deletion protection turned on.
 *
 * Deleting the key cuts off the data of every secret encrypted with it for good
 * (docs/kms.md#keys-and-lockbox-secrets), so it deserves the same guard as the secrets themselves.
 */
export const kmsKeyRequireDeletionProtection = resourcePolicy({
  name: "lockbox-kms-key-require-deletion-protection",
  description: "A KMS key that encrypts Lockbox secrets should have deletion protection turned on.",
  enforcementLevel: "advisory",
  appliesTo: (type) => isKind(type, KMS_SYMMETRIC_KEY_TYPE),
  validate: (args, config, reportViolation) => {
    const deletionProtection = known(() => args.props.deletionProtection as unknown);
    if (deletionProtection === UNKNOWN) return;
    if (deletionProtection !== true) {
      reportViolation(
        `KMS key ${q(args.name)} should have deletion protection turned on: set deletionProtection to true, ` +
          "because deleting the key makes every secret encrypted with it unreadable for good.",
      );
    }
  },
});
