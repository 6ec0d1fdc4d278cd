import assert from "node:assert/strict";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { inspect } from "node:util";
import {
  AlreadyExistsError,
  BadRequestError,
  FailedPreconditionError,
  LockboxAbortError,
  LockboxClient,
  LockboxConfigError,
  LockboxConnectionError,
  LockboxResponseError,
  LockboxTimeoutError,
  NotFoundError,
  PermissionDeniedError,
  ServiceUnavailableError,
  defaultEndpoints,
  isConfigError,
  type Logger,
} from "../../../provider/client";
import { TOKEN, doneOp, harness, status } from "../../helpers/client-mock";

const SECRET = { id: "s1", folderId: "f1", status: "ACTIVE" };

describe("LockboxClient", () => {
  describe("constructor", () => {
    it("throws a config error naming every option and variable when no credentials are set", () => {
      assert.throws(
        () => new LockboxClient({ env: {} }),
        (err: unknown) => {
          assert.ok(isConfigError(err));
          assert.ok(err instanceof LockboxConfigError);
          for (const name of [
            "iamToken",
            "oauthToken",
            "serviceAccountKey",
            "serviceAccountKeyFile",
            "YC_IAM_TOKEN",
            "YC_TOKEN",
            "YC_SERVICE_ACCOUNT_KEY_FILE",
          ]) {
            assert.match(err.message, new RegExp(`\\b${name}\\b`));
          }
          return true;
        },
      );
    });

    it("prefers an explicit option over the environment", () => {
      const client = new LockboxClient({ iamToken: "opt", env: { YC_IAM_TOKEN: "env" } });
      assert.equal(client.credentialSource, "the iamToken option");
    });

    it("reads YC_IAM_TOKEN before YC_TOKEN", () => {
      const client = new LockboxClient({ env: { YC_IAM_TOKEN: "a", YC_TOKEN: "b" } });
      assert.equal(client.credentialSource, "YC_IAM_TOKEN");
    });

    it("treats blank variables as unset", () => {
      const client = new LockboxClient({ env: { YC_IAM_TOKEN: "  ", YC_TOKEN: "oauth" } });
      assert.match(client.credentialSource, /^YC_TOKEN/);
    });

    it("names the file, not its contents, when a key file cannot be read", () => {
      assert.throws(
        () => new LockboxClient({ env: { YC_SERVICE_ACCOUNT_KEY_FILE: "/nonexistent/key.json" } }),
        /YC_SERVICE_ACCOUNT_KEY_FILE: cannot read \/nonexistent\/key.json: ENOENT/,
      );
    });

    it("rejects a service-account key that lacks fields, naming them", () => {
      assert.throws(
        () => new LockboxClient({ serviceAccountKey: '{"id":"k"}', env: {} }),
        /serviceAccountKey option is not an authorized key: missing or invalid service_account_id, private_key/,
      );
    });

    it("uses the real Yandex Cloud host of each service by default", () => {
      const client = new LockboxClient({ iamToken: "t", env: {} });
      assert.equal(client.baseUrl("lockbox"), "https://lockbox.api.cloud.yandex.net");
      assert.equal(client.baseUrl("payload"), "https://payload.lockbox.api.cloud.yandex.net");
      assert.equal(client.baseUrl("operation"), "https://operation.api.cloud.yandex.net");
      assert.equal(client.baseUrl("iam"), "https://iam.api.cloud.yandex.net");
      assert.equal(defaultEndpoints().kms, "https://kms.api.cloud.yandex.net");
    });

    it("points every service at LOCKBOX_ENDPOINT, keeping a path prefix", () => {
      const client = new LockboxClient({
        iamToken: "t",
        env: { LOCKBOX_ENDPOINT: "http://127.0.0.1:9/base/" },
      });
      for (const s of ["lockbox", "payload", "operation", "iam", "kms", "resourceManager"] as const) {
        assert.equal(client.baseUrl(s), "http://127.0.0.1:9/base");
      }
    });

    it("lets the endpoint option win over LOCKBOX_ENDPOINT and per-service endpoints win over both", () => {
      const client = new LockboxClient({
        iamToken: "t",
        endpoint: "http://a.test",
        endpoints: { payload: "http://p.test" },
        env: { LOCKBOX_ENDPOINT: "http://env.test" },
      });
      assert.equal(client.baseUrl("lockbox"), "http://a.test");
      assert.equal(client.baseUrl("payload"), "http://p.test");
    });

    it("rejects an endpoint that is not an http(s) URL, naming where it came from", () => {
      assert.throws(
        () => new LockboxClient({ iamToken: "t", endpoint: "lockbox.local" }),
        /endpoint option must be/,
      );
      assert.throws(
        () => new LockboxClient({ iamToken: "t", env: { LOCKBOX_ENDPOINT: "ftp://x" } }),
        /LOCKBOX_ENDPOINT must use/,
      );
    });
  });

  describe("requests", () => {
    it("sends the bearer token, a request id and JSON headers, and no idempotency key on a GET", async () => {
      const h = harness();
      h.pool.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).reply(h.reply(200, SECRET));
      const secret = await h.client.secrets.get("s1");
      assert.equal(secret.id, "s1");
      const [req] = h.seen;
      assert.equal(req?.headers["authorization"], `Bearer ${TOKEN}`);
      assert.match(req?.headers["x-request-id"] ?? "", /^[0-9a-f-]{36}$/);
      assert.equal(req?.headers["accept"], "application/json");
      assert.equal(req?.headers["idempotency-key"], undefined);
      await h.finish();
    });

    it("sends a UUID Idempotency-Key and a JSON body on a mutation", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets", method: "POST" })
        .reply(h.reply(200, { id: "op1", done: false }));
      await h.client.secrets.create({ folderId: "f1", name: "db" });
      const [req] = h.seen;
      assert.match(
        req?.headers["idempotency-key"] ?? "",
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.equal(req?.headers["content-type"], "application/json");
      assert.deepEqual(req?.body, { folderId: "f1", name: "db" });
      await h.finish();
    });

    it("sends the caller's idempotency key when one is given", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1:activate", method: "POST" })
        .reply(h.reply(200, doneOp("op")));
      await h.client.secrets.activate("s1", { idempotencyKey: "my-key" });
      assert.equal(h.seen[0]?.headers["idempotency-key"], "my-key");
      await h.finish();
    });

    it("answers a 2xx body that does not match the wire schema with LockboxResponseError", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(200, { name: "no id" }));
      await assert.rejects(h.client.secrets.get("s1"), LockboxResponseError);
      await h.finish();
    });

    it("rejects once closed", async () => {
      const h = harness();
      await h.client.close();
      await assert.rejects(h.client.secrets.get("s1"), /client is closed/);
      await h.agent.close();
    });
  });

  describe("retries", () => {
    it("retries a create after 503 UNAVAILABLE with the same idempotency key and request id on every attempt", async () => {
      const h = harness();
      const route = { path: "/lockbox/v1/secrets", method: "POST" };
      h.pool.intercept(route).reply(h.reply(503, status(14, "unavailable")));
      h.pool.intercept(route).reply(h.reply(503, status(14, "unavailable")));
      h.pool.intercept(route).reply(h.reply(200, { id: "op1", done: false }));
      const op = await h.client.secrets.create({ folderId: "f1" });
      assert.equal(op.id, "op1");
      assert.equal(h.seen.length, 3);
      const keys = new Set(h.seen.map((r) => r.headers["idempotency-key"]));
      const ids = new Set(h.seen.map((r) => r.headers["x-request-id"]));
      assert.equal(keys.size, 1);
      assert.equal(ids.size, 1);
      assert.equal(h.delays.length, 2);
      await h.finish();
    });

    it("retries a dropped connection", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .replyWithError(new Error("socket hang up"));
      h.pool.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).reply(h.reply(200, SECRET));
      assert.equal((await h.client.secrets.get("s1")).id, "s1");
      await h.finish();
    });

    it("retries 429 RESOURCE_EXHAUSTED after the Retry-After the server asked for", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(429, status(8, "slow down"), { "retry-after": "3" }));
      h.pool.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).reply(h.reply(200, SECRET));
      await h.client.secrets.get("s1");
      assert.deepEqual(h.delays, [3000]);
      await h.finish();
    });

    it("caps a long Retry-After", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(503, status(14, "down"), { "retry-after": "86400" }));
      h.pool.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).reply(h.reply(200, SECRET));
      await h.client.secrets.get("s1");
      assert.deepEqual(h.delays, [30_000]);
      await h.finish();
    });

    it("backs off exponentially from the base delay", async () => {
      const h = harness({ baseDelay: 100, maxRetries: 3 });
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(503, status(14, "down")))
        .times(3);
      h.pool.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).reply(h.reply(200, SECRET));
      await h.client.secrets.get("s1");
      assert.equal(h.delays.length, 3);
      const bounds = [100, 200, 400];
      h.delays.forEach((d, i) => assert.ok(d <= bounds[i]! && d >= bounds[i]! * 0.75, `delay ${i} = ${d}`));
      await h.finish();
    });

    it("gives up after maxRetries + 1 attempts and throws the last error", async () => {
      const h = harness({ maxRetries: 2 });
      h.pool
        .intercept({ path: "/lockbox/v1/secrets", method: "POST" })
        .reply(h.reply(503, status(14, "still down")))
        .times(3);
      await assert.rejects(h.client.secrets.create({ folderId: "f1" }), ServiceUnavailableError);
      assert.equal(h.seen.length, 3);
      await h.finish();
    });

    it("takes maxRetries per call", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(503, status(14, "down")));
      await assert.rejects(h.client.secrets.get("s1", { maxRetries: 0 }), ServiceUnavailableError);
      assert.equal(h.seen.length, 1);
      await h.finish();
    });

    const final: Array<[string, number, number, new (...a: never[]) => unknown]> = [
      ["INVALID_ARGUMENT", 400, 3, BadRequestError],
      ["PERMISSION_DENIED", 403, 7, PermissionDeniedError],
      ["NOT_FOUND", 404, 5, NotFoundError],
      ["FAILED_PRECONDITION", 400, 9, FailedPreconditionError],
      ["ALREADY_EXISTS", 409, 6, AlreadyExistsError],
    ];
    for (const [name, httpStatus, code, Class] of final) {
      it(`does not retry ${name}`, async () => {
        const h = harness();
        h.pool
          .intercept({ path: "/lockbox/v1/secrets", method: "POST" })
          .reply(h.reply(httpStatus, status(code, name)))
          .persist();
        await assert.rejects(h.client.secrets.create({ folderId: "f1" }), Class);
        assert.equal(h.seen.length, 1);
        assert.deepEqual(h.delays, []);
        await h.finish();
      });
    }

    it("turns a per-attempt timeout into LockboxTimeoutError and retries it", async () => {
      const h = harness({ timeout: 20, maxRetries: 1 });
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(200, SECRET))
        .delay(2000);
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(200, SECRET))
        .delay(2000);
      await assert.rejects(h.client.secrets.get("s1"), LockboxTimeoutError);
      assert.equal(h.delays.length, 1);
      await h.client.close();
      await h.agent.close();
    });

    it("times out against a real socket that never answers, retrying on a fresh attempt", async () => {
      const sockets: Socket[] = [];
      const asked = new Set<Socket>();
      const silent = createServer((socket) => {
        sockets.push(socket);
        socket.on("data", () => asked.add(socket));
      });
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const { port } = silent.address() as AddressInfo;
      const client = new LockboxClient({
        endpoint: `http://127.0.0.1:${port}`,
        iamToken: "t",
        env: {},
        // Long enough that each attempt's request reaches the silent server before the client gives
        // up, on a machine so loaded that 50 ms was not (the test asserts both attempts arrived).
        timeout: 1000,
        maxRetries: 1,
        sleep: () => Promise.resolve(),
      });
      try {
        await assert.rejects(client.secrets.get("s1"), LockboxTimeoutError);
        assert.equal(asked.size, 2, "the first attempt and one retry, each on its own connection");
      } finally {
        await client.close();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it("stops at once, without retrying, when the caller aborts", async () => {
      const h = harness();
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(h.client.secrets.get("s1", { signal: controller.signal }), LockboxAbortError);
      assert.equal(h.seen.length, 0);
      await h.finish();
    });

    it("aborts a request in flight when the caller's signal fires, without retrying", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(200, SECRET))
        .delay(10_000);
      const controller = new AbortController();
      const call = h.client.secrets.get("s1", { signal: controller.signal });
      setImmediate(() => controller.abort());
      await assert.rejects(call, LockboxAbortError);
      assert.deepEqual(h.delays, []);
      await h.client.close();
      await h.agent.close();
    });

    it("classifies an exhausted connection failure as LockboxConnectionError carrying the cause", async () => {
      const h = harness({ maxRetries: 1 });
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .replyWithError(new Error("ECONNRESET"))
        .times(2);
      await assert.rejects(h.client.secrets.get("s1"), (err: unknown) => {
        assert.ok(err instanceof LockboxConnectionError);
        assert.match(String((err.cause as Error).message), /ECONNRESET/);
        return true;
      });
      await h.finish();
    });
  });

  describe("redaction", () => {
    it("keeps the token out of API errors however they are printed", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(403, status(7, "denied")));
      const err = await h.client.secrets.get("s1").catch((e: unknown) => e);
      assert.equal(
        (err as { request: { headers: Record<string, string> } }).request.headers["authorization"],
        "[REDACTED]",
      );
      for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 20 })]) {
        assert.ok(!text.includes(TOKEN));
      }
      await h.finish();
    });

    it("keeps the token out of connection errors", async () => {
      const h = harness({ maxRetries: 0 });
      h.pool.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).replyWithError(new Error("reset"));
      const err = await h.client.secrets.get("s1").catch((e: unknown) => e);
      assert.ok(err instanceof LockboxConnectionError);
      assert.ok(!inspect(err, { depth: 20 }).includes(TOKEN));
      await h.finish();
    });

    it("gives the logger request summaries without the token or any payload value", async () => {
      const lines: string[] = [];
      const logger: Logger = { debug: (fields, message) => lines.push(JSON.stringify({ fields, message })) };
      const h = harness({ logger });
      h.pool
        .intercept({ path: "/lockbox/v1/secrets", method: "POST" })
        .reply(h.reply(503, status(14, "down")));
      h.pool
        .intercept({ path: "/lockbox/v1/secrets", method: "POST" })
        .reply(h.reply(200, { id: "op", done: false }));
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1/payload", method: "GET" })
        .reply(h.reply(200, { versionId: "v1", entries: [{ key: "password", textValue: "hunter2-value" }] }));
      await h.client.secrets.create({
        folderId: "f1",
        versionPayloadEntries: [{ key: "password", textValue: "hunter2-value" }],
      });
      const payload = await h.client.payload.get("s1");
      assert.equal(payload.entries[0]?.textValue, "hunter2-value");
      assert.ok(lines.length >= 4, "the logger saw the requests and the retry");
      for (const line of lines) {
        assert.ok(!line.includes(TOKEN), line);
        assert.ok(!line.includes("hunter2-value"), line);
        assert.ok(!/authorization/i.test(line), line);
      }
      await h.finish();
    });
  });

  describe("default endpoints", () => {
    it("sends payload calls to the payload host and the rest to the management host", async () => {
      const h = harness({ endpoint: undefined });
      const lockbox = h.agent.get("https://lockbox.api.cloud.yandex.net");
      const payload = h.agent.get("https://payload.lockbox.api.cloud.yandex.net");
      const operation = h.agent.get("https://operation.api.cloud.yandex.net");
      lockbox.intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" }).reply(200, SECRET);
      payload
        .intercept({ path: "/lockbox/v1/secrets/s1/payload", method: "GET" })
        .reply(200, { versionId: "v" });
      operation.intercept({ path: "/operations/o1", method: "GET" }).reply(200, { id: "o1", done: true });
      await h.client.secrets.get("s1");
      await h.client.payload.get("s1");
      await h.client.operations.get("o1");
      await h.finish();
    });
  });
});
