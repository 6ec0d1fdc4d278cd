/**
 * KmsSymmetricKey lifecycle against a real lockbox-local: every field but folderId updates in place
 * through KMS Update, so unprotecting a key works and editing a key never replaces its secrets.
 */
import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

const { secret, kmsSymmetricKey } = lifecycle;

describe("KmsSymmetricKey lifecycle against lockbox-local", () => {
  const world = useLockboxWorld();
  it("diffs every field but folderId as an in-place update", async () => {
    const olds = { folderId: FOLDER, name: "k", deletionProtection: true };
    for (const news of [
      { ...olds, name: "k2" },
      { ...olds, description: "d" },
      { ...olds, labels: { a: "b" } },
      { ...olds, rotationPeriod: "86400s" },
      { ...olds, deletionProtection: false },
      { ...olds, defaultAlgorithm: "AES_128" },
    ]) {
      const d = await kmsSymmetricKey.diff("abj1", olds, news);
      assert.equal(d.changes, true, JSON.stringify(news));
      assert.deepEqual(d.replaces, [], JSON.stringify(news));
    }
    const moved = await kmsSymmetricKey.diff("abj1", olds, { ...olds, folderId: "b1gother" });
    assert.deepEqual([moved.replaces, moved.deleteBeforeReplace], [["folderId"], false]);
  });

  it("unprotects a protected key in place, after which it can be deleted", async () => {
    const inputs = { folderId: FOLDER, name: "protected-key", deletionProtection: true };
    const k = await kmsSymmetricKey.create(inputs);
    await assert.rejects(kmsSymmetricKey.delete(k.id, k.outs), (err: Error) => {
      assert.match(err.message, /deletionProtection/);
      assert.match(err.message, /pulumi up/);
      assert.doesNotMatch(err.message, /Replace it/);
      return true;
    });
    assert.equal((await world.raw.kms.keys.get(k.id)).status, "ACTIVE", "the refused delete changed nothing");

    const news = { ...inputs, deletionProtection: false };
    assert.deepEqual((await kmsSymmetricKey.diff(k.id, k.outs as never, news)).replaces, []);
    const off = await kmsSymmetricKey.update(k.id, k.outs, news);
    assert.equal(off.outs.deletionProtection, false);
    assert.equal((await world.raw.kms.keys.get(k.id)).deletionProtection, false);

    await kmsSymmetricKey.delete(k.id, off.outs);
    assert.deepEqual(await kmsSymmetricKey.read(k.id, off.outs), {});
  });

  it("edits name, description, labels, rotationPeriod and defaultAlgorithm in place; its secrets stay readable", async () => {
    const inputs = { folderId: FOLDER, name: "app-key", labels: { env: "dev" }, rotationPeriod: "86400s" };
    const k = await kmsSymmetricKey.create(inputs);
    const s = await secret.create({ folderId: FOLDER, name: "encrypted-by-app-key", kmsKeyId: k.id });
    await world.raw.awaitOperation(
      await world.raw.secrets.addVersion(s.id, { payloadEntries: [{ key: "k", textValue: "v" }] }),
    );

    const news = {
      folderId: FOLDER,
      name: "app-key-renamed",
      description: "used by the app",
      labels: { env: "prod" },
      defaultAlgorithm: "AES_128",
    };
    const d = await kmsSymmetricKey.diff(k.id, k.outs as never, news);
    assert.deepEqual(d.replaces, []);
    assert.deepEqual(d.changed, ["name", "description", "labels", "defaultAlgorithm", "rotationPeriod"]);
    const before = await world.mutations();
    const updated = await kmsSymmetricKey.update(k.id, k.outs, news);
    assert.equal(await world.mutations(), before + 1, "one Update call");

    const onServer = await world.raw.kms.keys.get(k.id);
    assert.equal(onServer.id, k.id);
    assert.equal(onServer.name, "app-key-renamed");
    assert.equal(onServer.description, "used by the app");
    assert.deepEqual(onServer.labels, { env: "prod" });
    assert.equal(onServer.defaultAlgorithm, "AES_128");
    assert.equal(onServer.rotationPeriod, undefined, "removing rotationPeriod clears it");
    assert.equal(onServer.primaryVersion?.id, k.outs.primaryVersionId);
    assert.equal(updated.outs.name, "app-key-renamed");
    assert.equal(updated.outs.primaryVersionId, k.outs.primaryVersionId);

    const payload = await world.raw.payload.get(s.id);
    assert.equal(payload.entries[0]?.textValue, "v");
    const read = await kmsSymmetricKey.read(k.id, updated.outs);
    assert.equal((await kmsSymmetricKey.diff(k.id, read.props as never, news)).changes, false);

    // Nothing changed: no mutation.
    const quiet = await world.mutations();
    await kmsSymmetricKey.update(k.id, updated.outs, news);
    assert.equal(await world.mutations(), quiet);

    await secret.delete(s.id, s.outs);
    await kmsSymmetricKey.delete(k.id, updated.outs);
  });
});
