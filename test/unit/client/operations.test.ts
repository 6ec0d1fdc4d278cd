import assert from "node:assert/strict";
import { z } from "zod";
import * as api from "../../../provider/api";
import {
  FailedPreconditionError,
  LockboxAbortError,
  LockboxResponseError,
  LockboxTimeoutError,
  PermissionDeniedError,
  metadataOf,
  responseOf,
} from "../../../provider/client";
import { doneOp, harness } from "../../helpers/client-mock";

const RUNNING = { id: "op1", description: "Create secret", done: false };

describe("client operations", () => {
  describe(".awaitOperation()", () => {
    it("returns a done Operation without polling", async () => {
      const h = harness();
      const op = doneOp("op1", { id: "s1" });
      const done = await h.client.awaitOperation(api.common.operation().parse(op));
      assert.equal(done.id, "op1");
      assert.equal(h.seen.length, 0);
      await h.finish();
    });

    it("polls /operations/{id} with growing delays until done", async () => {
      const h = harness({ operationPollInterval: 100 });
      const route = { path: "/operations/op1", method: "GET" };
      h.pool.intercept(route).reply(h.reply(200, RUNNING)).times(2);
      h.pool.intercept(route).reply(h.reply(200, doneOp("op1", { id: "s1", folderId: "f1" })));
      const done = await h.client.awaitOperation(api.common.operation().parse(RUNNING));
      assert.equal(done.done, true);
      assert.equal(h.seen.length, 3);
      assert.deepEqual(h.delays, [100, 150, 225]);
      await h.finish();
    });

    it("never waits longer than maxPollInterval between polls", async () => {
      const h = harness();
      h.pool.intercept({ path: "/operations/op1", method: "GET" }).reply(h.reply(200, RUNNING)).times(3);
      h.pool.intercept({ path: "/operations/op1", method: "GET" }).reply(h.reply(200, doneOp("op1")));
      await h.client.awaitOperation(api.common.operation().parse(RUNNING), {
        pollInterval: 1000,
        maxPollInterval: 1200,
      });
      assert.deepEqual(h.delays, [1000, 1200, 1200, 1200]);
      await h.finish();
    });

    it("throws the error class of the Operation's error code, naming the operation", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/operations/op1", method: "GET" })
        .reply(h.reply(200, { id: "op1", done: true, error: { code: 9, message: "secret is INACTIVE" } }));
      await assert.rejects(h.client.awaitOperation(api.common.operation().parse(RUNNING)), (err: unknown) => {
        assert.ok(err instanceof FailedPreconditionError);
        assert.equal(err.operationId, "op1");
        assert.equal(err.apiMessage, "secret is INACTIVE");
        return true;
      });
      await h.finish();
    });

    it("keeps polling while a not-done Operation already carries an error (a rollback is running)", async () => {
      const h = harness();
      const route = { path: "/operations/op1", method: "GET" };
      h.pool
        .intercept(route)
        .reply(h.reply(200, { ...RUNNING, error: { code: 13, message: "rolling back" } }));
      h.pool
        .intercept(route)
        .reply(h.reply(200, { id: "op1", done: true, error: { code: 13, message: "failed" } }));
      await assert.rejects(h.client.awaitOperation(api.common.operation().parse(RUNNING)), /failed/);
      assert.equal(h.seen.length, 2);
      await h.finish();
    });

    it("throws for an Operation that was already done with an error", async () => {
      const h = harness();
      const op = api.common.operation().parse({ id: "op2", done: true, error: { code: 7, message: "no" } });
      await assert.rejects(h.client.awaitOperation(op), PermissionDeniedError);
      await h.finish();
    });

    it("gives up with LockboxTimeoutError after operationTimeout", async () => {
      const h = harness({ operationPollInterval: 500, operationTimeout: 2000 });
      h.pool.intercept({ path: "/operations/op1", method: "GET" }).reply(h.reply(200, RUNNING)).persist();
      await assert.rejects(h.client.awaitOperation(api.common.operation().parse(RUNNING)), (err: unknown) => {
        assert.ok(err instanceof LockboxTimeoutError);
        assert.match(err.message, /operation op1 \(Create secret\) was not done after 2000 ms/);
        return true;
      });
      assert.deepEqual(h.delays, [500, 750]);
      assert.equal(h.seen.length, 2);
      await h.finish();
    });

    it("stops waiting when the caller aborts", async () => {
      const controller = new AbortController();
      controller.abort();
      const h = harness({
        sleep: (_ms, signal) => (signal?.aborted ? Promise.reject(new Error("aborted")) : Promise.resolve()),
      });
      await assert.rejects(
        h.client.awaitOperation(api.common.operation().parse(RUNNING), { signal: controller.signal }),
        LockboxAbortError,
      );
      assert.equal(h.seen.length, 0);
      await h.finish();
    });
  });

  describe("responseOf()", () => {
    it("parses the response of a done Operation with a provider/api schema", () => {
      const op = api.common.operation().parse(doneOp("op1", { id: "s1", folderId: "f1", status: "ACTIVE" }));
      const secret = responseOf(op, api.secrets.secret);
      assert.equal(secret.id, "s1");
      assert.equal(secret.status, "ACTIVE");
    });

    it("refuses an Operation that is not done", () => {
      assert.throws(
        () => responseOf(api.common.operation().parse(RUNNING), api.secrets.secret),
        LockboxResponseError,
      );
    });

    it("refuses a response of the wrong shape", () => {
      const op = api.common.operation().parse(doneOp("op1", {}));
      assert.throws(() => responseOf(op, api.secrets.secret), /no response of the expected shape/);
    });
  });

  describe("metadataOf()", () => {
    it("reads metadata before the Operation is done", () => {
      const op = api.common.operation().parse({
        ...RUNNING,
        metadata: {
          "@type": "type.googleapis.com/yandex.cloud.lockbox.v1.CreateSecretMetadata",
          secretId: "s1",
        },
      });
      assert.equal(metadataOf(op, z.looseObject({ secretId: z.string() })).secretId, "s1");
    });
  });

  describe("operations.get() and .cancel()", () => {
    it("GETs /operations/{id} and /operations/{id}:cancel", async () => {
      const h = harness();
      h.pool.intercept({ path: "/operations/op1", method: "GET" }).reply(h.reply(200, RUNNING));
      h.pool
        .intercept({ path: "/operations/op1:cancel", method: "GET" })
        .reply(h.reply(200, { ...RUNNING, done: true }));
      assert.equal((await h.client.operations.get("op1")).done, false);
      assert.equal((await h.client.operations.cancel("op1")).done, true);
      await h.finish();
    });
  });
});
