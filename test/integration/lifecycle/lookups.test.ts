import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import "../../unit/sdk/mock-program"; // creates the Pulumi runtime global before mocha checks for leaks
import { getPayload, getPayloadOutput, getSecret, getSecretVersion, runtime } from "../../../sdk";
import * as lifecycle from "../../../provider/lifecycle";
import { FOLDER, startWorld, type LocalWorld } from "./local";

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("sdk lookups and runtime against lockbox-local", () => {
  let world: LocalWorld;
  let secretId = "";
  let versionId = "";
  before(async () => {
    world = await startWorld();
    // Lookups read lockbox:* stack config, as inside a Pulumi program.
    pulumi.runtime.setConfig("lockbox:endpoint", world.url);
    pulumi.runtime.setConfig("lockbox:token", world.rootToken);
    const s = await lifecycle.secret.create({ folderId: FOLDER, name: "looked-up", labels: { team: "a" } });
    const v = await lifecycle.secretVersion.create({
      secretId: s.id,
      entries: [
        { key: "password", textValue: "lookup-password" },
        { key: "blob", binaryValue: Buffer.from([1, 2, 3]).toString("base64") },
      ],
    });
    secretId = s.id;
    versionId = v.id;
  });
  after(() => {
    // Stack config is process-wide: leave it unset (an empty value counts as unset) for other files.
    pulumi.runtime.setConfig("lockbox:endpoint", "");
    pulumi.runtime.setConfig("lockbox:token", "");
  });

  describe("getSecret()", () => {
    it("finds a secret by id and by folder and name", async () => {
      const byId = await getSecret({ secretId });
      const byName = await getSecret({ folderId: FOLDER, name: "looked-up" });
      assert.deepEqual(byName, byId);
      assert.deepEqual(
        [byId.labels, byId.currentVersionId, byId.status],
        [{ team: "a" }, versionId, "ACTIVE"],
      );
    });
    it("says which name is missing from which folder", async () => {
      await assert.rejects(
        getSecret({ folderId: FOLDER, name: "absent" }),
        /no secret named "absent" in folder/,
      );
    });
  });

  describe("getSecretVersion()", () => {
    it("returns the current version's keys, never values", async () => {
      const v = await getSecretVersion({ secretId });
      assert.deepEqual([v.versionId, v.payloadEntryKeys], [versionId, ["password", "blob"]]);
      assert.ok(!JSON.stringify(v).includes("lookup-password"));
    });
  });

  describe("getPayload()", () => {
    it("returns the values only as a Pulumi secret", async () => {
      const p = await getPayload({ folderId: FOLDER, name: "looked-up" });
      assert.deepEqual(p.keys, ["password", "blob"]);
      assert.equal(await pulumi.isSecret(p.entries), true);
      assert.deepEqual(await valueOf(p.entries), { password: "lookup-password", blob: "AQID" });
    });
    it("has an Output form that is secret as a whole", async () => {
      const o = getPayloadOutput(pulumi.output({ secretId }));
      assert.equal(await pulumi.isSecret(o), true);
      assert.equal((await valueOf(o)).entries.password, "lookup-password");
    });
  });

  describe("runtime.secret()", () => {
    it("reads a given version and the latest one, and put() makes a new latest version", async () => {
      const ref = runtime.secret(secretId, { endpoint: world.url, iamToken: world.rootToken });
      try {
        const first = await ref.version(versionId).access();
        assert.deepEqual([...first.asBytes("blob")], [1, 2, 3]);
        const newId = await ref.put("rotated", { key: "password" });
        const latest = await ref.latest().access();
        assert.deepEqual(
          [latest.versionId, latest.keys(), latest.asString()],
          [newId, ["password"], "rotated"],
        );
        assert.equal((await ref.version(versionId).access()).asString("password"), "lookup-password");
      } finally {
        await ref.close();
      }
    });

    it("put() refuses an empty text value or no entries, naming the key, and adds no version", async () => {
      const s = await lifecycle.secret.create({ folderId: FOLDER, name: "put-empty" });
      const v = await lifecycle.secretVersion.create({
        secretId: s.id,
        entries: [{ key: "token", textValue: "keep-me" }],
      });
      const ref = runtime.secret(s.id, { endpoint: world.url, iamToken: world.rootToken });
      try {
        const before = await world.mutations();
        await assert.rejects(ref.put(""), /"value".*empty/);
        await assert.rejects(ref.put({ token: "x", other: "" }), /"other".*empty/);
        await assert.rejects(ref.put({}), /at least one entry/);
        assert.equal(await world.mutations(), before);
        const latest = await ref.latest().access();
        assert.deepEqual([latest.versionId, latest.asString("token")], [v.id, "keep-me"]);
      } finally {
        await ref.close();
      }
    });

    it("keeps an entry keyed __proto__ like any other key, in runtime, put() and getPayload()", async () => {
      const s = await lifecycle.secret.create({ folderId: FOLDER, name: "proto-keys" });
      await lifecycle.secretVersion.create({
        secretId: s.id,
        entries: [
          { key: "__proto__", textValue: "proto-value" },
          { key: "b", textValue: "b-value" },
        ],
      });
      const ref = runtime.secret(s.id, { endpoint: world.url, iamToken: world.rootToken });
      try {
        const value = await ref.latest().access();
        assert.deepEqual(value.keys(), ["__proto__", "b"]);
        assert.equal(value.asString("__proto__"), "proto-value");
        assert.throws(() => value.asString("toString"), /no entry "toString"/);

        const p = await getPayload({ secretId: s.id });
        const entries = await valueOf(p.entries);
        assert.deepEqual(Object.keys(entries), ["__proto__", "b"]);
        assert.equal(entries["__proto__"], "proto-value");
        const o = getPayloadOutput({ secretId: s.id });
        assert.equal(await pulumi.isSecret(o), true);
        assert.deepEqual(Object.keys((await valueOf(o)).entries), ["__proto__", "b"]);

        // put() drops keys it is not given, __proto__ included.
        await ref.put({ b: "b2" });
        assert.deepEqual((await ref.latest().access()).keys(), ["b"]);
      } finally {
        await ref.close();
      }
    });
  });
});
