import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import "../../helpers/mock-program"; // creates the Pulumi runtime global before mocha checks for leaks
import {
  getKmsSymmetricKey,
  getKmsSymmetricKeyOutput,
  getPayload,
  getPayloadOutput,
  getSecret,
  getSecretVersion,
  getSecretVersionEntry,
  getSecretVersionEntryOutput,
  runtime,
} from "../../../sdk";
import * as lifecycle from "../../../provider/lifecycle";
import { LockboxClient, PermissionDeniedError } from "../../../provider/client";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Runs `fn` with `lockbox:<key>` stack config set to the given values, restoring the old ones after. */
async function withConfig<T>(values: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const old = Object.fromEntries(
    Object.keys(values).map((k) => [k, pulumi.runtime.getConfig(`lockbox:${k}`) ?? ""]),
  );
  for (const [k, v] of Object.entries(values)) pulumi.runtime.setConfig(`lockbox:${k}`, v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(old)) pulumi.runtime.setConfig(`lockbox:${k}`, v);
  }
}

/** Runs `fn` with YC_FOLDER_ID set (or unset), restoring it after. */
async function withFolderEnv<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const old = process.env.YC_FOLDER_ID;
  if (value === undefined) delete process.env.YC_FOLDER_ID;
  else process.env.YC_FOLDER_ID = value;
  try {
    return await fn();
  } finally {
    if (old === undefined) delete process.env.YC_FOLDER_ID;
    else process.env.YC_FOLDER_ID = old;
  }
}

