// `count` secrets, each a Secret and a SecretVersion with two entries (one text, one binary).
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const folderId = config.require("folderId");
const value = config.requireSecret("value");

for (let i = 0; i < count; i++) {
  const secret = new lockbox.Secret(`s${i}`, {
    folderId,
    name: `bench-${i}`,
    description: "benchmark secret",
    labels: { bench: "engine" },
  });
  new lockbox.SecretVersion(`v${i}`, {
    secretId: secret.id,
    entries: [
      { key: "password", textValue: value },
      { key: "blob", binaryValue: value.apply((v) => Buffer.from(v).toString("base64")) },
    ],
  });
}
