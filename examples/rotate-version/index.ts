/**
 * Rotation of a value that comes from outside (an API key from a vendor, in secret config): each
 * new value adds a version (created before the old one is scheduled for destruction), and the old
 * version stays recoverable for `destructionPendingPeriod`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();

const secret = new lockbox.Secret("vendor-api", {
  name: config.get("secretName") ?? "vendor-api",
  labels: { team: "payments" },
});

const version = new lockbox.SecretVersion("vendor-api-key", {
  secretId: secret.id,
  entries: [{ key: "api-key", textValue: config.requireSecret("apiKey") }],
  // One day to roll back by hand (SetCurrentVersion / CancelVersionDestruction) before it is gone.
  destructionPendingPeriod: config.get("pendingPeriod") ?? "86400s",
});

/** The secret id. */
export const secretId = secret.id;
/** The version holding the current key. */
export const versionId = version.versionId;
