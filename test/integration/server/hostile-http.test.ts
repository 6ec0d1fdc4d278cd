/**
 * Hostile input at the HTTP layer of lockbox-local: deeply nested bodies, dot segments and
 * backslashes in paths, requests Node's parser rejects, clients that vanish mid-body. Each answer
 * is a 4xx with the JSON error body (or, for a vanished client, an info-level log line).
 */
import * as assert from "node:assert/strict";
import * as net from "node:net";
import { startLocalServer, TEST_FOLDER, type LocalServer } from "../../helpers/server";
import { as, createSecret } from "./http";
import { rawRequest, target, type RawResponse } from "./raw";

/** Asserts a google.rpc.Status body with `content-type: application/json` and returns it. */
function jsonError(res: RawResponse, status: number): { code: number; message: string } {
  assert.equal(res.status, status, res.body);
  assert.equal(res.headers["content-type"], "application/json");
  const body = JSON.parse(res.body) as { code: number; message: string; details: unknown[] };
  assert.equal(typeof body.code, "number");
  assert.equal(typeof body.message, "string");
  assert.ok(Array.isArray(body.details));
  return body;
}

describe("lockbox-local under hostile HTTP input", () => {
  let server: LocalServer;
  let secretId: string;
  let keyId: string;
  before(async () => {
    server = await startLocalServer();
    const root = as(server);
    ({ secretId } = await createSecret(root, {
      folderId: TEST_FOLDER,
      versionPayloadEntries: [{ key: "k", textValue: "v" }],
    }));
    const key = await root.post("/kms/v1/keys", { folderId: TEST_FOLDER, defaultAlgorithm: "AES_256" });
    keyId = String((key.body.metadata as { keyId: string }).keyId);
  });

  describe("deeply nested JSON bodies", () => {
    const depth = 5000;
    const bodies = {
      arrays: "[".repeat(depth) + "]".repeat(depth),
      objects: '{"a":'.repeat(depth) + "1" + "}".repeat(depth),
      "a nested field": `{"folderId":"${TEST_FOLDER}","labels":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`,
    };
    const routes = (): Array<[string, string]> => [
      ["POST", "/lockbox/v1/secrets"],
      ["PATCH", `/lockbox/v1/secrets/${secretId}`],
      ["DELETE", `/lockbox/v1/secrets/${secretId}`],
      ["POST", `/lockbox/v1/secrets/${secretId}:activate`],
      ["POST", `/lockbox/v1/secrets/${secretId}:addVersion`],
      ["POST", `/lockbox/v1/secrets/${secretId}:setCurrentVersion`],
      ["POST", `/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`],
      ["POST", `/lockbox/v1/secrets/${secretId}:cancelVersionDestruction`],
      ["POST", `/lockbox/v1/secrets/${secretId}:setAccessBindings`],
      ["POST", `/lockbox/v1/secrets/${secretId}:updateAccessBindings`],
      ["POST", "/iam/v1/tokens"],
      ["POST", "/kms/v1/keys"],
      ["PATCH", `/kms/v1/keys/${keyId}`],
      ["POST", `/kms/v1/keys/${keyId}:updateAccessBindings`],
      ["POST", `/resource-manager/v1/folders/${TEST_FOLDER}:setAccessBindings`],
      ["POST", "/operations/e6q00000000000000000:cancel"],
      ["POST", "/_local/faults"],
      ["POST", "/_local/iam/users"],
    ];

    for (const [shape, body] of Object.entries(bodies)) {
      it(`answers ${shape} with 400 or 401 on every body route, with or without a token`, async () => {
        for (const [method, path] of routes()) {
          for (const token of [undefined, server.rootToken]) {
            const res = await fetch(server.url + path, {
              method,
              headers: {
                "content-type": "application/json",
                ...(token ? { authorization: `Bearer ${token}` } : {}),
              },
              body,
            });
            const what = `${method} ${path} (${token ? "root" : "no token"}): ${res.status}`;
            assert.ok(res.status === 400 || res.status === 401, what);
            assert.equal(res.headers.get("content-type"), "application/json", what);
            const json = (await res.json()) as { code: number };
            assert.equal(json.code, res.status === 400 ? 3 : 16, what);
          }
        }
        // Nothing was changed and the server still answers.
        const got = await as(server).get(`/lockbox/v1/secrets/${secretId}`);
        assert.equal(got.status, 200);
        assert.equal(got.body.status, "ACTIVE");
      });
    }

    it("still accepts a body nested as deep as real requests go", async () => {
      const res = await as(server).post("/lockbox/v1/secrets", {
        folderId: TEST_FOLDER,
        passwordPayloadSpecification: { passwordKey: "p", length: 12 },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });
  });

  describe("dot segments and backslashes in the path", () => {
    const head = (path: string) =>
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${server.rootToken}`;
    const paths = [
      "/lockbox/v1/secrets/%2e%2e/%2e%2e/%2e%2e/_local/stats",
      "/lockbox/v1/secrets/%2E%2E/%2E%2E/%2E%2E/_local/stats",
      "/lockbox/v1/secrets/../../../_local/stats",
      "/lockbox/v1/secrets/.%2e/.%2e/%2e./_local/stats",
      "/lockbox/v1/%2e/secrets/%2e%2e/%2e%2e/%2e%2e/_local/stats",
      "/lockbox\\..\\..\\_local/stats",
      "/lockbox/v1/secrets/%2e%2e\\%2e%2e\\%2e%2e\\_local/stats",
      "/lockbox/v1/secrets/%2e%2e/%2e%2e/%2e%2e/health",
      "/_local/./stats",
      "/kms/v1/keys/%2e%2e/%2e%2e/%2e%2e/_local/faults",
    ];
    for (const path of paths) {
      it(`never resolves ${path} into another route`, async () => {
        const res = await rawRequest(server.url, head(path));
        assert.ok(res.status === 404 || res.status === 400, `${res.status}: ${res.body}`);
        const body = jsonError(res, res.status);
        assert.equal(body.code, res.status === 404 ? 5 : 3);
        assert.doesNotMatch(res.body, /"requests"|"status":"ok"|"unavailable"/);
      });
    }

    it("still serves an ordinary path and an absolute-form request target", async () => {
      const plain = await rawRequest(server.url, head("/_local/stats"));
      assert.equal(plain.status, 200, plain.body);
      const absolute = await rawRequest(server.url, head(`${server.url}/health`));
      assert.equal(absolute.status, 200, absolute.body);
      assert.deepEqual(JSON.parse(absolute.body), { status: "ok" });
    });

    it("keeps a dot-dot path parameter a plain id", async () => {
      const res = await rawRequest(server.url, head("/lockbox/v1/secrets/%2e%2e"));
      assert.match(jsonError(res, 404).message, /Secret \.\. not found/);
    });
  });

  describe("requests Node's HTTP parser rejects", () => {
    it("answers headers over 16 KB with 431 and the JSON error body", async () => {
      const res = await rawRequest(
        server.url,
        `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20 * 1024)}`,
      );
      const body = jsonError(res, 431);
      assert.equal(body.code, 3);
      assert.match(body.message, /header/i);
    });

    it("answers a bad Content-Length with 400 INVALID_ARGUMENT", async () => {
      const res = await rawRequest(
        server.url,
        "POST /lockbox/v1/secrets HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc",
        "{}",
      );
      assert.equal(jsonError(res, 400).code, 3);
    });

    it("answers both Content-Length and Transfer-Encoding with 400 INVALID_ARGUMENT", async () => {
      const res = await rawRequest(
        server.url,
        "POST /lockbox/v1/secrets HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nTransfer-Encoding: chunked",
        "{}",
      );
      assert.equal(jsonError(res, 400).code, 3);
    });

    it("answers a control character in the path with 400 INVALID_ARGUMENT", async () => {
      const res = await rawRequest(server.url, "GET /lockbox/v1/secrets/\x01abc HTTP/1.1\r\nHost: localhost");
      assert.equal(jsonError(res, 400).code, 3);
    });

    it("answers a malformed request line with 400 INVALID_ARGUMENT", async () => {
      const res = await rawRequest(server.url, "NOT-HTTP\r\nHost: localhost");
      assert.equal(jsonError(res, 400).code, 3);
    });

    it("answers an HTTP/1.1 request without Host with 400 INVALID_ARGUMENT", async () => {
      const res = await rawRequest(server.url, "GET /health HTTP/1.1");
      assert.match(jsonError(res, 400).message, /Host/);
    });

    it("answers an Expect header it cannot meet with 417 and the JSON error body", async () => {
      const res = await rawRequest(
        server.url,
        "POST /lockbox/v1/secrets HTTP/1.1\r\nHost: localhost\r\nExpect: something-else\r\nContent-Length: 2",
        "{}",
      );
      assert.match(jsonError(res, 417).message, /Expect/);
    });

    it("answers CONNECT with 404 NOT_FOUND and the JSON error body", async () => {
      const res = await rawRequest(server.url, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443");
      assert.equal(jsonError(res, 404).code, 5);
    });

    it("keeps serving afterwards", async () => {
      const res = await fetch(`${server.url}/health`);
      assert.equal(res.status, 200);
    });
  });
});

describe("lockbox-local and a client that disconnects mid-body", () => {
  it("logs an aborted request at info level, not a 500 at error level", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const server = await startLocalServer({
      logLevel: "info",
      logDestination: {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    const socket = net.connect(target(server.url));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    socket.write(
      "POST /lockbox/v1/secrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
        `Authorization: Bearer ${server.rootToken}\r\nContent-Length: 1000\r\n\r\n{"folderId":`,
    );
    // Wait until the server has routed the request and started reading its body, then vanish.
    const routed = async () => {
      for (let i = 0; i < 200; i++) {
        const stats = await server.stats();
        if (stats.inFlight["POST /lockbox/v1/secrets"] === 1) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error("the request never reached its route");
    };
    await routed();
    socket.destroy();
    let entry: Record<string, unknown> | undefined;
    for (let i = 0; i < 200 && entry === undefined; i++) {
      entry = lines.find(
        (l) => l.msg === "request" && l.method === "POST" && l.path === "/lockbox/v1/secrets",
      );
      if (entry === undefined) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(entry, `no request log line: ${JSON.stringify(lines)}`);
    assert.equal(entry.status, "aborted");
    assert.equal(entry.level, 30);
    assert.deepEqual(
      lines.filter((l) => Number(l.level) >= 40),
      [],
    );
    // /_local/stats counts it as aborted, not as a request, and not as a mutation.
    const stats = await server.stats();
    assert.equal(stats.aborted["POST /lockbox/v1/secrets"], 1);
    assert.equal(stats.requests["POST /lockbox/v1/secrets"], undefined);
    assert.equal(stats.mutations, 0);
    assert.deepEqual(stats.inFlight, { "GET /_local/stats": 1 });
    // Nothing was created, and the server answers the next caller normally.
    const list = await as(server).get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`);
    assert.deepEqual(list.body, { secrets: [] });
  });
});
