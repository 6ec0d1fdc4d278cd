/**
 * Grants one service account `lockbox.payloadViewer` on one secret. `AccessBinding` is
 * authoritative for the role: members added by hand are removed on the next `pulumi up`.
 * Auditors get an additive `AccessBindingMember`, which leaves other members alone.
 *
 * The secret is encrypted with its own KMS key, so reading it also takes
 * `kms.keys.encrypterDecrypter` on that key: `KmsKeyAccessBinding` grants it, authoritatively too.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const readerId = config.require("readerServiceAccountId");
const protect = config.getBoolean("protect") ?? false;

const key = new lockbox.KmsSymmetricKey("shared-key", {
  name: config.get("keyName") ?? "shared-credentials",
  rotationPeriod: "7776000s", // 90 days
  deletionProtection: protect,
});

const secret = new lockbox.Secret("shared", {
  name: config.get("secretName") ?? "shared-credentials",
  kmsKeyId: key.id,
  deletionProtection: protect,
});

new lockbox.SecretVersion("shared-v1", {
  secretId: secret.id,
  entries: [{ key: "token", textValue: config.requireSecret("token") }],
});

new lockbox.AccessBinding("payload-readers", {
  secretId: secret.id,
  role: "lockbox.payloadViewer",
  members: [`serviceAccount:${readerId}`],
});

// Without a role on the key, the payload role alone is refused with `kms.keys.use is required`.
new lockbox.KmsKeyAccessBinding("key-users", {
  keyId: key.id,
  role: "kms.keys.encrypterDecrypter",
  members: [`serviceAccount:${readerId}`],
});

const auditor = config.get("auditorMember");
if (auditor) {
  new lockbox.AccessBindingMember("auditor", {
    secretId: secret.id,
    role: "lockbox.auditor",
    member: auditor,
  });
}

/** The secret id the service account reads. */
export const secretId = secret.id;
/** The key the service account holds `kms.keys.encrypterDecrypter` on. */
export const kmsKeyId = key.id;
