import * as assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { setFaults, startLocalServer, TEST_FOLDER, createUser } from "../../helpers/server";
import { as, done, failed } from "./http";

describe("lockbox-local fault injection, stats and logs", () => {
  describe("POST /_local/faults", () => {
    it("answers 503 UNAVAILABLE with Retry-After and runs nothing", async () => {
      const server = await startLocalServer();
      const root = as(server);
      await setFaults(server, { unavailable: 1, times: 1 });
      const res = await root.post("/lockbox/v1/secrets", { folderId: "b1gfault503" });
      failed(res, 503, 14);
      assert.equal(res.headers.get("retry-after"), "1");
      assert.deepEqual((await root.get("/lockbox/v1/secrets?folderId=b1gfault503")).body.secrets, []);
      done(await root.post("/lockbox/v1/secrets", { folderId: "b1gfault503" }));
    });

    it("answers 429 RESOURCE_EXHAUSTED", async () => {
      const server = await startLocalServer();
      await setFaults(server, { rateLimited: 1, times: 1 });
      failed(await as(server).post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }), 429, 8);
    });

    it("drops the connection before running the request", async () => {
      const server = await startLocalServer();
      const root = as(server);
      await setFaults(server, { drop: 1, times: 1 });
      await assert.rejects(root.post("/lockbox/v1/secrets", { folderId: "b1gfaultdrop" }));
      assert.deepEqual((await root.get("/lockbox/v1/secrets?folderId=b1gfaultdrop")).body.secrets, []);
    });

    it("commits then drops the connection, and a retry with the same Idempotency-Key returns that operation", async () => {
      const server = await startLocalServer();
      const root = as(server);
      await setFaults(server, { commitThenDrop: 1, times: 1 });
      const key = randomUUID();
      const body = { folderId: "b1gfaultcommit", versionPayloadEntries: [{ key: "k", textValue: "v" }] };
      await assert.rejects(root.post("/lockbox/v1/secrets", body, { "idempotency-key": key }));
      const committed = (await root.get("/lockbox/v1/secrets?folderId=b1gfaultcommit")).body
        .secrets as Array<{ id: string }>;
      assert.equal(committed.length, 1, "the dropped request was committed");
      const retry = done(await root.post("/lockbox/v1/secrets", body, { "idempotency-key": key }));
      assert.equal(retry.metadata.secretId, committed[0]!.id);
      assert.equal(
        ((await root.get("/lockbox/v1/secrets?folderId=b1gfaultcommit")).body.secrets as unknown[]).length,
        1,
      );
    });

    it("spares reads unless only=all, and rejects a rate above 1", async () => {
      const server = await startLocalServer();
      const root = as(server);
      await setFaults(server, { unavailable: 1 });
      assert.equal((await root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`)).status, 200);
      await setFaults(server, { unavailable: 1, only: "all" });
      failed(await root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`), 503, 14);
      assert.equal((await root.get("/health")).status, 200);
      await setFaults(server, {});
      failed(await root.post("/_local/faults", { unavailable: 2 }), 400, 3);
    });

    it("takes a --faults spec at start", async () => {
      const server = await startLocalServer({ faults: "rateLimited=1,times=1" });
      failed(await as(server).post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }), 429, 8);
      done(await as(server).post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
    });
  });

  describe("GET /_local/stats", () => {
    it("counts requests a fault dropped apart from answered ones (a committed mutation still counts)", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const route = "POST /lockbox/v1/secrets";
      await setFaults(server, { drop: 1, times: 1 });
      await assert.rejects(root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      let stats = await server.stats();
      assert.equal(stats.requests[route], undefined, "a dropped request is not an answered one");
      assert.equal(stats.dropped[route], 1);
      assert.equal(stats.mutations, 0, "nothing ran");
      await setFaults(server, { commitThenDrop: 1, times: 1 });
      await assert.rejects(root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      done(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      stats = await server.stats();
      assert.equal(stats.requests[route], 1);
      assert.equal(stats.dropped[route], 2);
      assert.equal(stats.mutations, 2, "the committed-then-dropped create and the answered one");
    });

    it("counts requests by route template and mutating calls only for mutations", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const op = done(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      const id = String(op.metadata.secretId);
      await root.get(`/lockbox/v1/secrets/${id}`);
      await root.get(`/lockbox/v1/secrets/${id}`);
      await root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`);
      const stats = await server.stats();
      assert.equal(stats.mutations, 1);
      assert.equal(stats.requests["GET /lockbox/v1/secrets/{secretId}"], 2);
      assert.equal(stats.requests["POST /lockbox/v1/secrets"], 1);
      assert.equal(stats.requests["GET /lockbox/v1/secrets"], 1);
    });
  });

  describe("the request log", () => {
    it("writes one JSON line per request with method, path, status, duration and request id, and no token or value", async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
          cb();
        },
      });
      const server = await startLocalServer({ logLevel: "info", logDestination: sink });
      const user = await createUser(server, { roles: ["admin"] });
      const marker = `LOGMARKER-${randomUUID()}`;
      const res = await as(server, user.token).post("/lockbox/v1/secrets", {
        folderId: TEST_FOLDER,
        name: "logged",
        versionPayloadEntries: [{ key: "k", textValue: marker }],
      });
      const secretId = String((res.body.metadata as { secretId: string }).secretId);
      await as(server, user.token).get(`/lockbox/v1/secrets/${secretId}/payload`);
      await as(server, "t1.bad-token").get(`/lockbox/v1/secrets/${secretId}`);
      const all = lines.join("\n");
      assert.doesNotMatch(all, new RegExp(marker));
      assert.doesNotMatch(all, new RegExp(user.token.replace(/\./g, "\\.")));
      assert.doesNotMatch(all, new RegExp(server.rootToken.replace(/\./g, "\\.")));
      assert.doesNotMatch(all, /bad-token/);
      assert.doesNotMatch(all, /[Aa]uthorization/);
      const entries = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((e) => e.msg === "request");
      const payload = entries.find((e) => e.path === `/lockbox/v1/secrets/${secretId}/payload`);
      assert.ok(payload, all);
      assert.equal(payload.method, "GET");
      assert.equal(payload.status, 200);
      assert.equal(typeof payload.durationMs, "number");
      assert.match(String(payload.reqId), /^[0-9a-f-]{36}$/);
      assert.ok(entries.some((e) => e.status === 401));
    });
  });
});
