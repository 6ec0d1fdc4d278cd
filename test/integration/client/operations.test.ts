import assert from "node:assert/strict";
import * as api from "../../../provider/api";
import { LockboxTimeoutError, responseOf } from "../../../provider/client";
import { newFolder, realSleep } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

describe("LockboxClient against lockbox-local: operations", () => {
  // Every mutation stays done:false for a while, so the client has to poll.
  const local = useLockboxLocal({ server: { operationDelayMs: 150 }, client: { operationPollInterval: 20 } });

  describe(".awaitOperation()", () => {
    it("polls an unfinished Operation until it is done and returns its response", async () => {
      const op = await local.client.secrets.create({ folderId: newFolder(), name: "slow" });
      assert.equal(op.done, false);
      const before = (await local.server.stats()).requests["GET /operations/{operationId}"] ?? 0;
      const done = await local.client.awaitOperation(op);
      const after = (await local.server.stats()).requests["GET /operations/{operationId}"] ?? 0;
      assert.equal(done.done, true);
      assert.ok(after - before >= 1, "polled at least once");
      assert.equal(responseOf(done, api.secrets.secret).name, "slow");
    });

    describe("with an Operation that takes 2 s", () => {
      // Far longer than the 30 ms timeout, so a loaded machine (a first poll that comes late)
      // cannot see the Operation done before the client gives up. Real waits: with connect's 5 ms
      // cap the second wait would use up its 300 s (counted in poll delays) in under a second and
      // give up before the 2 s are over, or not, depending on how fast each poll answers.
      const slow = useLockboxLocal({
        server: { operationDelayMs: 2000 },
        client: { operationPollInterval: 20, sleep: realSleep },
      });
      it("gives up with LockboxTimeoutError when the Operation outlives operationTimeout", async () => {
        const op = await slow.client.secrets.create({ folderId: newFolder(), name: "slower" });
        await assert.rejects(
          slow.client.awaitOperation(op, { timeout: 30, pollInterval: 10 }),
          LockboxTimeoutError,
        );
        await slow.client.awaitOperation(op);
      });
    });
  });

  describe(".get()", () => {
    it("reads an Operation by id, with metadata before it is done", async () => {
      const op = await local.client.secrets.create({ folderId: newFolder(), name: "meta" });
      const again = await local.client.operations.get(op.id);
      assert.equal(again.id, op.id);
      assert.equal(
        (again.metadata as { secretId?: string }).secretId,
        (op.metadata as { secretId?: string }).secretId,
      );
      await local.client.awaitOperation(op);
    });
  });

  describe(".cancel()", () => {
    it("answers with the Operation", async () => {
      const op = await local.client.secrets.create({ folderId: newFolder(), name: "cancel-me" });
      const cancelled = await local.client.operations.cancel(op.id);
      assert.equal(cancelled.id, op.id);
    });
  });
});
