import * as assert from "node:assert/strict";
import { startLocalServer, createServiceAccount, type LocalServer } from "../../helpers/server";
import { ALGORITHM_REQUIRED } from "../../../provider/api/kms";
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
      // Id style of the documentation's examples (docs/kms.md#key-and-version-shapes).
      assert.match(String(op.id), /^abj[0-9a-v]{17}$/, "KMS operation ids start with abj");
      const key = op.response;
      assert.equal(key["@type"], "type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey");
      assert.equal(key.status, "ACTIVE");
      assert.equal(key.rotationPeriod, "86400s");
      // Whole seconds without a fraction, as in the documentation's examples
      // (docs/kms.md#key-and-version-shapes).
      assert.match(String(key.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const pv = key.primaryVersion as Record<string, unknown>;
      assert.equal(pv.id, op.metadata.primaryVersionId);
      assert.equal(pv.primary, true);
      assert.equal(pv.algorithm, "AES_256");
      assert.equal(pv.createdAt, key.createdAt);
    });

    it("requires defaultAlgorithm, as the real API does (unset, null, UNSPECIFIED or 0: one message), and rejects unknown fields", async () => {
      const before = (await root.get(`/kms/v1/keys?folderId=${FOLDER}&pageSize=1000`)).body.keys;
      for (const defaultAlgorithm of [undefined, null, "SYMMETRIC_ALGORITHM_UNSPECIFIED", 0]) {
        const res = await root.post("/kms/v1/keys", { folderId: FOLDER, defaultAlgorithm });
        failed(res, 400, 3);
        assert.equal(res.body.message, `defaultAlgorithm: ${ALGORITHM_REQUIRED}`);
      }
      assert.deepEqual((await root.get(`/kms/v1/keys?folderId=${FOLDER}&pageSize=1000`)).body.keys, before);
      const bad = await root.post("/kms/v1/keys", { folderId: FOLDER, defaultAlgorithm: "AES_512" });
      failed(bad, 400, 3);
      assert.match(String(bad.body.message), /^defaultAlgorithm: must be one of /);
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
      // Clearing the flag with Update (a mask naming a field the body omits sets its default) unlocks Delete.
      const cleared = done(await root.patch(`/kms/v1/keys/${keyId}`, { updateMask: "deletionProtection" }));
      assert.equal(cleared.response.deletionProtection, false);
      const key2 = keyId;
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

  describe("PATCH /kms/v1/keys/{keyId} (Update)", () => {
    const newKey = async (extra: Record<string, unknown> = {}) =>
      String(
        done(
          await root.post("/kms/v1/keys", {
            folderId: FOLDER,
            name: "before",
            description: "old",
            labels: { a: "1" },
            defaultAlgorithm: "AES_128",
            ...extra,
          }),
        ).metadata.keyId,
      );

    it("changes exactly the fields the mask names and answers UpdateSymmetricKeyMetadata and the key", async () => {
      const keyId = await newKey();
      const before = (await root.get(`/kms/v1/keys/${keyId}`)).body;
      const op = done(
        await root.patch(`/kms/v1/keys/${keyId}`, {
          updateMask: "name,labels,rotationPeriod,deletionProtection,defaultAlgorithm",
          name: "after",
          description: "ignored: not in the mask",
          labels: { b: "2" },
          rotationPeriod: "3600s",
          deletionProtection: true,
          defaultAlgorithm: "AES_256",
        }),
      );
      assert.match(String(op.id), /^abj[0-9a-v]{17}$/);
      assert.equal(op.description, "update key");
      assert.deepEqual(op.metadata, {
        "@type": "type.googleapis.com/yandex.cloud.kms.v1.UpdateSymmetricKeyMetadata",
        keyId,
      });
      assert.equal(op.response["@type"], "type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey");
      const after = (await root.get(`/kms/v1/keys/${keyId}`)).body;
      assert.deepEqual({ ...op.response, "@type": undefined }, { ...after, "@type": undefined });
      assert.equal(after.name, "after");
      assert.equal(after.description, "old");
      assert.deepEqual(after.labels, { b: "2" });
      assert.equal(after.rotationPeriod, "3600s");
      assert.equal(after.deletionProtection, true);
      assert.equal(after.defaultAlgorithm, "AES_256");
      assert.equal(after.id, before.id);
      assert.equal(after.createdAt, before.createdAt);
      assert.equal(after.folderId, FOLDER);
      // snake_case mask paths work too; a named field missing from the body takes its default.
      done(
        await root.patch(`/kms/v1/keys/${keyId}`, {
          updateMask: "description,labels,rotation_period,deletion_protection",
        }),
      );
      const cleared = (await root.get(`/kms/v1/keys/${keyId}`)).body;
      assert.equal(cleared.description, undefined);
      assert.equal(cleared.labels, undefined);
      assert.equal(cleared.rotationPeriod, undefined);
      assert.equal(cleared.deletionProtection, false);
      assert.equal(cleared.name, "after");
    });

    it("switches status between ACTIVE and INACTIVE; an INACTIVE key cannot be used", async () => {
      const keyId = await newKey();
      const { secretId } = await createSecret(root, {
        folderId: FOLDER,
        kmsKeyId: keyId,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      done(await root.patch(`/kms/v1/keys/${keyId}`, { updateMask: "status", status: "INACTIVE" }));
      assert.equal((await root.get(`/kms/v1/keys/${keyId}`)).body.status, "INACTIVE");
      failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload`), 400, 9);
      // Enums by number: 2 is ACTIVE.
      done(await root.patch(`/kms/v1/keys/${keyId}`, { updateMask: "status", status: 2 }));
      assert.equal((await root.get(`/lockbox/v1/secrets/${secretId}/payload`)).status, 200);
    });

    it("rejects a missing or empty mask, fields it cannot update, and unusable values, changing nothing", async () => {
      const keyId = await newKey();
      const before = (await root.get(`/kms/v1/keys/${keyId}`)).body;
      const path = `/kms/v1/keys/${keyId}`;
      for (const body of [
        { name: "x" },
        { updateMask: "", name: "x" },
        { updateMask: "folderId", folderId: "b1gother" },
        { updateMask: "name,primaryVersion", name: "x" },
        { updateMask: "status", status: "CREATING" },
        { updateMask: "status" },
        { updateMask: "defaultAlgorithm" },
        { updateMask: "defaultAlgorithm", defaultAlgorithm: "AES_512" },
        { updateMask: "rotationPeriod", rotationPeriod: "1 day" },
        { updateMask: "labels", labels: { A: "1" } },
        { updateMask: "name", name: "n".repeat(101) },
      ]) {
        failed(await root.patch(path, body), 400, 3);
      }
      assert.deepEqual((await root.get(path)).body, before);
      failed(await root.patch("/kms/v1/keys/abj00000000000000000", { updateMask: "name" }), 404, 5);
    });
  });

  describe("roles", () => {
    it("lets kms.editor create and update but not delete, kms.viewer not update, and kms.admin delete", async () => {
      const editor = await createServiceAccount(server, { folderId: FOLDER, roles: ["kms.editor"] });
      const admin = await createServiceAccount(server, { folderId: FOLDER, roles: ["kms.admin"] });
      const op = done(
        await as(server, editor.token).post("/kms/v1/keys", {
          folderId: FOLDER,
          defaultAlgorithm: "AES_256",
        }),
      );
      const keyId = String(op.metadata.keyId);
      const viewer = await createServiceAccount(server, { folderId: FOLDER, roles: ["kms.viewer"] });
      failed(
        await as(server, viewer.token).patch(`/kms/v1/keys/${keyId}`, { updateMask: "name", name: "v" }),
        403,
        7,
      );
      done(await as(server, editor.token).patch(`/kms/v1/keys/${keyId}`, { updateMask: "name", name: "e" }));
      assert.equal((await root.get(`/kms/v1/keys/${keyId}`)).body.name, "e");
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
