/**
 * A generated secret: the service generates the password when the secret is created, so the
 * program never holds it. A SecretVersion with `regenerateOn` adds a new generated password each
 * time that value changes (here the `rotation` config value), and never otherwise. The secret is
 * encrypted with its own KMS key.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? false;

const key = new lockbox.KmsSymmetricKey("service-password-key", {
  name: config.get("keyName") ?? "service-password",
  rotationPeriod: "7776000s", // 90 days
  deletionProtection: protect,
});

const secret = new lockbox.Secret("service-password", {
  name: config.get("secretName") ?? "service-password",
  kmsKeyId: key.id,
  deletionProtection: protect,
  passwordPayloadSpecification: {
    passwordKey: "password",
    length: 32,
    includePunctuation: true,
    excludedPunctuation: "\"'`\\",
  },
});

const rotation = config.get("rotation");
const rotated = rotation
  ? new lockbox.SecretVersion("service-password-rotation", {
      secretId: secret.id,
      regenerateOn: rotation,
      description: `rotation ${rotation}`,
    })
  : undefined;

/** The secret id. */
export const secretId = secret.id;
/** The version generated at creation. */
export const firstVersionId = secret.currentVersionId;
/** The version of the latest rotation, if any. */
export const rotatedVersionId = rotated?.versionId;
/** The current password, read through a lookup: a Pulumi secret, shown only with --show-secrets. */
export const password = lockbox
  // Waiting for the rotation's version id makes the lookup read after the rotation.
  .getPayloadOutput(pulumi.all([secret.id, rotated?.versionId]).apply(([id]) => ({ secretId: id })))
  .apply((p) => p.entries["password"]);
