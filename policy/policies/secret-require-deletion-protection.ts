import { isKind, known, q, resourcePolicy, SECRET_TYPE, UNKNOWN } from "./common";

/**
 * A Lockbox secret should have deletion protection turned on.
 */
export const secretRequireDeletionProtection = resourcePolicy({
  name: "lockbox-secret-require-deletion-protection",
  description: "A Lockbox secret should have deletion protection turned on.",
  enforcementLevel: "advisory",
  appliesTo: (type) => isKind(type, SECRET_TYPE),
  validate: (args, config, reportViolation) => {
    const deletionProtection = known(() => args.props.deletionProtection as unknown);
    if (deletionProtection === UNKNOWN) return;
    if (deletionProtection !== true) {
      reportViolation(
        `Lockbox secret ${q(args.name)} should have deletion protection turned on: ` +
          "set deletionProtection to true so that deleting the secret and its versions takes a deliberate change first.",
      );
    }
  },
});
