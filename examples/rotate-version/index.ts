/**
 * Rotation of a value that comes from outside (an API key from a vendor, in secret config): each
 * new value adds a version (created before the old one is scheduled for destruction), and the old
 * version stays recoverable for `destructionPendingPeriod`. The secret is encrypted with its own
 * KMS key.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? false;

const key = new lockbox.KmsSymmetricKey("vendor-api-key-kms", {
  name: config.get("keyName") ?? "vendor-api",
  rotationPeriod: "7776000s", // 90 days
  deletionProtection: protect,
});

const secret = new lockbox.Secret("vendor-api", {
  name: config.get("secretName") ?? "vendor-api",
  kmsKeyId: key.id,
  deletionProtection: protect,
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
