import * as assert from "node:assert/strict";
import { startLocalServer, TEST_FOLDER, type LocalServer } from "../../helpers/server";
import { as, createSecret, done, failed, type Caller } from "./http";

describe("lockbox-local SecretService", () => {
  let server: LocalServer;
  let root: Caller;
  before(async () => {
    server = await startLocalServer();
    root = as(server);
  });

  describe("POST /lockbox/v1/secrets (Create)", () => {
    it("creates an ACTIVE secret whose first version is current", async () => {
      const op = done(
        await root.post("/lockbox/v1/secrets", {
          folderId: TEST_FOLDER,
          name: "create-basic",
          description: "d",
          labels: { env: "test" },
          versionDescription: "first",
          versionPayloadEntries: [
            { key: "user", textValue: "alice" },
            { key: "blob", binaryValue: Buffer.from([1, 2, 3]).toString("base64") },
          ],
        }),
      );
      assert.match(String(op.metadata.secretId), /^e6q[0-9a-v]{17}$/);
      assert.match(String(op.metadata.versionId), /^e6q[0-9a-v]{17}$/);
      const secret = op.response;
      assert.equal(secret.status, "ACTIVE");
      assert.deepEqual(secret.labels, { env: "test" });
      const current = secret.currentVersion as Record<string, unknown>;
      assert.equal(current.id, op.metadata.versionId);
      assert.equal(current.description, "first");
      assert.deepEqual(current.payloadEntryKeys, ["user", "blob"]);
      assert.equal(current.createdAt, secret.createdAt);
    });

    it("creates no version when createVersion is false", async () => {
      const op = done(
        await root.post("/lockbox/v1/secrets", {
          folderId: TEST_FOLDER,
          createVersion: false,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        }),
      );
      assert.equal(op.metadata.versionId, undefined);
      assert.equal(op.response.currentVersion, undefined);
    });

    it("generates a password with every class when given a passwordPayloadSpecification", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        passwordPayloadSpecification: { passwordKey: "password", length: 40 },
      });
      const p = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      const entries = p.body.entries as Array<{ key: string; textValue: string }>;
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.key, "password");
      const pw = entries[0]!.textValue;
      assert.equal(pw.length, 40);
      assert.match(pw, /[A-Z]/);
      assert.match(pw, /[a-z]/);
      assert.match(pw, /[0-9]/);
      assert.match(pw, /[^A-Za-z0-9]/);
      const s = await root.get(`/lockbox/v1/secrets/${secretId}`);
      assert.deepEqual(s.body.passwordPayloadSpecification, { passwordKey: "password", length: "40" });
    });

    it("rejects both entries and a password specification", async () => {
      failed(
        await root.post("/lockbox/v1/secrets", {
          folderId: TEST_FOLDER,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
          passwordPayloadSpecification: { passwordKey: "p" },
        }),
        400,
        3,
      );
    });

    it("rejects createVersion true with nothing to put in the version", async () => {
      failed(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, createVersion: true }), 400, 3);
    });

    it("rejects an unknown field, naming it", async () => {
      const msg = failed(
        await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, colour: "red" }),
        400,
        3,
      );
      assert.match(msg, /colour/);
    });

    it("rejects each broken limit of section 4, naming the field", async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ name: "x".repeat(101) }, /name/],
        [{ description: "x".repeat(1025) }, /description/],
        [{ versionDescription: "x".repeat(257) }, /versionDescription/],
        [{ labels: { Upper: "v" } }, /labels/],
        [{ labels: { k: "UPPER" } }, /labels/],
        [{ labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])) }, /labels/],
        [{ versionPayloadEntries: [{ key: "bad key", textValue: "v" }] }, /versionPayloadEntries\.0\.key/],
        [{ versionPayloadEntries: [{ key: "k", textValue: "x".repeat(65537) }] }, /textValue/],
        [{ versionPayloadEntries: [{ key: "k", textValue: "a", binaryValue: "YQ==" }] }, /not both/],
        [{ kmsKeyId: "x".repeat(51) }, /kmsKeyId/],
        [{ passwordPayloadSpecification: { passwordKey: "p", length: 257 } }, /length/],
        [
          {
            passwordPayloadSpecification: {
              passwordKey: "p",
              includedPunctuation: "!",
              excludedPunctuation: "?",
            },
          },
          /Punctuation/,
        ],
      ];
      for (const [extra, field] of cases) {
        const msg = failed(
          await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, ...extra }),
          400,
          3,
        );
        assert.match(msg, field, JSON.stringify(extra));
      }
    });

    it("rejects a version whose values total more than 64 KB and leaves no secret behind", async () => {
      const big = "x".repeat(40000);
      const folder = "b1gtoobigfolder";
      failed(
        await root.post("/lockbox/v1/secrets", {
          folderId: folder,
          name: "too-big",
          versionPayloadEntries: [
            { key: "a", textValue: big },
            { key: "b", textValue: big },
          ],
        }),
        400,
        3,
      );
      // The secret row was written before the version failed: the transaction must have undone it.
      assert.deepEqual((await root.get(`/lockbox/v1/secrets?folderId=${folder}`)).body.secrets, []);
      done(await root.post("/lockbox/v1/secrets", { folderId: folder, name: "too-big" }));
    });

    it("refuses a second secret with the same name in a folder", async () => {
      await createSecret(root, { folderId: TEST_FOLDER, name: "dup-name" });
      failed(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, name: "dup-name" }), 409, 6);
    });

    it("refuses a kmsKeyId that names no key", async () => {
      failed(
        await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, kmsKeyId: "abjnosuchkey00000000" }),
        400,
        9,
      );
    });
  });

  describe("GET /lockbox/v1/secrets/{secretId} (Get)", () => {
    it("answers NOT_FOUND for an unknown id", async () => {
      failed(await root.get("/lockbox/v1/secrets/e6q00000000000000000"), 404, 5);
    });

    it("answers INVALID_ARGUMENT for an id longer than 50 characters", async () => {
      failed(await root.get(`/lockbox/v1/secrets/${"e".repeat(51)}`), 400, 3);
    });
  });

  describe("GET /lockbox/v1/secrets (List)", () => {
    it("pages through a folder with pageSize and nextPageToken", async () => {
      const folder = "b1glistfolder0000000";
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await createSecret(root, { folderId: folder, name: `s${i}` })).secretId);
      const seen: string[] = [];
      let token = "";
      do {
        const res = await root.get(
          `/lockbox/v1/secrets?folderId=${folder}&pageSize=2${token ? `&pageToken=${token}` : ""}`,
        );
        assert.equal(res.status, 200);
        const secrets = res.body.secrets as Array<{ id: string }>;
        assert.ok(secrets.length <= 2);
        seen.push(...secrets.map((s) => s.id));
        token = (res.body.nextPageToken as string | undefined) ?? "";
      } while (token);
      assert.deepEqual(seen, ids);
    });

    it("requires folderId", async () => {
      assert.match(failed(await root.get("/lockbox/v1/secrets"), 400, 3), /folderId/);
    });

    it("rejects pageSize above 1000 and a token that does not parse", async () => {
      failed(await root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}&pageSize=1001`), 400, 3);
      failed(await root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}&pageSize=abc`), 400, 3);
      failed(await root.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}&pageToken=garbage`), 400, 3);
    });

    it("answers an empty folder with an empty list and no nextPageToken", async () => {
      const res = await root.get("/lockbox/v1/secrets?folderId=b1gemptyfolder");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.secrets, []);
      assert.equal(res.body.nextPageToken, undefined);
    });
  });

  describe("PATCH /lockbox/v1/secrets/{secretId} (Update)", () => {
    it("changes only the fields named in updateMask and resets named-but-absent ones", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        name: "upd",
        description: "old",
        labels: { a: "b" },
      });
      const op = done(
        await root.patch(`/lockbox/v1/secrets/${secretId}`, {
          updateMask: "description,labels,deletion_protection",
          name: "ignored",
          description: "new",
          deletionProtection: true,
        }),
      );
      assert.equal(op.metadata.secretId, secretId);
      assert.equal(op.response.name, "upd");
      assert.equal(op.response.description, "new");
      assert.equal(op.response.labels, undefined);
      assert.equal(op.response.deletionProtection, true);
    });

    it("rejects a missing or unknown updateMask path", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER });
      failed(await root.patch(`/lockbox/v1/secrets/${secretId}`, { name: "x" }), 400, 3);
      assert.match(
        failed(await root.patch(`/lockbox/v1/secrets/${secretId}`, { updateMask: "folderId" }), 400, 3),
        /folderId/,
      );
    });
  });

  describe("DELETE /lockbox/v1/secrets/{secretId} (Delete)", () => {
    it("refuses while deletionProtection is set, then deletes once it is cleared", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER, deletionProtection: true });
      failed(await root.delete(`/lockbox/v1/secrets/${secretId}`), 400, 9);
      done(await root.patch(`/lockbox/v1/secrets/${secretId}`, { updateMask: "deletionProtection" }));
      const op = done(await root.delete(`/lockbox/v1/secrets/${secretId}`));
      assert.equal(op.response.id, secretId);
      assert.equal(op.response["@type"], "type.googleapis.com/yandex.cloud.lockbox.v1.Secret");
      failed(await root.get(`/lockbox/v1/secrets/${secretId}`), 404, 5);
    });
  });

  describe(":activate / :deactivate", () => {
    it("blocks payload reads while INACTIVE and restores them on activate", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      const off = done(await root.post(`/lockbox/v1/secrets/${secretId}:deactivate`));
      assert.equal(off.response.status, "INACTIVE");
      assert.equal((off.response.currentVersion as { status: string }).status, "ACTIVE");
      failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload`), 400, 9);
      const on = done(await root.post(`/lockbox/v1/secrets/${secretId}:activate`));
      assert.equal(on.response.status, "ACTIVE");
      assert.equal((await root.get(`/lockbox/v1/secrets/${secretId}/payload`)).status, 200);
    });
  });

  describe(":addVersion", () => {
    it("merges changes into the base version: set, replace, remove by empty value, new keys last", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [
          { key: "key1", textValue: "val1" },
          { key: "key2", textValue: "val2" },
        ],
      });
      const op = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          description: "v2",
          payloadEntries: [
            { key: "key2", textValue: "val22" },
            { key: "key3", textValue: "val3" },
            { key: "key1", textValue: "" },
          ],
        }),
      );
      assert.deepEqual(op.response.payloadEntryKeys, ["key2", "key3"]);
      const p = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.deepEqual(p.body, {
        versionId: op.metadata.versionId,
        entries: [
          { key: "key2", textValue: "val22" },
          { key: "key3", textValue: "val3" },
        ],
      });
      const s = await root.get(`/lockbox/v1/secrets/${secretId}`);
      assert.equal((s.body.currentVersion as { id: string }).id, op.metadata.versionId);
    });

    it("copies an older version when it is the base and no changes are sent", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "a", textValue: "1" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "a", textValue: "2" }],
        }),
      );
      const back = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, { baseVersionId: versionId }),
      );
      const p = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.equal(p.body.versionId, back.metadata.versionId);
      assert.deepEqual(p.body.entries, [{ key: "a", textValue: "1" }]);
    });

    it("generates a new password for a generated secret and rejects explicit entries", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        passwordPayloadSpecification: { passwordKey: "pw", includePunctuation: false },
      });
      const first = (await root.get(`/lockbox/v1/secrets/${secretId}/payload`)).body.entries as Array<{
        textValue: string;
      }>;
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "pw", textValue: "x" }],
        }),
        400,
        3,
      );
      done(await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {}));
      const second = (await root.get(`/lockbox/v1/secrets/${secretId}/payload`)).body.entries as Array<{
        textValue: string;
      }>;
      assert.notEqual(second[0]!.textValue, first[0]!.textValue);
      assert.match(second[0]!.textValue, /^[A-Za-z0-9]{36}$/);
    });

    it("answers NOT_FOUND for an unknown base version", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER });
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          baseVersionId: "e6q00000000000000000",
        }),
        404,
        5,
      );
    });
  });

  describe(":setCurrentVersion", () => {
    it("moves the current pointer to an older version", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "a", textValue: "1" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "a", textValue: "2" }],
        }),
      );
      const op = done(await root.post(`/lockbox/v1/secrets/${secretId}:setCurrentVersion`, { versionId }));
      assert.equal(op.response.id, versionId);
      const p = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.deepEqual(p.body.entries, [{ key: "a", textValue: "1" }]);
      failed(await root.post(`/lockbox/v1/secrets/${secretId}:setCurrentVersion`, {}), 400, 3);
    });
  });

  describe(":scheduleVersionDestruction / :cancelVersionDestruction", () => {
    it("schedules with a 7-day default, lists the version as scheduled, and cancels back to ACTIVE", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "a", textValue: "1" }],
      });
      const before = Date.now();
      const op = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, { versionId }),
      );
      const destroyAt = Date.parse(String(op.metadata.destroyAt));
      assert.ok(destroyAt >= before + 7 * 86400_000 - 1000 && destroyAt <= Date.now() + 7 * 86400_000 + 1000);
      assert.equal(op.response.status, "SCHEDULED_FOR_DESTRUCTION");
      assert.equal(op.response.destroyAt, op.metadata.destroyAt);
      const s = await root.get(`/lockbox/v1/secrets/${secretId}`);
      assert.equal(
        (s.body.currentVersion as { id: string }).id,
        versionId,
        "the current pointer does not move",
      );
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, { versionId }),
        400,
        9,
      );
      const cancel = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:cancelVersionDestruction`, { versionId }),
      );
      assert.equal(cancel.response.status, "ACTIVE");
      assert.equal(cancel.response.destroyAt, undefined);
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:cancelVersionDestruction`, { versionId }),
        400,
        9,
      );
    });

    it("destroys the version at destroyAt: its payload is gone and it cannot be a base", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "a", textValue: "1" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
          versionId,
          pendingPeriod: "0s",
        }),
      );
      const list = await root.get(`/lockbox/v1/secrets/${secretId}/versions`);
      const v = (list.body.versions as Array<{ id: string; status: string; destroyAt?: string }>)[0]!;
      assert.equal(v.status, "DESTROYED");
      assert.equal(v.destroyAt, undefined);
      failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload?versionId=${versionId}`), 400, 9);
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, { baseVersionId: versionId }),
        400,
        9,
      );
      failed(await root.post(`/lockbox/v1/secrets/${secretId}:setCurrentVersion`, { versionId }), 400, 9);
    });

    it("rejects a malformed pendingPeriod", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "a", textValue: "1" }],
      });
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
          versionId,
          pendingPeriod: "7d",
        }),
        400,
        3,
      );
    });
  });

  describe("GET .../versions and .../operations", () => {
    it("lists every version in creation order and every operation on the secret", async () => {
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "a", textValue: "1" }],
      });
      const v2 = done(await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {}));
      const versions = await root.get(`/lockbox/v1/secrets/${secretId}/versions`);
      assert.deepEqual(
        (versions.body.versions as Array<{ id: string }>).map((v) => v.id),
        [versionId, v2.metadata.versionId],
      );
      const ops = await root.get(`/lockbox/v1/secrets/${secretId}/operations?pageSize=1`);
      assert.equal((ops.body.operations as unknown[]).length, 1);
      assert.equal((ops.body.operations as Array<{ description: string }>)[0]!.description, "Create secret");
      assert.ok(ops.body.nextPageToken);
      const next = await root.get(
        `/lockbox/v1/secrets/${secretId}/operations?pageToken=${String(ops.body.nextPageToken)}`,
      );
      assert.equal((next.body.operations as Array<{ description: string }>)[0]!.description, "Add version");
    });
  });

  describe("access bindings", () => {
    it("sets, updates (ADD/REMOVE, duplicates are no-ops) and lists bindings made on the secret", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER });
      const b1 = {
        roleId: "lockbox.payloadViewer",
        subject: { type: "serviceAccount", id: "aje00000000000000001" },
      };
      const b2 = { roleId: "lockbox.viewer", subject: { type: "userAccount", id: "aje00000000000000002" } };
      const set = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:setAccessBindings`, { accessBindings: [b1] }),
      );
      assert.equal(
        set.metadata["@type"],
        "type.googleapis.com/yandex.cloud.access.SetAccessBindingsMetadata",
      );
      assert.equal(set.metadata.resourceId, secretId);
      assert.deepEqual(set.response, { "@type": "type.googleapis.com/google.protobuf.Empty" });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:updateAccessBindings`, {
          accessBindingDeltas: [
            { action: "ADD", accessBinding: b2 },
            { action: "ADD", accessBinding: b2 },
            { action: "REMOVE", accessBinding: b1 },
            { action: "REMOVE", accessBinding: b1 },
          ],
        }),
      );
      const list = await root.get(`/lockbox/v1/secrets/${secretId}:listAccessBindings`);
      assert.deepEqual(list.body.accessBindings, [b2]);
      done(await root.post(`/lockbox/v1/secrets/${secretId}:setAccessBindings`, { accessBindings: [] }));
      assert.deepEqual(
        (await root.get(`/lockbox/v1/secrets/${secretId}:listAccessBindings`)).body.accessBindings,
        [],
      );
    });

    it("rejects an empty delta list, an unknown action and an unknown subject type", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER });
      const path = `/lockbox/v1/secrets/${secretId}:updateAccessBindings`;
      failed(await root.post(path, { accessBindingDeltas: [] }), 400, 3);
      failed(
        await root.post(path, {
          accessBindingDeltas: [
            {
              action: "GRANT",
              accessBinding: { roleId: "viewer", subject: { type: "userAccount", id: "x" } },
            },
          ],
        }),
        400,
        3,
      );
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:setAccessBindings`, {
          accessBindings: [{ roleId: "viewer", subject: { type: "robot", id: "x" } }],
        }),
        400,
        3,
      );
    });
  });
});
