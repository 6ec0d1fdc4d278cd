import * as assert from "node:assert/strict";
import {
  createServiceAccount,
  createUser,
  exchangeToken,
  grantFolderRole,
  signServiceAccountJwt,
  startLocalServer,
  TEST_FOLDER,
  type LocalServer,
} from "../../helpers/server";
import { as, call, createSecret, done, failed, type Caller, type Res } from "./http";

describe("lockbox-local IAM", () => {
  let server: LocalServer;
  let root: Caller;
  before(async () => {
    server = await startLocalServer();
    root = as(server);
  });

  describe("POST /iam/v1/tokens", () => {
    it("exchanges a PS256 service-account JWT for a t1. IAM token that expires in 12 hours", async () => {
      const sa = await createServiceAccount(server, { roles: ["lockbox.viewer"] });
      const res = await call(`${server.url}/iam/v1/tokens`, "POST", undefined, {
        jwt: signServiceAccountJwt(sa.key),
      });
      assert.equal(res.status, 200);
      assert.match(String(res.body.iamToken), /^t1\.[A-Z0-9a-z_-]+[=]{0,2}\.[A-Z0-9a-z_-]{86}[=]{0,2}$/);
      const ttl = Date.parse(String(res.body.expiresAt)) - Date.now();
      assert.ok(ttl > 11.9 * 3600_000 && ttl <= 12 * 3600_000, String(ttl));
      const list = await as(server, String(res.body.iamToken)).get(
        `/lockbox/v1/secrets?folderId=${TEST_FOLDER}`,
      );
      assert.equal(list.status, 200);
    });

    it("accepts the server's own tokens URL as the audience", async () => {
      const sa = await createServiceAccount(server);
      const token = await exchangeToken(server, {
        jwt: signServiceAccountJwt(sa.key, { audience: `${server.url}/iam/v1/tokens` }),
      });
      assert.ok(token.startsWith("t1."));
    });

    it("refuses JWTs that are not PS256, live over an hour, aim elsewhere, expired or carry a bad signature", async () => {
      const sa = await createServiceAccount(server);
      const other = await createServiceAccount(server);
      const cases: Array<[string, string]> = [
        ["alg", signServiceAccountJwt(sa.key, { alg: "RS256" })],
        ["lifetime", signServiceAccountJwt(sa.key, { lifetimeSeconds: 3601 })],
        ["audience", signServiceAccountJwt(sa.key, { audience: "https://example.com/tokens" })],
        ["expired", signServiceAccountJwt(sa.key, { iat: Math.floor(Date.now() / 1000) - 7200 })],
        ["signature", signServiceAccountJwt({ ...sa.key, private_key: other.key.private_key })],
        ["issuer", signServiceAccountJwt({ ...sa.key, service_account_id: other.id })],
        ["unknown key", signServiceAccountJwt({ ...sa.key, id: "ajenosuchkey00000000" })],
        ["garbage", "not.a.jwt"],
      ];
      for (const [why, jwt] of cases) {
        const res = await call(`${server.url}/iam/v1/tokens`, "POST", undefined, { jwt });
        assert.ok(res.status === 401 || res.status === 400, `${why}: ${res.status}`);
        assert.equal(res.body.iamToken, undefined, why);
      }
    });

    it("exchanges a user's OAuth token and refuses an unknown one", async () => {
      const user = await createUser(server);
      assert.ok(user.token.startsWith("t1."));
      const res = await call(`${server.url}/iam/v1/tokens`, "POST", undefined, {
        yandexPassportOauthToken: "y0_nope",
      });
      failed(res, 401, 16);
    });

    it("requires exactly one of jwt and yandexPassportOauthToken", async () => {
      failed(await call(`${server.url}/iam/v1/tokens`, "POST", undefined, {}), 400, 3);
      failed(
        await call(`${server.url}/iam/v1/tokens`, "POST", undefined, {
          jwt: "a",
          yandexPassportOauthToken: "b",
        }),
        400,
        3,
      );
    });
  });

  describe("bearer tokens", () => {
    it("are required everywhere except /health and the token exchange", async () => {
      assert.equal((await call(`${server.url}/health`, "GET", undefined)).status, 200);
      failed(
        await call(`${server.url}/lockbox/v1/secrets?folderId=${TEST_FOLDER}`, "GET", undefined),
        401,
        16,
      );
      failed(
        await call(`${server.url}/lockbox/v1/secrets?folderId=${TEST_FOLDER}`, "GET", "t1.bogus.token"),
        401,
        16,
      );
      failed(await call(`${server.url}/operations/e6q00000000000000000`, "GET", undefined), 401, 16);
      failed(await call(`${server.url}/kms/v1/keys?folderId=${TEST_FOLDER}`, "GET", undefined), 401, 16);
    });

    it("never echo the token in an error", async () => {
      const res = await call(`${server.url}/lockbox/v1/secrets/x`, "GET", "t1.SECRETTOKENVALUE.x");
      assert.doesNotMatch(JSON.stringify(res.body), /SECRETTOKENVALUE/);
    });
  });

  describe("roles × methods", () => {
    type Method = (c: Caller, secretId: string, versionId: string) => Promise<Res>;
    const methods: Record<string, Method> = {
      get: (c, s) => c.get(`/lockbox/v1/secrets/${s}`),
      list: (c) => c.get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`),
      listVersions: (c, s) => c.get(`/lockbox/v1/secrets/${s}/versions`),
      listOperations: (c, s) => c.get(`/lockbox/v1/secrets/${s}/operations`),
      listAccessBindings: (c, s) => c.get(`/lockbox/v1/secrets/${s}:listAccessBindings`),
      create: (c) => c.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }),
      update: (c, s) => c.patch(`/lockbox/v1/secrets/${s}`, { updateMask: "description", description: "x" }),
      delete: (c, s) => c.delete(`/lockbox/v1/secrets/${s}`),
      deactivate: (c, s) => c.post(`/lockbox/v1/secrets/${s}:deactivate`),
      addVersion: (c, s) =>
        c.post(`/lockbox/v1/secrets/${s}:addVersion`, { payloadEntries: [{ key: "b", textValue: "2" }] }),
      setCurrentVersion: (c, s, v) => c.post(`/lockbox/v1/secrets/${s}:setCurrentVersion`, { versionId: v }),
      scheduleVersionDestruction: (c, s, v) =>
        c.post(`/lockbox/v1/secrets/${s}:scheduleVersionDestruction`, { versionId: v }),
      payload: (c, s) => c.get(`/lockbox/v1/secrets/${s}/payload`),
      getEx: (c, s) => c.get(`/lockbox/v1/secrets:getEx?secretId=${s}`),
      setAccessBindings: (c, s) =>
        c.post(`/lockbox/v1/secrets/${s}:setAccessBindings`, { accessBindings: [] }),
    };
    const READ = ["get", "list", "listVersions", "listOperations", "listAccessBindings"];
    const WRITE = [
      "create",
      "update",
      "delete",
      "deactivate",
      "addVersion",
      "setCurrentVersion",
      "scheduleVersionDestruction",
    ];
    const PAYLOAD = ["payload", "getEx"];
    const BINDINGS = ["setAccessBindings"];
    // The expected table, written out from docs/lockbox-api.md#lockbox-roles (not derived from the server's
    // code).
    const table: Record<string, string[]> = {
      "(no role)": [],
      "lockbox.auditor": READ,
      "lockbox.viewer": READ,
      "lockbox.editor": [...READ, ...WRITE],
      "lockbox.payloadViewer": PAYLOAD,
      "lockbox.admin": [...READ, ...WRITE, ...PAYLOAD, ...BINDINGS],
      auditor: READ,
      viewer: READ,
      editor: [...READ, ...WRITE],
      admin: [...READ, ...WRITE, ...PAYLOAD, ...BINDINGS],
    };

    for (const [role, allowed] of Object.entries(table)) {
      it(`lets ${role} call exactly ${allowed.length ? allowed.join(", ") : "nothing"}`, async () => {
        const sa = await createServiceAccount(server, { roles: role === "(no role)" ? [] : [role] });
        const c = as(server, sa.token);
        for (const [name, fn] of Object.entries(methods)) {
          const { secretId, versionId } = await createSecret(root, {
            folderId: TEST_FOLDER,
            versionPayloadEntries: [{ key: "a", textValue: "1" }],
          });
          const res = await fn(c, secretId, versionId!);
          if (allowed.includes(name))
            assert.equal(res.status, 200, `${role} ${name}: ${JSON.stringify(res.body)}`);
          else {
            assert.equal(res.status, 403, `${role} ${name}: ${JSON.stringify(res.body)}`);
            assert.equal(res.body.code, 7);
          }
        }
      });
    }

    it("honours a binding made on one secret for that secret only", async () => {
      const sa = await createServiceAccount(server, { folderId: "b1gotherfolder" });
      const c = as(server, sa.token);
      const a = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      const b = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${a.secretId}:setAccessBindings`, {
          accessBindings: [
            { roleId: "lockbox.payloadViewer", subject: { type: "serviceAccount", id: sa.id } },
          ],
        }),
      );
      assert.equal((await c.get(`/lockbox/v1/secrets/${a.secretId}/payload`)).status, 200);
      failed(await c.get(`/lockbox/v1/secrets/${b.secretId}/payload`), 403, 7);
    });

    it("grants to everyone through system:allAuthenticatedUsers", async () => {
      const sa = await createServiceAccount(server, { folderId: "b1gotherfolder" });
      const folder = "b1gpublicfolder";
      await grantFolderRole(server, folder, "lockbox.viewer", {
        type: "system",
        id: "allAuthenticatedUsers",
      });
      assert.equal((await as(server, sa.token).get(`/lockbox/v1/secrets?folderId=${folder}`)).status, 200);
    });

    it("requires a KMS role on the key to read a kmsKeyId secret's payload", async () => {
      const key = done(
        await root.post("/kms/v1/keys", { folderId: "b1gkmsfolder", defaultAlgorithm: "AES_256" }),
      );
      const keyId = String(key.metadata.keyId);
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        kmsKeyId: keyId,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      const sa = await createServiceAccount(server, { roles: ["lockbox.payloadViewer"] });
      const c = as(server, sa.token);
      failed(await c.get(`/lockbox/v1/secrets/${secretId}/payload`), 403, 7);
      await grantFolderRole(server, "b1gkmsfolder", "kms.keys.encrypterDecrypter", {
        type: "serviceAccount",
        id: sa.id,
      });
      const ok = await c.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.deepEqual(ok.body.entries, [{ key: "k", textValue: "v" }]);
    });

    it("lets a user read an operation it started but not one it cannot see", async () => {
      const editor = await createUser(server, { roles: ["lockbox.editor"] });
      const stranger = await createUser(server, { folderId: "b1gotherfolder", roles: ["lockbox.viewer"] });
      const op = done(await as(server, editor.token).post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      assert.equal(op.createdBy, editor.id);
      assert.equal((await as(server, editor.token).get(`/operations/${String(op.id)}`)).status, 200);
      failed(await as(server, stranger.token).get(`/operations/${String(op.id)}`), 403, 7);
    });
  });

  describe("/_local admin endpoints", () => {
    it("refuse every caller but root", async () => {
      const admin = await createServiceAccount(server, { roles: ["admin"] });
      failed(await as(server, admin.token).get("/_local/stats"), 403, 7);
      failed(await as(server, admin.token).post("/_local/iam/users", { name: "x" }), 403, 7);
    });
  });
});
