import * as assert from "node:assert/strict";
import { startLocalServer, createServiceAccount, type LocalServer } from "../../helpers/server";
import { as, createSecret, done, failed, type Caller } from "./http";

const FOLDER = "b1gkmstestfolder";

describe("lockbox-local KMS subset", () => {
  let server: LocalServer;
  let root: Caller;
  before(async () => {
    server = await startLocalServer();
    root = as(server);
  });

  describe("POST /kms/v1/keys (Create)", () => {
    it("creates an ACTIVE key with one primary version", async () => {
      const op = done(
        await root.post("/kms/v1/keys", {
          folderId: FOLDER,
          name: "k1",
          defaultAlgorithm: "AES_256",
          rotationPeriod: "86400s",
        }),
      );
      assert.equal(
        op.metadata["@type"],
        "type.googleapis.com/yandex.cloud.kms.v1.CreateSymmetricKeyMetadata",
      );
      assert.match(String(op.metadata.keyId), /^abj[0-9a-v]{17}$/);
      const key = op.response;
      assert.equal(key["@type"], "type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey");
      assert.equal(key.status, "ACTIVE");
      assert.equal(key.rotationPeriod, "86400s");
      assert.match(String(key.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      const pv = key.primaryVersion as Record<string, unknown>;
      assert.equal(pv.id, op.metadata.primaryVersionId);
      assert.equal(pv.primary, true);
      assert.equal(pv.algorithm, "AES_256");
    });

    it("requires defaultAlgorithm and rejects unknown fields", async () => {
      failed(await root.post("/kms/v1/keys", { folderId: FOLDER }), 400, 3);
      failed(
        await root.post("/kms/v1/keys", {
          folderId: FOLDER,
          defaultAlgorithm: "SYMMETRIC_ALGORITHM_UNSPECIFIED",
        }),
        400,
        3,
      );
      failed(
        await root.post("/kms/v1/keys", { folderId: FOLDER, defaultAlgorithm: "AES_128", extra: 1 }),
        400,
        3,
      );
    });
  });

  describe("GET /kms/v1/keys and /kms/v1/keys/{keyId}", () => {
    it("gets and lists keys of a folder", async () => {
      const folder = "b1gkmslist";
      const a = done(await root.post("/kms/v1/keys", { folderId: folder, defaultAlgorithm: "AES_128" }));
      const b = done(await root.post("/kms/v1/keys", { folderId: folder, defaultAlgorithm: "AES_192" }));
      const got = await root.get(`/kms/v1/keys/${String(a.metadata.keyId)}`);
      assert.equal(got.body.defaultAlgorithm, "AES_128");
      const list = await root.get(`/kms/v1/keys?folderId=${folder}&pageSize=1`);
      assert.deepEqual(
        (list.body.keys as Array<{ id: string }>).map((k) => k.id),
        [a.metadata.keyId],
      );
      const next = await root.get(
        `/kms/v1/keys?folderId=${folder}&pageToken=${String(list.body.nextPageToken)}`,
      );
      assert.deepEqual(
        (next.body.keys as Array<{ id: string }>).map((k) => k.id),
        [b.metadata.keyId],
      );
      failed(await root.get("/kms/v1/keys/abj00000000000000000"), 404, 5);
    });
  });

  describe("DELETE /kms/v1/keys/{keyId}", () => {
    it("refuses a protected key, then deletes it, after which its secrets' values are unreadable", async () => {
      const k = done(
        await root.post("/kms/v1/keys", {
          folderId: FOLDER,
          defaultAlgorithm: "AES_256",
          deletionProtection: true,
        }),
      );
      const keyId = String(k.metadata.keyId);
      const { secretId } = await createSecret(root, {
        folderId: FOLDER,
        kmsKeyId: keyId,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      assert.equal((await root.get(`/lockbox/v1/secrets/${secretId}`)).body.kmsKeyId, keyId);
      assert.equal((await root.get(`/lockbox/v1/secrets/${secretId}/payload`)).status, 200);
      failed(await root.delete(`/kms/v1/keys/${keyId}`), 400, 9);
      // Update is not served (501), so this key stays protected; use an unprotected one for the rest.
      failed(await root.patch(`/kms/v1/keys/${keyId}`, { updateMask: "deletionProtection" }), 501, 12);
      const k2 = done(await root.post("/kms/v1/keys", { folderId: FOLDER, defaultAlgorithm: "AES_256" }));
      const key2 = String(k2.metadata.keyId);
      const s2 = await createSecret(root, {
        folderId: FOLDER,
        kmsKeyId: key2,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      const del = done(await root.delete(`/kms/v1/keys/${key2}`));
      assert.equal(del.response.id, key2);
      failed(await root.get(`/kms/v1/keys/${key2}`), 404, 5);
      failed(await root.get(`/lockbox/v1/secrets/${s2.secretId}/payload`), 400, 9);
      failed(await root.post(`/lockbox/v1/secrets/${s2.secretId}:addVersion`, {}), 400, 9);
    });
  });

  describe("roles", () => {
    it("lets kms.editor create but not delete, and kms.admin delete", async () => {
      const editor = await createServiceAccount(server, { folderId: FOLDER, roles: ["kms.editor"] });
      const admin = await createServiceAccount(server, { folderId: FOLDER, roles: ["kms.admin"] });
      const op = done(
        await as(server, editor.token).post("/kms/v1/keys", {
          folderId: FOLDER,
          defaultAlgorithm: "AES_256",
        }),
      );
      const keyId = String(op.metadata.keyId);
      failed(await as(server, editor.token).delete(`/kms/v1/keys/${keyId}`), 403, 7);
      done(await as(server, admin.token).delete(`/kms/v1/keys/${keyId}`));
    });
  });

  describe("unsupported methods", () => {
    it("answer 501 UNIMPLEMENTED", async () => {
      failed(await root.post("/kms/v1/keys/abj00000000000000000:rotate"), 501, 12);
      failed(await root.get("/kms/v1/keys/abj00000000000000000/versions"), 501, 12);
    });
  });
});
