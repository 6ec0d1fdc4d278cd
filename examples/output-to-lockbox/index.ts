/**
 * Writing another resource's secret outputs into Lockbox (what Terraform's `output_to_lockbox` block
 * does for IAM keys): a `SecretVersion` whose entries are the outputs of the resource that made them.
 *
 * `AccessKey` below stands in for a cloud resource that returns a credential once, such as a static
 * access key of a service account: it mints an id and a secret key locally (so the example runs
 * against lockbox-local) and marks `secretKey` as a secret output, as such providers do. Anything with
 * secret outputs works the same way: the version's entries are always stored as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? false;

interface AccessKeyInputs {
  /** Change it to get a new key (the old one is replaced). */
  generation: string;
}

// Serialized into state with the resource, so it captures nothing and requires what it needs.
const accessKeyProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: AccessKeyInputs) {
    const crypto = require("node:crypto") as typeof import("node:crypto");
    const accessKeyId = `ajekey${crypto.randomBytes(7).toString("hex")}`;
    const secretKey = crypto.randomBytes(30).toString("base64url");
    return { id: accessKeyId, outs: { ...inputs, accessKeyId, secretKey } };
  },
  async diff(_id: string, olds: AccessKeyInputs, news: AccessKeyInputs) {
    const changed = olds.generation !== news.generation;
    return { changes: changed, replaces: changed ? ["generation"] : [] };
  },
};

/** A credential made by "another provider": a public id and a secret key, returned once. */
class AccessKey extends pulumi.dynamic.Resource {
  declare readonly accessKeyId: pulumi.Output<string>;
  declare readonly secretKey: pulumi.Output<string>;
  constructor(name: string, args: { generation: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(
      accessKeyProvider,
      name,
      { generation: args.generation, accessKeyId: undefined, secretKey: undefined },
      { ...opts, additionalSecretOutputs: ["secretKey"] },
    );
  }
}

const key = new lockbox.KmsSymmetricKey("ci-key", {
  name: config.get("keyName") ?? "ci-credentials-key",
  rotationPeriod: "7776000s", // 90 days
  deletionProtection: protect,
});

const secret = new lockbox.Secret("ci-storage-key", {
  name: config.get("secretName") ?? "ci-storage-key",
  description: "Static access key of the CI service account",
  kmsKeyId: key.id,
  deletionProtection: protect,
});

const accessKey = new AccessKey("ci-access-key", { generation: config.get("keyGeneration") ?? "1" });

// The entries come straight from the key's outputs: `secretKey` is a secret output, and the version
// stores every entry as a secret anyway. A new key (new generation) makes a new version; the old one
// is scheduled for destruction after `destructionPendingPeriod`.
const version = new lockbox.SecretVersion("ci-storage-key-v", {
  secretId: secret.id,
  description: "written by pulumi from the access key's outputs",
  entries: [
    { key: "access_key", textValue: accessKey.accessKeyId },
    { key: "secret_key", textValue: accessKey.secretKey },
  ],
  destructionPendingPeriod: "86400s",
});

export const secretId = secret.id;
export const versionId = version.versionId;
export const accessKeyId = accessKey.accessKeyId;
export const kmsKeyId = key.id;
// Exported only to show that it stays a secret: `pulumi stack output` prints "[secret]".
export const secretKey = accessKey.secretKey;
