/**
 * Concurrent version writers on one secret against a real lockbox-local: SecretVersion creates and
 * `runtime.put` calls started together. AddVersion applies its changes to a base version; every
 * writer names the version its removals were computed from, so each new version holds exactly the
 * entries its writer declared, whatever the others did in between.
 */
import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { runtime } from "../../../sdk";
import { FOLDER, type LocalWorld } from "../../helpers/world";
import { entriesOf, payloadOf } from "../../helpers/version-writers";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

async function secretWithVersion(world: LocalWorld, name: string): Promise<string> {
  const op = await world.raw.awaitOperation(
    await world.raw.secrets.create({
      folderId: FOLDER,
      name,
      versionPayloadEntries: [{ key: "old", textValue: "old-value" }],
    }),
  );
  return String(op.metadata?.secretId);
}

describe("concurrent version writes against lockbox-local", () => {
  const world = useLockboxWorld();
  it("SecretVersion creates started together each make a version holding exactly their entries", async () => {
    const secretId = await secretWithVersion(world, "concurrent-lifecycle");
    const writers = ["a", "b", "c", "d", "e", "f"];
    const made = await Promise.all(
      writers.map((w, i) => lifecycle.secretVersion.create({ secretId, entries: entriesOf(w, 1 + (i % 3)) })),
    );
    for (const [i, w] of writers.entries()) {
      const v = made[i]!;
      assert.deepEqual(await payloadOf(world.raw, secretId, v.id), entriesOf(w, 1 + (i % 3)), `writer ${w}`);
      assert.deepEqual(
        v.outs.payloadEntryKeys,
        entriesOf(w, 1 + (i % 3)).map((e) => e.key),
      );
    }
    const current = (await world.raw.secrets.get(secretId)).currentVersion?.id;
    assert.ok(
      made.some((m) => m.id === current),
      "one of the writers' versions is current",
    );
  });

  it("runtime.put calls and SecretVersion creates racing on one secret never mix their entries", async () => {
    const secretId = await secretWithVersion(world, "concurrent-mixed");
    const ref = runtime.secret(secretId, { client: world.raw });
    const puts = ["p1", "p2", "p3"].map(async (w) => ({
      w,
      id: await ref.put(Object.fromEntries(entriesOf(w, 2).map((e) => [e.key, e.textValue]))),
    }));
    const creates = ["s1", "s2", "s3"].map(async (w) => ({
      w,
      id: (await lifecycle.secretVersion.create({ secretId, entries: entriesOf(w, 2) })).id,
    }));
    const all = await Promise.all([...puts, ...creates]);
    assert.equal(new Set(all.map((x) => x.id)).size, all.length, "every writer made its own version");
    for (const { w, id } of all) {
      assert.deepEqual(await payloadOf(world.raw, secretId, id), entriesOf(w, 2), `writer ${w}`);
    }
  });

  it("writers racing on a secret that has no version yet still each get exactly their entries", async () => {
    const op = await world.raw.awaitOperation(
      await world.raw.secrets.create({ folderId: FOLDER, name: "concurrent-empty" }),
    );
    const secretId = String(op.metadata?.secretId);
    const ref = runtime.secret(secretId, { client: world.raw });
    const all = await Promise.all([
      ...["e1", "e2"].map(async (w) => ({
        w,
        id: (await lifecycle.secretVersion.create({ secretId, entries: entriesOf(w, 2) })).id,
      })),
      ...["e3", "e4"].map(async (w) => ({
        w,
        id: await ref.put(Object.fromEntries(entriesOf(w, 1).map((e) => [e.key, e.textValue]))),
      })),
    ]);
    for (const { w, id } of all) {
      const expected = entriesOf(w, w === "e3" || w === "e4" ? 1 : 2);
      assert.deepEqual(await payloadOf(world.raw, secretId, id), expected, `writer ${w}`);
    }
  });
});
