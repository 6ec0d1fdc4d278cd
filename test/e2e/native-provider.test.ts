/**
 * The native `lockbox` provider through the real engine: the engine finds `pulumi-resource-lockbox`
 * on PATH (node_modules/.bin, as after `npm install`), programs register `lockbox:index:*` resources
 * with its default provider or an explicit `pulumi:providers:lockbox`, and `pulumi import` reads
 * resources made out of band from their ids alone. Every check looks at lockbox-local through REST.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { FOLDER } from "../helpers/world";
import { newStack, programDir } from "../helpers/stack";
import { createStack, repoRoot, runPulumi } from "../helpers/pulumi";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

const PLUGIN = path.join(repoRoot, "node_modules", ".bin", "pulumi-resource-lockbox");

/** A CustomResource of the native provider, declared in program source. */
const res = (type: string, name: string, props: string, opts = "{}") =>
  `new pulumi.CustomResource("lockbox:index:${type}", ${JSON.stringify(name)}, ${props}, ${opts})`;

function noChanges(json: unknown): string[] {
  const summary = (json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
  return Object.keys(summary).filter((k) => k !== "same");
}

describe("native lockbox provider through the real engine", function () {
  this.timeout(600_000);
  const world = useLockboxWorld();
  const second = useLockboxWorld();

  it("the plugin is on PATH, and `pulumi package get-schema` on it prints the committed schema", async () => {
    assert.ok(fs.existsSync(PLUGIN), "npm install (link-self) puts the plugin in node_modules/.bin");
    const { stack } = await newStack(world, "schema");
    const r = await runPulumi(["package", "get-schema", PLUGIN], { cwd: stack.workDir, env: stack.env });
    const committed = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as unknown;
    assert.deepEqual(JSON.parse(r.stdout), committed);
  });

  it("creates, updates in place, refreshes and destroys through the default provider; invokes read back", async () => {
    const { prog, stack } = await newStack(world, "native-crud", { dbPassword: "native-value-1" });
    const program = () => `
const key = ${res("KmsSymmetricKey", "key", `{ name: "native-key" }`)};
const secret = ${res("Secret", "db", `{ name: "native-db", description: cfg.get("desc") || "first", kmsKeyId: key.id, status: undefined }`)};
const version = ${res(
      "SecretVersion",
      "db-v",
      `{ secretId: secret.id, entries: [{ key: "password", textValue: cfg.requireSecret("dbPassword") }], versionId: undefined, valuesHash: undefined }`,
    )};
${res("AccessBindingMember", "reader", `{ secretId: secret.id, role: "lockbox.payloadViewer", member: "system:allAuthenticatedUsers" }`)};
exports.keyId = key.id;
exports.secretId = secret.id;
exports.versionResourceId = version.id;
exports.versionId = version.versionId;
exports.lookedUpName = secret.id.apply((id) => pulumi.runtime.invoke("lockbox:index:getSecret", { secretId: id })).apply((r) => r.name);
exports.entry = pulumi.runtime
  .invokeOutput("lockbox:index:getSecretVersionEntry", { secretId: secret.id, key: "password" }, { dependsOn: [version] })
  .apply((r) => r.value);
`;
    prog.write(program());
    await stack.up();
    const out = await stack.outputs({ showSecrets: true });
    const secretId = String(out.secretId);
    const s = await world.raw.secrets.get(secretId);
    assert.deepEqual([s.name, s.description, s.kmsKeyId], ["native-db", "first", out.keyId]);
    assert.equal(
      out.versionResourceId,
      `${secretId}/${String(out.versionId)}`,
      "a version's id is its import id",
    );
    assert.equal((await world.raw.payload.get(secretId)).entries[0]!.textValue, "native-value-1");
    assert.equal(out.lookedUpName, "native-db");
    assert.equal(out.entry, "native-value-1");
    assert.equal(
      (await stack.outputs()).entry,
      "[secret]",
      "a payload value comes back from Invoke as a secret",
    );

    const state = await stack.exportStack();
    const text = JSON.stringify(state);
    assert.ok(!text.includes("native-value-1"), "no value in plaintext in state");
    const types = (state.deployment.resources ?? []).map((r) => r.type);
    assert.ok(types.includes("pulumi:providers:lockbox"), "the engine made a default lockbox provider");
    assert.ok(types.includes("lockbox:index:SecretVersion"));

    assert.deepEqual(
      noChanges((await stack.preview({ json: true })).json),
      [],
      "declared state shows no diff",
    );

    await stack.setConfig("desc", "second");
    prog.write(program());
    await stack.up();
    assert.equal((await world.raw.secrets.get(secretId)).description, "second");
    assert.equal((await stack.outputs()).secretId, secretId, "a description change updates in place");

    await stack.refresh({ args: ["--expect-no-changes"] });
    await stack.destroy();
    await assert.rejects(world.raw.secrets.get(secretId), /not found|NOT_FOUND/i);
  });

  it("pulumi import reads a secret and a version made through REST; the same program then shows no diff", async () => {
    const op = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "imported-db",
        description: "made by hand",
        versionPayloadEntries: [{ key: "password", textValue: "imported-value-1" }],
      }),
    );
    const secretId = String(op.metadata?.secretId);
    const versionId = (await world.raw.secrets.get(secretId)).currentVersion!.id;
    const { prog, stack } = await newStack(world, "native-import", { dbPassword: "imported-value-1" });

    const before = await world.mutations();
    const bad = await stack.run(["import", "lockbox:index:SecretVersion", "v", versionId, "--yes"], {
      allowFailure: true,
    });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout + bad.stderr, /expected <secretId>\/<versionId>/);
    assert.equal(await world.mutations(), before, "a malformed id changes nothing");

    // Code generation (the printed program) is the language host's part; ours has none, so it is off here.
    const flags = ["--yes", "--protect=false", "--generate-code=false"];
    await stack.run(["import", "lockbox:index:Secret", "db", secretId, ...flags]);
    await stack.run(["import", "lockbox:index:SecretVersion", "db-v", `${secretId}/${versionId}`, ...flags]);
    assert.equal(await world.mutations(), before, "importing changes nothing in the service");

    prog.write(`
const secret = ${res("Secret", "db", `{ name: "imported-db", description: "made by hand", folderId: ${JSON.stringify(FOLDER)} }`)};
${res("SecretVersion", "db-v", `{ secretId: secret.id, description: undefined, entries: [{ key: "password", textValue: cfg.requireSecret("dbPassword") }] }`)};
`);
    assert.deepEqual(
      noChanges((await stack.preview({ json: true })).json),
      [],
      "same fields, same values: no diff",
    );

    // A different value is a different version: the hash comparison sees it.
    await stack.setConfig("dbPassword", "imported-value-2", { secret: true });
    const changed = await stack.preview({ json: true });
    assert.deepEqual(noChanges(changed.json), ["replace"]);
    await stack.destroy();
  });

  it("an explicit provider addresses a second lockbox-local: each resource lands on its own server", async () => {
    const prog = programDir("native-two");
    const stack = await createStack({
      programDir: prog.dir,
      config: { "lockbox:endpoint": world.url, "lockbox:folderId": FOLDER, secondEndpoint: second.url },
      secrets: { "lockbox:token": world.rootToken, secondToken: second.rootToken },
    });
    prog.write(`
const other = new pulumi.ProviderResource("lockbox", "second", {
  endpoint: cfg.require("secondEndpoint"), token: cfg.requireSecret("secondToken"), folderId: ${JSON.stringify(FOLDER)} });
${res("Secret", "on-first", `{ name: "two-endpoints" }`)};
${res("Secret", "on-second", `{ name: "two-endpoints", description: "second" }`, "{ provider: other }")};
`);
    await stack.up();
    const named = async (w: typeof world) =>
      (await w.raw.secrets.list({ folderId: FOLDER }).toArray()).filter((x) => x.name === "two-endpoints");
    const [a, b] = [await named(world), await named(second)];
    assert.deepEqual([a.length, b.length, a[0]!.description ?? "", b[0]!.description], [1, 1, "", "second"]);
    const text = JSON.stringify(await stack.exportStack());
    assert.ok(!text.includes(second.rootToken), "the explicit provider's token is a secret in state");
    await stack.destroy();
    assert.deepEqual([(await named(world)).length, (await named(second)).length], [0, 0]);
  });
});
