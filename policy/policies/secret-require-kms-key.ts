import { isKind, known, q, resourcePolicy, SECRET_TYPE, UNKNOWN } from "./common";

/**
 * A Lockbox secret should be encrypted with a customer-managed KMS key (kmsKeyId).
 *
 * This is the "unencrypted secret" rule: without `kmsKeyId` the service encrypts the payload with a
 * shared system key that it alone holds, so nobody outside the service can restrict, audit or revoke
 * decryption separately from Lockbox's own access bindings (docs/kms.md#keys-and-lockbox-secrets).
 */
export const secretRequireKmsKey = resourcePolicy({
  name: "lockbox-secret-require-kms-key",
  description: "A Lockbox secret should be encrypted with a customer-managed KMS key (kmsKeyId).",
  enforcementLevel: "mandatory",
  appliesTo: (type) => isKind(type, SECRET_TYPE),
  validate: (args, config, reportViolation) => {
    const kmsKeyId = known(() => args.props.kmsKeyId as unknown);
    // An id that comes from a key created in the same program is unknown in preview; `up` checks it.
    if (kmsKeyId === UNKNOWN) return;
    if (typeof kmsKeyId !== "string" || kmsKeyId.trim() === "") {
      reportViolation(
        `Lockbox secret ${q(args.name)} should be encrypted with a customer-managed KMS key: ` +
          "set kmsKeyId to the id of a KMS symmetric key (for example a lockbox.KmsSymmetricKey's id), " +
          "because without it the payload is protected only by the service's shared system key.",
      );
    }
  },
});
