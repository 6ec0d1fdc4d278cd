/**
 * Concurrent version writers through the real Pulumi CLI against lockbox-local: several
 * SecretVersions of one secret in one stack (the engine creates them in parallel), and two stacks
 * running `pulumi up` at the same time on one secret. Every version must hold exactly the entries its
 * resource declared.
 */
import * as assert from "node:assert/strict";
import { FOLDER } from "../helpers/world";
import * as types from "../../sdk/types";
import { lockboxResources, newStack } from "../helpers/stack";
import { entriesOf, payloadOf } from "../helpers/version-writers";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

describe("concurrent version writers through the real engine", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  it("several SecretVersions of one secret in one stack each hold exactly their entries", async () => {
    const { prog, stack } = await newStack(world, "many-versions");
    const writers = ["w1", "w2", "w3", "w4"];
    prog.write(`
const secret = new lockbox.Secret("shared", { name: "e2e-shared-versions" });
${writers
  .map(
    (w, i) =>
      `exports.${w} = new lockbox.SecretVersion("${w}", { secretId: secret.id, entries: ${JSON.stringify(entriesOf(w, 1 + (i % 2)))} }).versionId;`,
  )
  .join("\n")}
exports.secretId = secret.id;
`);
    await stack.up();
    const out = await stack.outputs();
    const secretId = String(out.secretId);
    for (const [i, w] of writers.entries()) {
      assert.deepEqual(await payloadOf(world.raw, secretId, String(out[w])), entriesOf(w, 1 + (i % 2)), w);
    }
    // A refresh records which one ended up current; nothing is replaced afterwards.
    await stack.refresh();
    const state = await stack.exportStack();
    const versions = lockboxResources(state.deployment.resources, types.SECRET_VERSION_TYPE);
    assert.equal(versions.filter((v) => v.outputs?.current === true).length, 1);
    const r = await stack.preview({ json: true });
    const summary = (r.json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
    assert.deepEqual(
      Object.keys(summary).filter((k) => k !== "same"),
      [],
    );
  });

  it("two stacks running up at once on one secret each add a version of exactly their entries", async () => {
    const op = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "e2e-two-stacks",
        versionPayloadEntries: [{ key: "seed", textValue: "seed-value" }],
      }),
    );
    const secretId = String(op.metadata?.secretId);
    const stacks = await Promise.all(
      ["left", "right"].map(async (w) => {
        const { prog, stack } = await newStack(world, `two-${w}`);
        prog.write(`
exports.versionId = new lockbox.SecretVersion("${w}", {
  secretId: ${JSON.stringify(secretId)},
  entries: ${JSON.stringify(entriesOf(w, 2))},
}).versionId;
`);
        return { w, stack };
      }),
    );
    await Promise.all(stacks.map(({ stack }) => stack.up()));
    for (const { w, stack } of stacks) {
      const versionId = String((await stack.outputs()).versionId);
      assert.deepEqual(await payloadOf(world.raw, secretId, versionId), entriesOf(w, 2), w);
    }
    const versions = await world.raw.secrets.listVersions(secretId).toArray();
    assert.equal(versions.length, 3, "the seed version plus one version per stack");
  });
});
