/**
 * What an outside REST client sees of lockbox-local, compared with the real API gateway: the exact
 * Content-Type of every answer, proto (snake_case) and JSON (lowerCamel) query parameter names, and
 * JSON error bodies for unknown paths and verbs.
 */
import * as assert from "node:assert/strict";
import { startLocalServer, TEST_FOLDER, type LocalServer } from "../../helpers/server";
import { as, createSecret, done, failed, type Caller } from "./http";
import { rawRequest } from "./raw";

describe("lockbox-local as the API gateway answers", () => {
  let server: LocalServer;
  let root: Caller;
  let secretId: string;
  let firstVersion: string;
  let keyId: string;
  const NAME = "gateway-names";

  before(async () => {
    server = await startLocalServer();
    root = as(server);
    const created = await createSecret(root, {
      folderId: TEST_FOLDER,
      name: NAME,
      versionPayloadEntries: [{ key: "k", textValue: "one" }],
    });
    secretId = created.secretId;
    firstVersion = created.versionId!;
    done(
      await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
        payloadEntries: [{ key: "k", textValue: "two" }],
      }),
    );
    await createSecret(root, { folderId: TEST_FOLDER, name: "second" });
    for (const id of ["ajeaaaaaaaaaaaaaaaaa", "ajebbbbbbbbbbbbbbbbb"]) {
      const delta = {
        action: "ADD",
        accessBinding: { roleId: "lockbox.viewer", subject: { type: "userAccount", id } },
      };
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:updateAccessBindings`, {
          accessBindingDeltas: [delta],
        }),
      );
      done(
        await root.post(`/resource-manager/v1/folders/${TEST_FOLDER}:updateAccessBindings`, {
          accessBindingDeltas: [delta],
        }),
      );
    }
    for (const name of ["key-a", "key-b"]) {
      const op = done(
        await root.post("/kms/v1/keys", { folderId: TEST_FOLDER, name, defaultAlgorithm: "AES_256" }),
      );
      keyId = String(op.metadata.keyId);
    }
    const delta = {
      action: "ADD",
      accessBinding: { roleId: "kms.viewer", subject: { type: "userAccount", id: "ajeaaaaaaaaaaaaaaaaa" } },
    };
    done(await root.post(`/kms/v1/keys/${keyId}:updateAccessBindings`, { accessBindingDeltas: [delta] }));
    done(
      await root.post(`/kms/v1/keys/${keyId}:updateAccessBindings`, {
        accessBindingDeltas: [{ ...delta, accessBinding: { ...delta.accessBinding, roleId: "kms.editor" } }],
      }),
    );
  });

  describe("proto field names in query strings", () => {
    /** Pairs of [JSON-name query, proto-name (or mixed) query] per GET route; both must answer alike. */
    const pairs = (): Array<[string, string, string]> => {
      const s = `/lockbox/v1/secrets/${secretId}`;
      return [
        [
          "List",
          `/lockbox/v1/secrets?folderId=${TEST_FOLDER}&pageSize=1`,
          `/lockbox/v1/secrets?folder_id=${TEST_FOLDER}&page_size=1`,
        ],
        ["ListVersions", `${s}/versions?pageSize=1`, `${s}/versions?page_size=1`],
        ["ListOperations", `${s}/operations?pageSize=2`, `${s}/operations?page_size=2`],
        [
          "ListAccessBindings (secret)",
          `${s}:listAccessBindings?pageSize=1`,
          `${s}:listAccessBindings?page_size=1`,
        ],
        [
          "ListAccessBindings (folder)",
          `/resource-manager/v1/folders/${TEST_FOLDER}:listAccessBindings?pageSize=1`,
          `/resource-manager/v1/folders/${TEST_FOLDER}:listAccessBindings?page_size=1`,
        ],
        [
          "ListAccessBindings (key)",
          `/kms/v1/keys/${keyId}:listAccessBindings?pageSize=1`,
          `/kms/v1/keys/${keyId}:listAccessBindings?page_size=1`,
        ],
        [
          "KMS List",
          `/kms/v1/keys?folderId=${TEST_FOLDER}&pageSize=1`,
          `/kms/v1/keys?folder_id=${TEST_FOLDER}&page_size=1`,
        ],
        ["payload Get", `${s}/payload?versionId=${firstVersion}`, `${s}/payload?version_id=${firstVersion}`],
        [
          "GetEx by id",
          `/lockbox/v1/secrets:getEx?secretId=${secretId}&versionId=${firstVersion}`,
          `/lockbox/v1/secrets:getEx?secret_id=${secretId}&version_id=${firstVersion}`,
        ],
        [
          "GetEx by folder and name",
          `/lockbox/v1/secrets:getEx?folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=${NAME}`,
          `/lockbox/v1/secrets:getEx?folder_and_name.folder_id=${TEST_FOLDER}&folder_and_name.secret_name=${NAME}`,
        ],
        [
          "GetEx by folder and name, mixed",
          `/lockbox/v1/secrets:getEx?folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=${NAME}`,
          `/lockbox/v1/secrets:getEx?folder_and_name.folderId=${TEST_FOLDER}&folderAndName.secret_name=${NAME}`,
        ],
      ];
    };

    it("answers every GET route the same for proto names as for JSON names", async () => {
      for (const [what, camel, snake] of pairs()) {
        const a = await root.get(camel);
        const b = await root.get(snake);
        assert.equal(a.status, 200, `${what}: ${JSON.stringify(a.body)}`);
        assert.equal(b.status, 200, `${what} (proto names): ${JSON.stringify(b.body)}`);
        assert.deepEqual(b.body, a.body, what);
      }
    });

    it("follows page tokens given as page_token", async () => {
      const first = await root.get(`/lockbox/v1/secrets/${secretId}/versions?page_size=1`);
      const token = String(first.body.nextPageToken);
      assert.ok(token.length > 0);
      const camel = await root.get(
        `/lockbox/v1/secrets/${secretId}/versions?pageSize=1&pageToken=${encodeURIComponent(token)}`,
      );
      const snake = await root.get(
        `/lockbox/v1/secrets/${secretId}/versions?page_size=1&page_token=${encodeURIComponent(token)}`,
      );
      assert.equal(snake.status, 200, JSON.stringify(snake.body));
      assert.deepEqual(snake.body, camel.body);
      assert.notDeepEqual(snake.body, first.body);
    });

    it("validates a proto-named value like its JSON-named twin", async () => {
      const s = `/lockbox/v1/secrets/${secretId}`;
      for (const [camel, snake] of [
        [`${s}/versions?pageSize=-1`, `${s}/versions?page_size=-1`],
        [`${s}/versions?pageToken=bogus`, `${s}/versions?page_token=bogus`],
        [`${s}/payload?versionId=e6q00000000000000000`, `${s}/payload?version_id=e6q00000000000000000`],
        [`/lockbox/v1/secrets?folderId=${"f".repeat(51)}`, `/lockbox/v1/secrets?folder_id=${"f".repeat(51)}`],
      ]) {
        const a = await root.get(camel!);
        const b = await root.get(snake!);
        assert.ok(a.status >= 400, `${camel}: ${a.status}`);
        assert.equal(b.status, a.status, snake);
        assert.equal(b.body.code, a.body.code, snake);
        assert.equal(b.body.message, a.body.message, snake);
      }
    });

    for (const query of [
      "version_idx=1",
      "VersionId=1",
      "version__id=1",
      "versionId.x=1",
      "__proto__=x",
      "constructor=x",
      "toString=x",
      "hasOwnProperty=x",
    ]) {
      it(`still refuses the unknown name in ?${query}, naming it`, async () => {
        const message = failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload?${query}`), 400, 3);
        assert.ok(message.includes(query.split("=")[0]!), message);
      });
    }

    it("refuses query parameters on routes that take none", async () => {
      for (const path of [
        `/lockbox/v1/secrets/${secretId}?bogus=1`,
        `/lockbox/v1/secrets/${secretId}?secret_id=${secretId}`,
        `/kms/v1/keys/${keyId}?view=FULL`,
        `/operations/e6q00000000000000000?x=`,
      ]) {
        const message = failed(await root.get(path), 400, 3);
        assert.match(message, /unknown query parameter "(bogus|secretId|view|x)"/, path);
      }
      const created = await root.post(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`, {
        folderId: TEST_FOLDER,
      });
      failed(created, 400, 3);
      assert.equal((await root.get("/health?probe=1")).status, 200);
    });

    it("refuses a parameter given twice, under the same or the other name", async () => {
      for (const query of [
        `versionId=${firstVersion}&version_id=${firstVersion}`,
        `versionId=${firstVersion}&versionId=${firstVersion}`,
      ]) {
        const message = failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload?${query}`), 400, 3);
        assert.match(message, /versionId/);
      }
    });
  });

  describe("Content-Type", () => {
    it("is application/json exactly on success, error, 404 and parser-error answers", async () => {
      const none = as(server, undefined);
      const answers: Array<[string, Promise<{ status: number; headers: Headers }>]> = [
        ["health", none.get("/health")],
        ["Get", root.get(`/lockbox/v1/secrets/${secretId}`)],
        ["List", root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`)],
        ["payload", root.get(`/lockbox/v1/secrets/${secretId}/payload`)],
        ["Create", root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER })],
        ["token exchange error", none.post("/iam/v1/tokens", { jwt: "x.y.z" })],
        ["400", root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, bogus: 1 })],
        ["401", none.get(`/lockbox/v1/secrets/${secretId}`)],
        ["404 resource", root.get("/lockbox/v1/secrets/e6q00000000000000000")],
        ["404 path", root.get("/lockbox/v2/nothing")],
        ["wrong verb", root.delete("/lockbox/v1/secrets")],
        ["501", root.post(`/kms/v1/keys/${keyId}:rotate`)],
      ];
      for (const [what, pending] of answers) {
        const res = await pending;
        assert.equal(res.headers.get("content-type"), "application/json", `${what} (${res.status})`);
        assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/, what);
      }
      const parserError = await rawRequest(
        server.url,
        "GET /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: x",
      );
      assert.equal(parserError.headers["content-type"], "application/json");
    });
  });

  describe("unknown paths and verbs", () => {
    it("answers a wrong verb on a served path with 404 NOT_FOUND and the JSON error body", async () => {
      for (const [method, path] of [
        ["PUT", "/lockbox/v1/secrets"],
        ["DELETE", "/lockbox/v1/secrets"],
        ["POST", `/lockbox/v1/secrets/${secretId}`],
        ["GET", `/lockbox/v1/secrets/${secretId}:addVersion`],
        ["HEAD", "/health"],
        ["OPTIONS", "/lockbox/v1/secrets"],
      ]) {
        const res = await fetch(server.url + path!, {
          method,
          headers: { authorization: `Bearer ${server.rootToken}` },
        });
        assert.equal(res.status, 404, `${method} ${path}`);
        if (method === "HEAD") continue;
        assert.equal(res.headers.get("content-type"), "application/json");
        const body = (await res.json()) as { code: number; message: string };
        assert.equal(body.code, 5);
        assert.ok(body.message.includes(method!), body.message);
      }
    });

    it("keeps 501 UNIMPLEMENTED for methods of the real API that lockbox-local does not serve", async () => {
      failed(await root.get("/resource-manager/v1/folders"), 501, 12);
      failed(await root.get("/endpoints"), 501, 12);
    });
  });
});
