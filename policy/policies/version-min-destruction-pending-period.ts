import {
  isKind,
  durationSeconds,
  known,
  q,
  resourcePolicy,
  SECRET_VERSION_TYPE,
  SelectionConfig,
  UNKNOWN,
} from "./common";

/** Options of {@link versionMinDestructionPendingPeriod}. */
export interface PendingPeriodConfig extends SelectionConfig {
  /** Shortest pending period allowed, in seconds. */
  minPendingPeriodSeconds: number;
}

/**
 * A Lockbox secret version should stay recoverable for at least the configured period after it is replaced.
 *
 * When a new version replaces this one, the SDK schedules this one for destruction after
 * `destructionPendingPeriod` (default 7 days, docs/lockbox-api.md#versions-and-destruction); until
 * then a bad rotation can be undone.
 */
export const versionMinDestructionPendingPeriod = resourcePolicy<PendingPeriodConfig>({
  name: "lockbox-version-min-destruction-pending-period",
  description:
    "A Lockbox secret version should stay recoverable for at least the configured period after it is replaced.",
  enforcementLevel: "advisory",
  options: {
    minPendingPeriodSeconds: {
      type: "number",
      minimum: 0,
      default: 86400,
      description: "Shortest pending period allowed, in seconds.",
    },
  },
  appliesTo: (type) => isKind(type, SECRET_VERSION_TYPE),
  validate: (args, config, reportViolation) => {
    const period = known(() => args.props.destructionPendingPeriod as unknown);
    if (period === UNKNOWN) return; // absent means the 7-day default, which is long enough
    const seconds = durationSeconds(period);
    if (seconds !== undefined && seconds < config.minPendingPeriodSeconds) {
      reportViolation(
        `Lockbox secret version ${q(args.name)} should stay recoverable for at least ` +
          `${config.minPendingPeriodSeconds} seconds after it is replaced, but its destructionPendingPeriod is ` +
          `${q(String(period))}: set it to ${q(`${config.minPendingPeriodSeconds}s`)} or more, or leave it unset ` +
          "for the 7-day default.",
      );
    }
  },
});
