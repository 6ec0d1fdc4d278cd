import { isKind, known, q, resourcePolicy, SECRET_TYPE, SelectionConfig, UNKNOWN } from "./common";

/** Options of {@link secretAllowedKmsKeys}. */
export interface AllowedKmsKeysConfig extends SelectionConfig {
  /** KMS key ids that secrets may use; an empty list turns the check off. */
  allowedKeyIds: string[];
}

/**
 * A Lockbox secret should use a KMS key from the configured allow-list of key ids.
 *
 * With no allow-list configured the policy checks nothing. A secret without any key is left to
 * `lockbox-secret-require-kms-key`, so one mistake gives one message.
 */
export const secretAllowedKmsKeys = resourcePolicy<AllowedKmsKeysConfig>({
  name: "lockbox-secret-allowed-kms-keys",
  description: "A Lockbox secret should use a KMS key from the configured allow-list of key ids.",
  enforcementLevel: "mandatory",
  options: {
    allowedKeyIds: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description: "KMS key ids that secrets may use; an empty list turns the check off.",
    },
  },
  appliesTo: (type) => isKind(type, SECRET_TYPE),
  validate: (args, config, reportViolation) => {
    if (config.allowedKeyIds.length === 0) return;

    const kmsKeyId = known(() => args.props.kmsKeyId as unknown);
    if (kmsKeyId === UNKNOWN || typeof kmsKeyId !== "string" || kmsKeyId.trim() === "") return;
    if (!config.allowedKeyIds.includes(kmsKeyId)) {
      reportViolation(
        `Lockbox secret ${q(args.name)} should use an approved KMS key, but its kmsKeyId ${q(kmsKeyId)} ` +
          "is not in the allowedKeyIds list: use one of the approved keys, or add this key id to " +
          "allowedKeyIds in the policy configuration.",
      );
    }
  },
});
