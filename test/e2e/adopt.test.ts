/**
 * Adopting resources that already exist, through the real CLI against lockbox-local. Pulumi's
 * `import` option cannot work for dynamic resources through this engine (the first test shows the
 * engine's Read reaching the dynamic-provider host without any state); the `adopt` argument of
 * Secret, SecretVersion and KmsSymmetricKey takes its place, and bindings take over the members of
 * their role when created.
 */
import * as assert from "node:assert/strict";
import { FOLDER } from "../helpers/world";
import { newStack } from "../helpers/stack";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

describe("adopting existing resources through the real engine", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  let secretId: string;
  let versionId: string;
  before(async () => {
    const op = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "adopt-db",
        labels: { owner: "ops" },
        versionPayloadEntries: [{ key: "password", textValue: "adopt-value-1" }],
      }),
    );
    secretId = String(op.metadata?.secretId);
    versionId = (await world.raw.secrets.get(secretId)).currentVersion!.id;
  });

  it("the import resource option fails in the dynamic-provider host, before the provider's read runs", async () => {
    const { prog, stack } = await newStack(world, "import-option");
    prog.write(`new lockbox.Secret("s", { name: "adopt-db" }, { import: ${JSON.stringify(secretId)} });`);
    const before = await world.mutations();
    const r = await stack.up({ allowFailure: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /Cannot read properties of undefined|code must be a string/);
    assert.equal(await world.mutations(), before);
  });

  it("Secret and SecretVersion adopt the existing secret and version: same ids, fields brought to the program's", async () => {
    const { prog, stack } = await newStack(world, "adopt", { dbPassword: "adopt-value-1" });
    const program = (password: string) => `
const secret = new lockbox.Secret("db", { name: "adopt-db", labels: { env: "prod" }, adopt: ${JSON.stringify(secretId)} });
const version = new lockbox.SecretVersion("db-v", {
  secretId: secret.id,
  entries: [{ key: "password", textValue: cfg.requireSecret(${JSON.stringify(password)}) }],
  adopt: ${JSON.stringify(versionId)},
});
exports.secretId = secret.id;
exports.versionId = version.versionId;
`;
    prog.write(program("dbPassword"));
    await stack.up();
    const out = await stack.outputs();
    assert.deepEqual([out.secretId, out.versionId], [secretId, versionId]);
    const s = await world.raw.secrets.get(secretId);
    assert.deepEqual([s.name, s.labels, s.currentVersion?.id], ["adopt-db", { env: "prod" }, versionId]);
    assert.equal(
      (await world.raw.secrets.listVersions(secretId).toArray()).length,
      1,
      "no version was added",
    );
    const named = (await world.raw.secrets.list({ folderId: FOLDER }).toArray()).filter(
      (x) => x.name === "adopt-db",
    );
    assert.equal(named.length, 1, "no secret was created");
    const r = await stack.preview({ json: true });
    const summary = (r.json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
    assert.deepEqual(
      Object.keys(summary).filter((k) => k !== "same"),
      [],
    );

    // From now on they are managed like any other: a new value makes a new version (the replacement
    // is created, not adopted again).
    await stack.setConfig("newPassword", "adopt-value-2", { secret: true });
    prog.write(program("newPassword"));
    await stack.up();
    assert.notEqual((await stack.outputs()).versionId, versionId);
    assert.equal((await world.raw.payload.get(secretId)).entries[0]?.textValue, "adopt-value-2");
  });

  it("a version that holds other entries than declared is refused, naming no value, and nothing changes", async () => {
    const { prog, stack } = await newStack(world, "adopt-wrong", { wrong: "adopt-wrong-value" });
    const current = (await world.raw.secrets.get(secretId)).currentVersion!.id;
    prog.write(`
new lockbox.SecretVersion("v", {
  secretId: ${JSON.stringify(secretId)},
  entries: [{ key: "password", textValue: cfg.requireSecret("wrong") }],
  adopt: ${JSON.stringify(current)},
});`);
    const before = await world.mutations();
    const r = await stack.up({ allowFailure: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /cannot adopt version .* its entries differ/);
    assert.ok(!(r.stdout + r.stderr).includes("adopt-wrong-value"));
    assert.equal(await world.mutations(), before);
  });

  it("KmsSymmetricKey adopts an existing key and updates it in place; a key in another folder is refused", async () => {
    const op = await world.raw.awaitOperation(
      await world.raw.kms.keys.create({ folderId: FOLDER, name: "raw-key", defaultAlgorithm: "AES_128" }),
    );
    const keyId = String(op.metadata?.keyId);
    const { prog, stack } = await newStack(world, "adopt-key");
    prog.write(`exports.id = new lockbox.KmsSymmetricKey("k", { name: "adopted-key", defaultAlgorithm: "AES_128",
      adopt: ${JSON.stringify(keyId)} }, { retainOnDelete: true }).id;`);
    await stack.up();
    assert.equal((await stack.outputs()).id, keyId);
    const k = await world.raw.kms.keys.get(keyId);
    assert.deepEqual([k.name, k.defaultAlgorithm], ["adopted-key", "AES_128"]);

    const other = await newStack(world, "adopt-key-folder");
    other.prog.write(
      `new lockbox.KmsSymmetricKey("k", { folderId: "b1gotherfolder", adopt: ${JSON.stringify(keyId)} });`,
    );
    const r = await other.stack.up({ allowFailure: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /cannot adopt .* it is in folder b1gintegration/);
  });

  it("AccessBinding and AccessBindingMember take over an existing role binding and member when created", async () => {
    const [reader, intruder] = [
      await world.serviceAccount("adopt-reader"),
      await world.serviceAccount("adopt-old"),
    ];
    await world.raw.awaitOperation(
      await world.raw.secrets.updateAccessBindings(secretId, {
        accessBindingDeltas: [reader, intruder].map((sa) => ({
          action: "ADD" as const,
          accessBinding: { roleId: "lockbox.payloadViewer", subject: { type: "serviceAccount", id: sa.id } },
        })),
      }),
    );
    const { prog, stack } = await newStack(world, "adopt-binding");
    prog.write(`
new lockbox.AccessBinding("viewers", { secretId: ${JSON.stringify(secretId)}, role: "lockbox.payloadViewer",
  members: ["serviceAccount:${reader.id}"] });
new lockbox.AccessBindingMember("reader-viewer", { secretId: ${JSON.stringify(secretId)}, role: "lockbox.viewer",
  member: "serviceAccount:${reader.id}" });`);
    await stack.up();
    const bindings = await world.raw.secrets.listAccessBindings(secretId).toArray();
    assert.deepEqual(
      bindings.map((b) => `${b.roleId} ${b.subject.id}`).sort(),
      [`lockbox.payloadViewer ${reader.id}`, `lockbox.viewer ${reader.id}`].sort(),
    );
  });
});
