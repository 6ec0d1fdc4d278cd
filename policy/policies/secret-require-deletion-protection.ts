import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  isSelected,
  known,
  q,
  SECRET_TYPE,
  selectionSchema,
  SelectionConfig,
  UNKNOWN,
  configOf,
} from "./common";

/**
 * A Lockbox secret should have deletion protection turned on.
 */
export const secretRequireDeletionProtection: ResourceValidationPolicy = {
  name: "lockbox-secret-require-deletion-protection",
  description: "A Lockbox secret should have deletion protection turned on.",
  enforcementLevel: "advisory",
  configSchema: { properties: { ...selectionSchema() } },
  validateResource: (args, reportViolation) => {
    if (args.type !== SECRET_TYPE) return;
    const config = configOf<SelectionConfig>(args, secretRequireDeletionProtection.configSchema);
    if (!isSelected(args, config)) return;

    const deletionProtection = known(() => args.props.deletionProtection as unknown);
    if (deletionProtection === UNKNOWN) return;
    if (deletionProtection !== true) {
      reportViolation(
        `Lockbox secret ${q(args.name)} should have deletion protection turned on: ` +
          "set deletionProtection to true so that deleting the secret and its versions takes a deliberate change first.",
      );
    }
  },
};
