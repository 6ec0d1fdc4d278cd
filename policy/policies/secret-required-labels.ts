import {
  isKind,
  isRecord,
  known,
  knownEntries,
  q,
  resourcePolicy,
  SECRET_TYPE,
  SelectionConfig,
  UNKNOWN,
} from "./common";

/** Options of {@link secretRequiredLabels}. */
export interface RequiredLabelsConfig extends SelectionConfig {
  /** Label keys every secret must carry. */
  requiredLabels: string[];
  /** Whether a required label may have an empty value. */
  allowEmptyValues: boolean;
}

/**
 * A Lockbox secret should carry every label key that the configuration requires.
 */
export const secretRequiredLabels = resourcePolicy<RequiredLabelsConfig>({
  name: "lockbox-secret-required-labels",
  description: "A Lockbox secret should carry every label key that the configuration requires.",
  enforcementLevel: "advisory",
  options: {
    requiredLabels: {
      type: "array",
      items: { type: "string", pattern: "^[a-z][-_0-9a-z]*$", maxLength: 63 },
      default: [],
      description: "Label keys every secret must carry.",
    },
    allowEmptyValues: {
      type: "boolean",
      default: false,
      description: "Whether a required label may have an empty value.",
    },
  },
  appliesTo: (type) => isKind(type, SECRET_TYPE),
  validate: (args, config, reportViolation) => {
    if (config.requiredLabels.length === 0) return;

    const labels = known(() => args.props.labels as unknown);
    if (labels === UNKNOWN) return;
    const present = new Map(isRecord(labels) ? knownEntries(labels) : []);
    for (const key of config.requiredLabels) {
      const value = present.get(key);
      if (value === UNKNOWN) continue;
      if (typeof value !== "string") {
        reportViolation(`Lockbox secret ${q(args.name)} should carry the label ${q(key)}: add it to labels.`);
      } else if (value === "" && !config.allowEmptyValues) {
        reportViolation(
          `Lockbox secret ${q(args.name)} should give the label ${q(key)} a non-empty value: set labels.${key}.`,
        );
      }
    }
  },
});
