import * as assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { startLocalServer, TEST_FOLDER, createUser } from "../../helpers/server";
import { as, done, failed } from "./http";

describe("lockbox-local operations", () => {
  describe("with --operation-delay-ms", () => {
    it("answers done:false with metadata first, then done:true with the response once the delay passes", async () => {
      let clock = Date.parse("2030-01-01T00:00:00Z");
      const server = await startLocalServer({ operationDelayMs: 5000, now: () => clock });
      const root = as(server);
      const first = await root.post("/lockbox/v1/secrets", {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      assert.equal(first.status, 200);
      assert.equal(first.body.done, false);
      assert.equal(first.body.response, undefined);
      const secretId = String((first.body.metadata as { secretId: string }).secretId);
      assert.match(secretId, /^e6q/);
      assert.equal((await root.get(`/lockbox/v1/secrets/${secretId}`)).body.status, "CREATING");

      clock += 4999;
      assert.equal((await root.get(`/operations/${String(first.body.id)}`)).body.done, false);
      clock += 1;
      const polled = await root.get(`/operations/${String(first.body.id)}`);
      assert.equal(polled.body.done, true);
      assert.equal((polled.body.response as { status: string }).status, "ACTIVE");
      assert.equal(polled.body.modifiedAt, "2030-01-01T00:00:05.000Z");
      assert.equal((await root.get(`/lockbox/v1/secrets/${secretId}`)).body.status, "ACTIVE");
    });

    it("answers Cancel with the operation as it stands, over GET and POST", async () => {
      const clock = Date.parse("2030-01-01T00:00:00Z");
      const server = await startLocalServer({ operationDelayMs: 5000, now: () => clock });
      const root = as(server);
      const op = await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER });
      const viaGet = await root.get(`/operations/${String(op.body.id)}:cancel`);
      const viaPost = await root.post(`/operations/${String(op.body.id)}:cancel`);
      assert.equal(viaGet.status, 200);
      assert.equal(viaGet.body.id, op.body.id);
      assert.equal(viaPost.body.id, op.body.id);
    });
  });

  describe("GET /operations/{id}", () => {
    it("returns a finished operation with its response and NOT_FOUND for an unknown id", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const op = done(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      const again = done(await root.get(`/operations/${String(op.id)}`));
      assert.deepEqual(again, op);
      failed(await root.get("/operations/e6q00000000000000000"), 404, 5);
    });
  });

  describe("metadata and response of each SecretService mutation", () => {
    it("names the method's metadata type with the secret (and version) id, and answers the Secret or the Version", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const type = (name: string) => `type.googleapis.com/yandex.cloud.lockbox.v1.${name}`;
      const created = done(
        await root.post("/lockbox/v1/secrets", {
          folderId: TEST_FOLDER,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        }),
      );
      const secretId = String(created.metadata.secretId);
      const v1 = String(created.metadata.versionId);
      assert.deepEqual(created.metadata, { "@type": type("CreateSecretMetadata"), secretId, versionId: v1 });
      assert.equal(created.response["@type"], type("Secret"));
      const base = `/lockbox/v1/secrets/${secretId}`;

      const secretOp = (op: ReturnType<typeof done>, metadata: string) => {
        assert.deepEqual(op.metadata, { "@type": type(metadata), secretId });
        assert.equal(op.response["@type"], type("Secret"));
        assert.equal(op.response.id, secretId);
        return op.response;
      };
      const updated = done(await root.patch(base, { updateMask: "description", description: "d2" }));
      assert.equal(secretOp(updated, "UpdateSecretMetadata").description, "d2");
      assert.equal(
        secretOp(done(await root.post(`${base}:deactivate`)), "DeactivateSecretMetadata").status,
        "INACTIVE",
      );
      assert.equal(
        secretOp(done(await root.post(`${base}:activate`)), "ActivateSecretMetadata").status,
        "ACTIVE",
      );

      const versionOp = (op: ReturnType<typeof done>, metadata: string, versionId: string) => {
        assert.equal(op.metadata["@type"], type(metadata));
        assert.equal(op.metadata.secretId, secretId);
        assert.equal(op.metadata.versionId, versionId);
        assert.equal(op.response["@type"], type("Version"));
        assert.equal(op.response.id, versionId);
        assert.equal(op.response.secretId, secretId);
        return op;
      };
      const added = done(
        await root.post(`${base}:addVersion`, { payloadEntries: [{ key: "k", textValue: "w" }] }),
      );
      const v2 = String(added.metadata.versionId);
      assert.notEqual(v2, v1);
      assert.deepEqual(Object.keys(versionOp(added, "AddVersionMetadata", v2).metadata).sort(), [
        "@type",
        "secretId",
        "versionId",
      ]);
      const setCurrent = done(await root.post(`${base}:setCurrentVersion`, { versionId: v1 }));
      assert.equal(versionOp(setCurrent, "SetCurrentVersionMetadata", v1).response.status, "ACTIVE");
      const scheduled = versionOp(
        done(
          await root.post(`${base}:scheduleVersionDestruction`, { versionId: v2, pendingPeriod: "3600s" }),
        ),
        "ScheduleVersionDestructionMetadata",
        v2,
      );
      assert.equal(scheduled.response.status, "SCHEDULED_FOR_DESTRUCTION");
      assert.match(String(scheduled.metadata.destroyAt), /^\d{4}-\d{2}-\d{2}T/);
      assert.equal(scheduled.metadata.destroyAt, scheduled.response.destroyAt);
      const cancelled = done(await root.post(`${base}:cancelVersionDestruction`, { versionId: v2 }));
      assert.equal(versionOp(cancelled, "CancelVersionDestructionMetadata", v2).response.status, "ACTIVE");
      assert.equal(cancelled.metadata.destroyAt, undefined);

      assert.equal(secretOp(done(await root.delete(base)), "DeleteSecretMetadata").description, "d2");
    });
  });

  describe("Idempotency-Key", () => {
    it("returns the same operation for a repeated key and never creates a second secret", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const key = randomUUID();
      const body = { folderId: "b1gidempotent", versionPayloadEntries: [{ key: "k", textValue: "v" }] };
      const a = done(await root.post("/lockbox/v1/secrets", body, { "idempotency-key": key }));
      const b = done(await root.post("/lockbox/v1/secrets", body, { "idempotency-key": key }));
      assert.equal(b.id, a.id);
      assert.deepEqual(b.metadata, a.metadata);
      const list = await root.get("/lockbox/v1/secrets?folderId=b1gidempotent");
      assert.equal((list.body.secrets as unknown[]).length, 1);
    });

    it("never adds a second version for a repeated AddVersion key", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const created = done(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      const secretId = String(created.metadata.secretId);
      const key = randomUUID();
      const path = `/lockbox/v1/secrets/${secretId}:addVersion`;
      const body = { payloadEntries: [{ key: "k", textValue: "v" }] };
      const a = done(await root.post(path, body, { "idempotency-key": key }));
      const b = done(await root.post(path, body, { "idempotency-key": key }));
      assert.equal(a.metadata.versionId, b.metadata.versionId);
      const versions = await root.get(`/lockbox/v1/secrets/${secretId}/versions`);
      assert.equal((versions.body.versions as unknown[]).length, 1);
    });

    it("scopes keys to the caller and refuses a key reused for another call", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const user = await createUser(server, { roles: ["lockbox.editor"] });
      const key = randomUUID();
      const a = done(
        await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }, { "idempotency-key": key }),
      );
      const b = done(
        await as(server, user.token).post(
          "/lockbox/v1/secrets",
          { folderId: TEST_FOLDER },
          { "idempotency-key": key },
        ),
      );
      assert.notEqual(b.id, a.id);
      const secretId = String(a.metadata.secretId);
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:deactivate`, {}, { "idempotency-key": key }),
        400,
        3,
      );
    });

    it("replays a Delete after it committed instead of answering NOT_FOUND", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const created = done(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      const key = randomUUID();
      const path = `/lockbox/v1/secrets/${String(created.metadata.secretId)}`;
      const a = done(await root.delete(path, { "idempotency-key": key }));
      const b = done(await root.delete(path, { "idempotency-key": key }));
      assert.equal(b.id, a.id);
      failed(await root.delete(path), 404, 5);
    });
  });

  describe("a failed mutation", () => {
    it("leaves nothing behind: no secret, no operation, no idempotency record", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const key = randomUUID();
      await root.post("/lockbox/v1/secrets", { folderId: "b1gfailfolder", name: "taken" });
      const bad = await root.post(
        "/lockbox/v1/secrets",
        { folderId: "b1gfailfolder", name: "taken" },
        { "idempotency-key": key },
      );
      failed(bad, 409, 6);
      const list = await root.get("/lockbox/v1/secrets?folderId=b1gfailfolder");
      assert.equal((list.body.secrets as unknown[]).length, 1);
      // The key was not consumed by the failure: a valid retry with it succeeds.
      done(
        await root.post(
          "/lockbox/v1/secrets",
          { folderId: "b1gfailfolder", name: "fresh" },
          { "idempotency-key": key },
        ),
      );
    });
  });
});
