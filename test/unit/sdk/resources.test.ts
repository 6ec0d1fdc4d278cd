import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecretEnvelope, valueOf, type Registered } from "../../helpers/mock-program";
import { AccessBinding, AccessBindingMember, KmsSymmetricKey, Secret, SecretVersion } from "../../../sdk";
import * as types from "../../../sdk/types";

async function settle(registered: Registered[], n: number): Promise<void> {
  for (let i = 0; i < 200 && registered.length < n; i++) await new Promise((r) => setImmediate(r));
}

describe("sdk resources", () => {
  let registered: Registered[];
  before(async () => {
    registered = await installMocks(
      (type) => (type === types.SECRET_TYPE ? { status: "ACTIVE", currentVersionId: "v1" } : {}),
      { "lockbox:folderId": "b1gfromconfig" },
    );
  });

  describe("Secret", () => {
    it("registers under pulumi-nodejs:dynamic/lockbox:Secret", async () => {
      const s = new Secret("typed", { folderId: "b1g", name: "db" });
      await valueOf(s.urn);
      const r = registered.find((x) => x.name === "typed")!;
      assert.equal(r.type, "pulumi-nodejs:dynamic/lockbox:Secret");
      assert.equal(Secret.__pulumiType, r.type);
    });
    it("lists every output, so status and currentVersionId surface", async () => {
      const s = new Secret("outs", { folderId: "b1g" });
      assert.equal(await valueOf(s.status), "ACTIVE");
      assert.equal(await valueOf(s.currentVersionId), "v1");
    });
    it("takes folderId from the stack config lockbox:folderId when none is given", async () => {
      const s = new Secret("defaulted", { name: "x" });
      assert.equal(await valueOf(s.folderId), "b1gfromconfig");
    });
    it("is recognised by isInstance and other classes are not", () => {
      const s = new Secret("inst", { folderId: "b1g" });
      assert.ok(Secret.isInstance(s));
      assert.ok(!SecretVersion.isInstance(s));
      assert.ok(!Secret.isInstance({}));
    });
  });

  describe("SecretVersion", () => {
    it("stores every entry value as a Pulumi secret, plain ones included", async () => {
      const v = new SecretVersion("plain", {
        secretId: "s",
        entries: [{ key: "a", textValue: "plain-value" }],
      });
      await valueOf(v.urn);
      const r = registered.find((x) => x.name === "plain")!;
      assert.ok(isSecretEnvelope(r.inputs.entries), "entries must be registered as a secret");
    });
    it("records where each value came from in entrySources", async () => {
      const v = new SecretVersion("sources", {
        secretId: "s",
        entries: [
          { key: "plain", textValue: "p" },
          { key: "secret", textValue: pulumi.secret("s") },
          { key: "computed", textValue: pulumi.output("c") },
          pulumi.secret({ key: "whole", textValue: "w" }),
        ],
      });
      assert.deepEqual(await valueOf(v.entrySources), {
        plain: "plaintext",
        secret: "secret",
        computed: "computed",
        whole: "secret",
      });
      const r = registered.find((x) => x.name === "sources")!;
      assert.ok(!isSecretEnvelope(r.inputs.entrySources), "entrySources holds no values and stays readable");
    });
    it("marks valuesHash as an additional secret output", async () => {
      const v = new SecretVersion("hashed", { secretId: "s", entries: [{ key: "a", textValue: "x" }] });
      await valueOf(v.urn);
      assert.deepEqual(registered.find((x) => x.name === "hashed")!.additionalSecretOutputs, ["valuesHash"]);
    });
    it("registers a generated version without entries or entrySources", async () => {
      const v = new SecretVersion("gen", { secretId: "s", regenerateOn: "2026-11" });
      await valueOf(v.urn);
      const r = registered.find((x) => x.name === "gen")!;
      assert.equal(r.inputs.entries, undefined);
      assert.equal(r.inputs.entrySources, undefined);
      assert.equal(r.inputs.regenerateOn, "2026-11");
    });
  });

  describe("AccessBinding, AccessBindingMember and KmsSymmetricKey", () => {
    it("register under their own lockbox type tokens", async () => {
      const b = new AccessBinding("b", {
        secretId: "s",
        role: "lockbox.payloadViewer",
        members: ["system:allUsers"],
      });
      const m = new AccessBindingMember("m", { secretId: "s", role: "lockbox.viewer", member: "group:g" });
      const k = new KmsSymmetricKey("k", {});
      await Promise.all([valueOf(b.urn), valueOf(m.urn), valueOf(k.urn)]);
      await settle(registered, 3);
      assert.equal(registered.find((x) => x.name === "b")!.type, types.ACCESS_BINDING_TYPE);
      assert.equal(registered.find((x) => x.name === "m")!.type, types.ACCESS_BINDING_MEMBER_TYPE);
      assert.equal(registered.find((x) => x.name === "k")!.type, types.KMS_SYMMETRIC_KEY_TYPE);
      assert.equal(await valueOf(k.folderId), "b1gfromconfig");
      assert.ok(
        AccessBinding.isInstance(b) && AccessBindingMember.isInstance(m) && KmsSymmetricKey.isInstance(k),
      );
    });
  });
});
