/**
 * The shared lockbox-local fixtures (test/helpers/lockbox-fixture.ts): a real server for the suite,
 * gone once the suite is done.
 */
import assert from "node:assert/strict";
import * as lifecycle from "../../provider/lifecycle";
import { newFolder } from "../helpers/client";
import { useLockboxLocal, useLockboxWorld } from "../helpers/lockbox-fixture";
import { FOLDER } from "../helpers/world";

describe("test fixtures: useLockboxLocal and useLockboxWorld", () => {
  let localUrl = "";
  let worldUrl = "";
  let local: ReturnType<typeof useLockboxLocal>;
  let world: ReturnType<typeof useLockboxWorld>;

  describe("during the suite", () => {
    local = useLockboxLocal({ server: { operationDelayMs: 50 } });
    world = useLockboxWorld();

    it("useLockboxLocal serves a real lockbox-local on 127.0.0.1 with a root client", async () => {
      localUrl = local.server.url;
      assert.match(localUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      const folderId = newFolder();
      const op = await local.client.secrets.create({ folderId, name: "fixture" });
      assert.equal(op.done, false, "the server option (operationDelayMs) reached the server");
      await local.client.awaitOperation(op);
      const listed = await local.client.secrets.list({ folderId }).toArray();
      assert.deepEqual(
        listed.map((s) => s.name),
        ["fixture"],
      );
    });

    it("useLockboxWorld starts another server and points the lifecycle module at it", async () => {
      worldUrl = world.url;
      assert.notEqual(worldUrl, localUrl);
      const created = await lifecycle.secret.create({ folderId: FOLDER, name: "fixture-world" });
      assert.equal((await world.raw.secrets.get(created.id)).name, "fixture-world");
    });
  });

  describe("after the suite", () => {
    it("both servers are stopped", async () => {
      assert.ok(localUrl && worldUrl, "the first suite ran");
      for (const url of [localUrl, worldUrl]) {
        await assert.rejects(fetch(`${url}/_local/stats`), TypeError, `${url} still answers`);
      }
    });

    it("the fixtures refuse to be used outside the suite, naming why", () => {
      assert.throws(() => local.server, /runs only between the suite's before\(\) and after\(\)/);
      assert.throws(() => world.url, /runs only between the suite's before\(\) and after\(\)/);
    });
  });
});
