import * as assert from "node:assert/strict";
import { startLocalServer, TEST_FOLDER, type LocalServer } from "../../helpers/server";
import { as, createSecret, done, failed, type Caller } from "./http";

describe("lockbox-local PayloadService", () => {
  let server: LocalServer;
  let root: Caller;
  before(async () => {
    server = await startLocalServer();
    root = as(server);
  });

  describe("GET /lockbox/v1/secrets/{secretId}/payload (Get)", () => {
    it("returns text and binary entries in version order, and an older version by versionId", async () => {
      const bytes = Buffer.from([0, 255, 16, 32]);
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [
          { key: "b", binaryValue: bytes.toString("base64url") },
          { key: "a", textValue: "héllo" },
        ],
      });
      const p = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.deepEqual(p.body, {
        versionId,
        entries: [
          { key: "b", binaryValue: bytes.toString("base64") },
          { key: "a", textValue: "héllo" },
        ],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "a", textValue: "x" }],
        }),
      );
      const old = await root.get(`/lockbox/v1/secrets/${secretId}/payload?versionId=${versionId}`);
      assert.equal((old.body.entries as Array<{ textValue?: string }>)[1]!.textValue, "héllo");
    });

    it("answers NOT_FOUND when the secret has no current version or the version is unknown", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER });
      failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload`), 404, 5);
      failed(
        await root.get(`/lockbox/v1/secrets/${secretId}/payload?versionId=e6q00000000000000000`),
        404,
        5,
      );
      failed(await root.get(`/lockbox/v1/secrets/e6q00000000000000000/payload`), 404, 5);
    });

    it("rejects an unknown query parameter", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER });
      assert.match(
        failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload?version=1`), 400, 3),
        /version/,
      );
    });
  });

  describe("GET /lockbox/v1/secrets:getEx (GetEx)", () => {
    it("finds a secret by id or by folder and name, with every value base64", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        name: "getex-target",
        versionPayloadEntries: [
          { key: "t", textValue: "text" },
          { key: "b", binaryValue: Buffer.from([1, 2]).toString("base64") },
        ],
      });
      const expected = {
        secretId,
        versionId,
        entries: { t: Buffer.from("text").toString("base64"), b: Buffer.from([1, 2]).toString("base64") },
      };
      assert.deepEqual((await root.get(`/lockbox/v1/secrets:getEx?secretId=${secretId}`)).body, expected);
      const byName = await root.get(
        `/lockbox/v1/secrets:getEx?folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=getex-target`,
      );
      assert.deepEqual(byName.body, expected);
    });

    it("keeps an entry keyed __proto__ in the entries map", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [
          { key: "__proto__", textValue: "p" },
          { key: "b", textValue: "q" },
        ],
      });
      const res = await fetch(`${server.url}/lockbox/v1/secrets:getEx?secretId=${secretId}`, {
        headers: { authorization: `Bearer ${server.rootToken}` },
      });
      const text = await res.text();
      // JSON.parse keeps "__proto__" as an own key, so the parsed map shows exactly what was sent.
      const entries = (JSON.parse(text) as { entries: Record<string, string> }).entries;
      assert.deepEqual(Object.keys(entries), ["__proto__", "b"]);
      assert.equal(Buffer.from(entries["__proto__"]!, "base64").toString(), "p");
    });

    it("requires exactly one of secretId and folderAndName", async () => {
      failed(await root.get("/lockbox/v1/secrets:getEx"), 400, 3);
      failed(
        await root.get(`/lockbox/v1/secrets:getEx?secretId=x&folderAndName.folderId=${TEST_FOLDER}`),
        400,
        3,
      );
      failed(await root.get(`/lockbox/v1/secrets:getEx?folderAndName.folderId=${TEST_FOLDER}`), 400, 3);
      failed(
        await root.get(
          `/lockbox/v1/secrets:getEx?folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=none`,
        ),
        404,
        5,
      );
    });
  });
});