describe("sdk lookups and runtime against lockbox-local", () => {
  const world = useLockboxWorld();
  let secretId = "";
  let versionId = "";
  before(async () => {
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
  /** Grants `roles` on the secret itself (not on its folder) to a service account. */
  async function bindOnSecret(id: string, serviceAccountId: string, roles: string[]) {
    await world.raw.awaitOperation(
      await world.raw.secrets.updateAccessBindings(id, {
        accessBindingDeltas: roles.map((roleId) => ({
          action: "ADD" as const,
          accessBinding: { roleId, subject: { type: "serviceAccount", id: serviceAccountId } },
        })),
      }),
    );
  }
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
    it("finds a secret by name in the provider's default folder (lockbox:folderId, then YC_FOLDER_ID)", async () => {
      const byId = await getSecret({ secretId });
      assert.deepEqual(await withConfig({ folderId: FOLDER }, () => getSecret({ name: "looked-up" })), byId);
      const fromEnv = await withConfig({ folderId: "" }, () =>
        withFolderEnv(FOLDER, () => getSecret({ name: "looked-up" })),
      );
      assert.deepEqual(fromEnv, byId);
      // Config wins over the environment.
      await assert.rejects(
        withConfig({ folderId: "b1gotherfolder" }, () =>
          withFolderEnv(FOLDER, () => getSecret({ name: "looked-up" })),
        ),
        /no secret named "looked-up" in folder b1gotherfolder/,
      );
    });
    it("refuses a name without any folder, naming the config key and the variable", async () => {
      // No folder anywhere: neither YC_FOLDER_ID nor stack config (which other suites in the same
      // mocha process may have set through the Pulumi runtime).
      await withConfig({ folderId: "" }, () =>
        withFolderEnv(undefined, async () => {
          await assert.rejects(getSecret({ name: "looked-up" }), (err: Error) => {
            assert.match(err.message, /getSecret: looking up "looked-up" by name needs a folder/);
            assert.match(err.message, /pulumi config set lockbox:folderId/);
            assert.match(err.message, /YC_FOLDER_ID/);
            return true;
          });
        }),
      );
    });
    it("refuses both an id and a name, and neither", async () => {
      await assert.rejects(
        getSecret({ secretId, name: "looked-up" } as never),
        /getSecret: give secretId or name, not both/,
      );
      await assert.rejects(getSecret({} as never), /getSecret: give secretId, or name/);
    });
    it("returns the whole current version and the password spec", async () => {
      const s = await lifecycle.secret.create({
        folderId: FOLDER,
        name: "generated-lookup",
        passwordPayloadSpecification: { passwordKey: "pw", length: 24, includePunctuation: false },
      });
      const r = await getSecret({ secretId: s.id });
      const current = (await world.raw.secrets.get(s.id)).currentVersion!;
      assert.deepEqual(r.passwordPayloadSpecification, {
        passwordKey: "pw",
        length: 24,
        includePunctuation: false,
      });
      assert.deepEqual(r.currentVersion, {
        id: current.id,
        secretId: s.id,
        status: "ACTIVE",
        description: current.description ?? "",
        payloadEntryKeys: ["pw"],
        createdAt: current.createdAt,
        destroyAt: "",
      });
      assert.equal(r.currentVersionId, current.id);
      // A secret without a spec or a version has neither key.
      const plain = await lifecycle.secret.create({ folderId: FOLDER, name: "no-version-lookup" });
      const p = await getSecret({ secretId: plain.id });
      assert.deepEqual(
        ["currentVersion" in p, "passwordPayloadSpecification" in p, p.currentVersionId],
        [false, false, ""],
      );
    });
    it("finds a secret by name for a caller bound only on the secret, through GetEx", async () => {
      const sa = await world.serviceAccount("secret-only-reader");
      await bindOnSecret(secretId, sa.id, ["lockbox.viewer", "lockbox.payloadViewer"]);
      const r = await withConfig({ token: sa.token }, () =>
        getSecret({ folderId: FOLDER, name: "looked-up" }),
      );
      assert.equal(r.id, secretId);
      // Without payload access there is no way to find the name: the error says which roles help.
      const viewer = await world.serviceAccount("secret-only-viewer");
      await bindOnSecret(secretId, viewer.id, ["lockbox.viewer"]);
      await assert.rejects(
        withConfig({ token: viewer.token }, () => getSecret({ folderId: FOLDER, name: "looked-up" })),
        /cannot find "looked-up" in folder .*lockbox\.viewer on it.*lockbox\.payloadViewer on the secret/,
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
    it("marks binary values as binary, in binaryKeys and in payloadEntries", async () => {
      const p = await getPayload({ secretId });
      assert.deepEqual(p.binaryKeys, ["blob"]);
      assert.equal(await pulumi.isSecret(p.payloadEntries), true);
      assert.deepEqual(await valueOf(p.payloadEntries), [
        { key: "password", textValue: "lookup-password" },
        { key: "blob", binaryValue: "AQID" },
      ]);
      const o = await valueOf(getPayloadOutput({ folderId: FOLDER, name: "looked-up" }));
      assert.deepEqual([o.binaryKeys, o.payloadEntries[1]], [["blob"], { key: "blob", binaryValue: "AQID" }]);
    });
    it("finds a secret by name with payload access on the secret alone, and a given version", async () => {
      const sa = await world.serviceAccount("payload-only-reader");
      await bindOnSecret(secretId, sa.id, ["lockbox.payloadViewer"]);
      const p = await withConfig({ token: sa.token }, () =>
        getPayload({ folderId: FOLDER, name: "looked-up", versionId }),
      );
      assert.deepEqual([p.secretId, p.versionId, p.binaryKeys], [secretId, versionId, ["blob"]]);
      assert.equal((await valueOf(p.entries)).password, "lookup-password");
      // The same caller cannot list the folder: by name goes through GetEx, not List.
      const c = new LockboxClient({ endpoint: world.url, iamToken: sa.token });
      try {
        await assert.rejects(c.secrets.list({ folderId: FOLDER }).toArray(), PermissionDeniedError);
      } finally {
        await c.close();
      }
    });
    it("has an Output form that is secret as a whole", async () => {
      const o = getPayloadOutput(pulumi.output({ secretId }));
      assert.equal(await pulumi.isSecret(o), true);
      assert.equal((await valueOf(o)).entries.password, "lookup-password");
    });
  });

  describe("getSecretVersionEntry()", () => {
    it("returns a text entry as a Pulumi secret, by id or by name in the default folder", async () => {
      const e = await getSecretVersionEntry({ secretId, key: "password" });
      assert.deepEqual([e.secretId, e.versionId, e.key, e.binary], [secretId, versionId, "password", false]);
      assert.equal(await pulumi.isSecret(e.value), true);
      assert.equal(await valueOf(e.value), "lookup-password");
      const byName = await withConfig({ folderId: FOLDER }, () =>
        getSecretVersionEntry({ name: "looked-up", key: "password" }),
      );
      assert.equal(await valueOf(byName.value), "lookup-password");
    });
    it("returns a binary entry as base64, marked binary", async () => {
      const e = await getSecretVersionEntry({ secretId, key: "blob" });
      assert.equal(e.binary, true);
      assert.deepEqual([...Buffer.from(await valueOf(e.value), "base64")], [1, 2, 3]);
    });
    it("reads a pinned version, and has an Output form that is secret as a whole", async () => {
      const s = await lifecycle.secret.create({ folderId: FOLDER, name: "entry-versions" });
      const v1 = await lifecycle.secretVersion.create({
        secretId: s.id,
        entries: [{ key: "token", textValue: "first-token" }],
      });
      await lifecycle.secretVersion.create({
        secretId: s.id,
        entries: [{ key: "token", textValue: "second" }],
      });
      const pinned = await getSecretVersionEntry({ secretId: s.id, versionId: v1.id, key: "token" });
      assert.equal(await valueOf(pinned.value), "first-token");
      const o = getSecretVersionEntryOutput(pulumi.output({ secretId: s.id, key: "token" }));
      assert.equal(await pulumi.isSecret(o), true);
      assert.equal((await valueOf(o)).value, "second");
    });
    it("names the missing key and the keys the version has, never a value", async () => {
      await assert.rejects(getSecretVersionEntry({ secretId, key: "nope" }), (err: Error) => {
        assert.match(err.message, /has no entry "nope" \(its keys: "password", "blob"\)/);
        assert.ok(!err.message.includes("lookup-password"));
        return true;
      });
    });
  });

  describe("getKmsSymmetricKey()", () => {
    it("finds a key by id and by name (given folder or the default one), with every field", async () => {
      const k = await lifecycle.kmsSymmetricKey.create({
        folderId: FOLDER,
        name: "lookup-key",
        description: "for lookups",
        labels: { team: "b" },
        rotationPeriod: "86400s",
      });
      const raw = await world.raw.kms.keys.get(k.id);
      const byId = await getKmsSymmetricKey({ keyId: k.id });
      assert.deepEqual(byId, {
        id: k.id,
        folderId: FOLDER,
        name: "lookup-key",
        description: "for lookups",
        labels: { team: "b" },
        status: "ACTIVE",
        defaultAlgorithm: "AES_256",
        rotationPeriod: "86400s",
        rotatedAt: raw.rotatedAt ?? "",
        deletionProtection: false,
        createdAt: raw.createdAt,
        primaryVersionId: raw.primaryVersion!.id,
      });
      assert.deepEqual(await getKmsSymmetricKey({ folderId: FOLDER, name: "lookup-key" }), byId);
      assert.deepEqual(
        await withConfig({ folderId: FOLDER }, () => getKmsSymmetricKey({ name: "lookup-key" })),
        byId,
      );
      assert.deepEqual(await valueOf(getKmsSymmetricKeyOutput(pulumi.output({ keyId: k.id }))), byId);
    });
    it("refuses a missing name and a name two keys share", async () => {
      await assert.rejects(
        getKmsSymmetricKey({ folderId: FOLDER, name: "no-such-key" }),
        /no KMS symmetric key named "no-such-key" in folder/,
      );
      const a = await lifecycle.kmsSymmetricKey.create({ folderId: FOLDER, name: "twin-key" });
      const b = await lifecycle.kmsSymmetricKey.create({ folderId: FOLDER, name: "twin-key" });
      await assert.rejects(getKmsSymmetricKey({ folderId: FOLDER, name: "twin-key" }), (err: Error) => {
        assert.match(err.message, /2 KMS symmetric keys are named "twin-key"/);
        assert.ok(err.message.includes(a.id) && err.message.includes(b.id));
        return true;
      });
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
