/**
 * Migration from the dynamic resources to the native provider (docs/native-provider.md): a stack
 * made with `lockbox.Secret` / `lockbox.SecretVersion` lets go of them with `retainOnDelete`, then
 * the same program declares `lockbox:index:*` resources with the `import` option. The service
 * resources stay the same ones: same ids, same creation time, no mutating call during the move.
 */
import * as assert from "node:assert/strict";
import { useLockboxWorld } from "../helpers/lockbox-fixture";
import { requirePlugin } from "../helpers/native";
import { newStack } from "../helpers/stack";
import { FOLDER } from "../helpers/world";

const VALUE = "migrated-value-7c1d";

describe("migration from the dynamic resources to the native provider (real CLI, lockbox-local)", function () {
  // Four engine runs (up, up, up with import, preview), each a few seconds; more on a loaded machine.
  this.timeout(600_000);
  const world = useLockboxWorld();

  before(requirePlugin);

  it("moves a secret and its version without deleting or recreating them", async function () {
    const { prog, stack } = await newStack(world, "migrate", { dbPassword: VALUE });
    const dynamic = (retain: boolean) => `
const opts = { retainOnDelete: ${retain} };
const secret = new lockbox.Secret("db", { name: "migrated", folderId: ${JSON.stringify(FOLDER)} }, opts);
const version = new lockbox.SecretVersion("db-v", {
  secretId: secret.id,
  entries: [{ key: "password", textValue: cfg.requireSecret("dbPassword") }],
}, opts);
exports.secretId = secret.id;
exports.versionId = version.versionId;
`;
    prog.write(dynamic(false));
    await stack.up();
    const out = await stack.outputs();
    const secretId = String(out.secretId);
    const versionId = String(out.versionId);
    const created = (await world.raw.secrets.get(secretId)).createdAt;

    const before = await world.mutations();
    // 1. Let go of the dynamic resources: state forgets them, the service keeps them.
    prog.write(dynamic(true));
    await stack.up();
    prog.write("");
    await stack.up();
    assert.deepEqual(
      ((await stack.exportStack()).deployment.resources ?? []).filter(
        (r) => r.custom && !r.type.startsWith("pulumi:"),
      ),
      [],
    );
    // 2. The same program with native resources, imported by id.
    prog.write(`
const secret = new pulumi.CustomResource("lockbox:index:Secret", "db",
  { name: "migrated", folderId: ${JSON.stringify(FOLDER)} }, { import: ${JSON.stringify(secretId)} });
new pulumi.CustomResource("lockbox:index:SecretVersion", "db-v",
  { secretId: secret.id, entries: [{ key: "password", textValue: cfg.requireSecret("dbPassword") }] },
  { import: ${JSON.stringify(`${secretId}/${versionId}`)} });
`);
    await stack.up();
    assert.equal(await world.mutations(), before, "the move made a mutating call to the service");
    const types = ((await stack.exportStack()).deployment.resources ?? [])
      .filter((r) => r.type.startsWith("lockbox:"))
      .map((r) => `${r.type} ${r.id}`);
    assert.deepEqual(types.sort(), [
      `lockbox:index:Secret ${secretId}`,
      `lockbox:index:SecretVersion ${secretId}/${versionId}`,
    ]);
    const preview = await stack.preview({ json: true });
    const summary = (preview.json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
    assert.deepEqual(
      Object.keys(summary).filter((k) => k !== "same"),
      [],
    );
    const secret = await world.raw.secrets.get(secretId);
    assert.equal(secret.createdAt, created);
    assert.equal(secret.currentVersion?.id, versionId);
    assert.equal((await world.raw.payload.get(secretId)).entries[0]?.textValue, VALUE);
    await stack.destroy();
  });
});
