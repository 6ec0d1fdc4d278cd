/**
 * The infrastructure half: a secret, encrypted with its own KMS key, with one version. The
 * application half is `app.ts`, which reads the latest version at run time with `lockbox.runtime`
 * (no Pulumi involved).
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? false;

const key = new lockbox.KmsSymmetricKey("app-settings-key", {
  name: config.get("keyName") ?? "app-settings-key",
  rotationPeriod: "7776000s", // 90 days
  deletionProtection: protect,
});

const secret = new lockbox.Secret("app-settings", {
  name: config.get("secretName") ?? "app-settings",
  kmsKeyId: key.id,
  deletionProtection: protect,
});

new lockbox.SecretVersion("app-settings-v1", {
  secretId: secret.id,
  entries: [
    { key: "DATABASE_URL", textValue: config.requireSecret("databaseUrl") },
    // Not sensitive on its own, but a payload entry is handled as a secret like the rest.
    { key: "FEATURE_FLAGS", textValue: pulumi.secret(config.get("featureFlags") ?? "search,export") },
  ],
});

/** Give this to the application as LOCKBOX_SECRET_ID. */
export const secretId = secret.id;
/** The application's identity needs `kms.keys.encrypterDecrypter` on this key to read the secret. */
export const kmsKeyId = key.id;
