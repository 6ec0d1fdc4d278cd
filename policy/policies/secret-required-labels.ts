import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  isRecord,
  isSelected,
  known,
  knownEntries,
  q,
  SECRET_TYPE,
  selectionSchema,
  SelectionConfig,
  UNKNOWN,
  configOf,
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
export const secretRequiredLabels: ResourceValidationPolicy = {
  name: "lockbox-secret-required-labels",
  description: "A Lockbox secret should carry every label key that the configuration requires.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
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
      ...selectionSchema(),
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== SECRET_TYPE) return;
    const config = configOf<RequiredLabelsConfig>(args, secretRequiredLabels.configSchema);
    if (!isSelected(args, config) || config.requiredLabels.length === 0) return;

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
};
