/**
 * The service layer as a second transport would use it (server/service/types.ts): authenticate a
 * bearer value, call methods with a caller and an Idempotency-Key, get the API's JSON or a
 * ServiceError. Runs against a real lockbox-local, whose REST answers it is compared with.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { buildServer, type LockboxLocalApp } from "../../../server/app";
import { invoke, METHODS, ServiceError, type Call, type Caller } from "../../../server/service";
import { onCleanup } from "../../helpers/hooks";
import { createUser, grantFolderRole, TEST_FOLDER } from "../../helpers/server";
import { as, call, done, failed } from "./http";

function serviceError(codeName: string, message?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof ServiceError, `not a ServiceError: ${String(err)}`);
    assert.equal(err.codeName, codeName, err.message);
    if (message) assert.match(err.message, message);
    return true;
  };
}

describe("lockbox-local service layer (server/service)", () => {
  let app: LockboxLocalApp;
  let server: { url: string; rootToken: string };
  let root: Caller;
  before(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-service-"));
    const rootToken = `t1.test-root.${randomBytes(32).toString("base64url")}`;
    app = buildServer({ logLevel: "silent", dataDir, rootToken });
    const { url } = await app.listen({ host: "127.0.0.1", port: 0 });
    onCleanup(async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    server = { url, rootToken };
    root = app.service.authenticate(`Bearer ${rootToken}`);
  });

  it("authenticates a Bearer value and refuses a missing or unknown one with UNAUTHENTICATED (401)", () => {
    assert.equal(root.root, true);
    assert.throws(() => app.service.authenticate(undefined), serviceError("UNAUTHENTICATED"));
    assert.throws(
      () => app.service.authenticate("Bearer t1.nope"),
      (err: unknown) => err instanceof ServiceError && err.code === 16 && err.httpStatus === 401,
    );
  });

  it("answers the same JSON as the REST routes, called by full gRPC method name", async () => {
    const op = invoke(
      app.service,
      METHODS["yandex.cloud.lockbox.v1.SecretService/Create"]!,
      { caller: root },
      {
        folderId: TEST_FOLDER,
        name: "svc-parity",
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      },
    ) as { done: boolean; metadata: { secretId: string } };
    assert.equal(op.done, true);
    const secretId = op.metadata.secretId;
    const viaService = app.service.secrets.get({ caller: root }, { secretId });
    const viaRest = await as(server).get(`/lockbox/v1/secrets/${secretId}`);
    assert.deepEqual(viaService, viaRest.body);
    const payload = app.service.payload.getEx(
      { caller: root },
      { folderAndName: { folderId: TEST_FOLDER, secretName: "svc-parity" } },
    );
    assert.deepEqual(payload.entries, { k: Buffer.from("v").toString("base64") });
  });

  it("refuses a bad request with INVALID_ARGUMENT naming the field, before any lookup", () => {
    assert.throws(
      () => app.service.secrets.get({ caller: root }, { secretId: "" }),
      serviceError("INVALID_ARGUMENT", /secretId/),
    );
    assert.throws(
      () =>
        app.service.secrets.update(
          { caller: root },
          { secretId: "e6qnosuchsecret00000", updateMask: "name" },
        ),
      serviceError("NOT_FOUND"),
    );
  });

  it("replays an Idempotency-Key only while the caller still holds the first call's permissions", async () => {
    const folderId = `b1gsvc${randomBytes(4).toString("hex")}`;
    const user = await createUser(server, { folderId, roles: ["lockbox.editor"] });
    const caller = app.service.authenticate(`Bearer ${user.token}`);
    const call: Call = { caller, idempotencyKey: "svc-key-1" };
    const request = { folderId, name: "svc-idem" };
    const first = app.service.secrets.create(call, request);
    const again = app.service.secrets.create(call, { name: "svc-idem", folderId });
    assert.equal(again.id, first.id, "members in another order are the same request");
    assert.throws(
      () => app.service.secrets.create(call, { folderId, name: "other" }),
      serviceError("INVALID_ARGUMENT", /Idempotency-Key was already used/),
    );
    await as(server).post(`/resource-manager/v1/folders/${folderId}:updateAccessBindings`, {
      accessBindingDeltas: [
        {
          action: "REMOVE",
          accessBinding: { roleId: "lockbox.editor", subject: { type: "userAccount", id: user.id } },
        },
      ],
    });
    assert.throws(() => app.service.secrets.create(call, request), serviceError("PERMISSION_DENIED"));
    await grantFolderRole(server, folderId, "lockbox.editor", { type: "userAccount", id: user.id });
    assert.equal(app.service.secrets.create(call, request).id, first.id);
  });

  it("answers a retried Delete with its first Operation although the secret is gone", () => {
    const created = app.service.secrets.create(
      { caller: root },
      { folderId: TEST_FOLDER, name: "svc-delete" },
    );
    const secretId = String(created.metadata?.["secretId"]);
    const call: Call = { caller: root, idempotencyKey: "svc-delete-1" };
    const first = app.service.secrets.delete(call, { secretId });
    assert.equal(app.service.secrets.delete(call, { secretId }).id, first.id);
    assert.throws(
      () => app.service.secrets.delete({ caller: root }, { secretId }),
      serviceError("NOT_FOUND"),
    );
  });

  it("refuses an Idempotency-Key outside 1..256 characters", () => {
    const call: Call = { caller: root, idempotencyKey: "k".repeat(257) };
    assert.throws(
      () => app.service.secrets.create(call, { folderId: TEST_FOLDER }),
      serviceError("INVALID_ARGUMENT", /Idempotency-Key/),
    );
  });

  it("names every served REST route's method in METHODS, each with a function behind it", () => {
    for (const [name, info] of Object.entries(METHODS)) {
      const group = app.service[info.group] as unknown as Record<string, unknown>;
      assert.equal(typeof group[info.method], "function", name);
    }
  });

  describe("the REST mapping (server/routes/api.ts)", () => {
    const create = async (name: string) =>
      String(
        done(await as(server).post("/lockbox/v1/secrets", { folderId: TEST_FOLDER, name })).metadata.secretId,
      );

    it("ignores the body of Delete and Deactivate whatever it is, as before the service layer", async () => {
      const a = await create("rest-ignored-a");
      done(await call(`${server.url}/lockbox/v1/secrets/${a}:deactivate`, "POST", server.rootToken, "[1]"));
      done(
        await call(`${server.url}/lockbox/v1/secrets/${a}`, "DELETE", server.rootToken, {
          secretId: "other",
          x: 1,
        }),
      );
      failed(await as(server).get(`/lockbox/v1/secrets/${a}`), 404, 5);
    });

    it("refuses a body member that repeats a path field of a method that reads its body", async () => {
      const a = await create("rest-repeat");
      const res = await call(`${server.url}/lockbox/v1/secrets/${a}`, "PATCH", server.rootToken, {
        secretId: a,
        updateMask: "description",
      });
      assert.match(failed(res, 400, 3), /unknown field "secretId"/);
    });
  });
});
