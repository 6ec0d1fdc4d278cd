// The baseline of bench-lockbox: 2 x `count` dynamic resources with the same inputs (one secret-like,
// one version-like with its entries as secrets) and a provider that calls nothing.
import * as pulumi from "@pulumi/pulumi";

const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: `noop-${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
  async delete() {
    // nothing to delete
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(
    name: string,
    args: Record<string, pulumi.Input<unknown>>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(noop, name, args, opts, "bench", "Noop");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const folderId = config.require("folderId");
const value = config.requireSecret("value");

for (let i = 0; i < count; i++) {
  const secret = new Noop(`s${i}`, {
    folderId,
    name: `bench-${i}`,
    description: "benchmark secret",
    labels: { bench: "engine" },
  });
  new Noop(`v${i}`, {
    secretId: secret.id,
    entries: [
      { key: "password", textValue: value },
      { key: "blob", binaryValue: value.apply((v) => Buffer.from(v).toString("base64")) },
    ],
  });
}
