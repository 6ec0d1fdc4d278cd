/**
 * Quickstart: a secret encrypted with its own KMS key, and its first version. The password comes
 * from secret stack config (`pulumi config set --secret dbPassword ...`), so it is encrypted in state
 * and masked in output. Passes the repository's policy pack (`--policy-pack policy`) with its defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
// Deletion protection on the key and the secret (off by default so `pulumi destroy` works in a demo).
const protect = config.getBoolean("protect") ?? false;

// A customer-managed key: reading the secret then also needs a role on this key, and deleting the
// key makes the secret unreadable for good.
const key = new lockbox.KmsSymmetricKey("app-db-key", {
  name: config.get("keyName") ?? "app-db-key",
  description: "Encrypts the app database credentials",
  rotationPeriod: "7776000s", // 90 days
  deletionProtection: protect,
});

const secret = new lockbox.Secret("app-db", {
  name: config.get("secretName") ?? "app-db",
  description: "Credentials of the app database",
  kmsKeyId: key.id,
  deletionProtection: protect,
  labels: {
    app: "quickstart",
    env: pulumi
      .getStack()
      .toLowerCase()
      .replace(/[^-_0-9a-z]/g, "-"),
  },
});

const version = new lockbox.SecretVersion("app-db-credentials", {
  secretId: secret.id,
  entries: [
    // Not sensitive on its own, but everything in a Lockbox payload is handled as a secret.
    { key: "username", textValue: pulumi.secret(config.get("dbUsername") ?? "app") },
    { key: "password", textValue: config.requireSecret("dbPassword") },
  ],
});

/** The KMS key that encrypts the secret. */
export const kmsKeyId = key.id;
/** The secret id, to read it from an application or the CLI. */
export const secretId = secret.id;
/** The version that holds the credentials. */
export const versionId = version.versionId;
/** The keys stored in the version (never the values). */
export const keys = version.payloadEntryKeys;
