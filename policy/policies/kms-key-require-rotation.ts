import {
  isKind,
  durationSeconds,
  KMS_SYMMETRIC_KEY_TYPE,
  known,
  q,
  resourcePolicy,
  SelectionConfig,
  UNKNOWN,
} from "./common";

/** Options of {@link kmsKeyRequireRotation}. */
export interface KeyRotationConfig extends SelectionConfig {
  /** Longest rotation period allowed, in days. */
  maxRotationDays: number;
}

const DAY = 86400;

/**
 * A KMS key that encrypts Lockbox secrets should rotate automatically at least as often as configured.
 *
 * Rotation limits how much data one key version protects; without `rotationPeriod` the key never
 * rotates (docs/kms.md#creating-a-key).
 */
export const kmsKeyRequireRotation = resourcePolicy<KeyRotationConfig>({
  name: "lockbox-kms-key-require-rotation",
  description:
    "A KMS key that encrypts Lockbox secrets should rotate automatically at least as often as configured.",
  enforcementLevel: "advisory",
  options: {
    maxRotationDays: {
      type: "number",
      exclusiveMinimum: 0,
      default: 365,
      description: "Longest rotation period allowed, in days.",
    },
  },
  appliesTo: (type) => isKind(type, KMS_SYMMETRIC_KEY_TYPE),
  validate: (args, config, reportViolation) => {
    const period = known(() => args.props.rotationPeriod as unknown);
    if (period === UNKNOWN) return;
    const maxSeconds = config.maxRotationDays * DAY;
    if (period === undefined || period === null || period === "") {
      reportViolation(
        `KMS key ${q(args.name)} should rotate automatically: set rotationPeriod to at most ` +
          `${q(`${maxSeconds}s`)} (${config.maxRotationDays} days).`,
      );
      return;
    }
    const seconds = durationSeconds(period);
    if (seconds !== undefined && seconds > maxSeconds) {
      reportViolation(
        `KMS key ${q(args.name)} should rotate at least every ${config.maxRotationDays} days, but its ` +
          `rotationPeriod is ${q(String(period))}: set it to at most ${q(`${maxSeconds}s`)}.`,
      );
    }
  },
});
