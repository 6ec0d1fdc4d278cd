import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
  isKind,
  isSelected,
  known,
  q,
  SECRET_TYPE,
  SECRET_VERSION_TYPE,
  selectionSchema,
  SelectionConfig,
  UNKNOWN,
  configOf,
} from "./common";

/**
 * Every Lockbox secret in the stack should have a current version or a generated password spec.
 *
 * A version is matched to its secret through the engine's dependency graph (`secretId`'s property
 * dependencies, or the version's dependencies), because ids are unknown during preview; after an
 * update, a secret whose `currentVersionId` output is set passes too.
 */
export const secretHasCurrentVersion: StackValidationPolicy = {
  name: "lockbox-secret-has-current-version",
  description:
    "Every Lockbox secret in the stack should have a current version or a generated password spec.",
  enforcementLevel: "advisory",
  configSchema: { properties: { ...selectionSchema() } },
  validateStack: (args, reportViolation) => {
    const config = configOf<SelectionConfig>(args, secretHasCurrentVersion.configSchema);
    const versions = args.resources.filter((r) => isKind(r.type, SECRET_VERSION_TYPE));
    for (const secret of args.resources) {
      if (!isKind(secret.type, SECRET_TYPE) || !isSelected(secret, config)) continue;
      const spec = known(() => secret.props.passwordPayloadSpecification as unknown);
      if (spec === UNKNOWN || (typeof spec === "object" && spec !== null)) continue;
      // After an update the secret's outputs name its current version, wherever it came from.
      const current = known(() => secret.props.currentVersionId as unknown);
      if (typeof current === "string" && current !== "") continue;
      if (versions.some((v) => versionBelongsTo(v, secret))) continue;
      reportViolation(
        `Lockbox secret ${q(secret.name)} should have a current version: add a lockbox.SecretVersion with ` +
          "secretId set to this secret's id in the same stack, or give the secret a passwordPayloadSpecification " +
          "so that the service generates one.",
        secret.urn,
      );
    }
  },
};

function versionBelongsTo(version: PolicyResource, secret: PolicyResource): boolean {
  const viaSecretId = version.propertyDependencies["secretId"] ?? [];
  if (viaSecretId.some((d) => d.urn === secret.urn)) return true;
  return version.dependencies.some((d) => d.urn === secret.urn);
}
