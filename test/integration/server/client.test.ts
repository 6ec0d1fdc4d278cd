/**
 * lockbox-local driven through the project's own client (docs/conventions.md#tests-use-real-parts):
 * credentials exchange, error classes, polling of delayed operations and idempotent retries over faults.
 */
import * as assert from "node:assert/strict";
import {
  AlreadyExistsError,
  FailedPreconditionError,
  LockboxClient,
  NotFoundError,
  PermissionDeniedError,
  type ClientOptions,
} from "../../../provider/client";
import { onCleanup } from "../../helpers/hooks";
import {
  createServiceAccount,
  createUser,
  setFaults,
  startLocalServer,
  TEST_FOLDER,
  type LocalServer,
} from "../../helpers/server";

function client(server: LocalServer, options: Partial<ClientOptions> = {}): LockboxClient {
  const c = new LockboxClient({
    endpoint: server.url,
    iamToken: server.rootToken,
    operationPollInterval: 5,
    baseDelay: 1,
    env: {},
    ...options,
  } as ClientOptions);
  onCleanup(() => c.close());
  return c;
}

describe("lockbox-local through LockboxClient", () => {
  describe("credentials", () => {
    it("accepts a service-account key the client signs and exchanges itself", async () => {
      const server = await startLocalServer();
      const sa = await createServiceAccount(server, { roles: ["lockbox.admin"] });
      const c = client(server, { iamToken: undefined, serviceAccountKey: sa.key });
      const op = await c.awaitOperation(
        await c.secrets.create({
          folderId: TEST_FOLDER,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        }),
      );
      const secretId = String(op.metadata?.secretId);
      const p = await c.payload.get(secretId);
      assert.deepEqual(p.entries, [{ key: "k", textValue: "v" }]);
    });

    it("accepts a user's OAuth token the client exchanges itself", async () => {
      const server = await startLocalServer();
      const user = await createUser(server, { roles: ["lockbox.viewer"] });
      const c = client(server, { iamToken: undefined, oauthToken: user.oauthToken });
      const secrets = [];
      for await (const s of c.secrets.list({ folderId: TEST_FOLDER })) secrets.push(s);
      assert.deepEqual(secrets, []);
    });
  });

  describe("errors", () => {
    it("surface as the client's error classes with the API's codes", async () => {
      const server = await startLocalServer();
      const c = client(server);
      await assert.rejects(c.secrets.get("e6q00000000000000000"), NotFoundError);
      const op = await c.awaitOperation(
        await c.secrets.create({ folderId: TEST_FOLDER, name: "dup", deletionProtection: true }),
      );
      const secretId = String(op.metadata?.secretId);
      await assert.rejects(c.secrets.create({ folderId: TEST_FOLDER, name: "dup" }), AlreadyExistsError);
      await assert.rejects(c.secrets.delete(secretId), FailedPreconditionError);
      const stranger = await createServiceAccount(server);
      const sc = client(server, { iamToken: stranger.token });
      await assert.rejects(sc.secrets.get(secretId), PermissionDeniedError);
    });
  });

  describe("delayed operations", () => {
    it("are polled until done", async () => {
      const server = await startLocalServer({ operationDelayMs: 50 });
      const c = client(server);
      const first = await c.secrets.create({ folderId: TEST_FOLDER });
      assert.equal(first.done, false);
      const finished = await c.awaitOperation(first);
      assert.equal(finished.done, true);
      assert.equal(finished.response?.status, "ACTIVE");
    });
  });

  describe("retries over injected faults", () => {
    it("create exactly one secret and one version when the first attempts commit and drop", async () => {
      const server = await startLocalServer();
      const c = client(server, { maxRetries: 5 });
      await setFaults(server, { commitThenDrop: 1, times: 2 });
      const op = await c.awaitOperation(
        await c.secrets.create({
          folderId: "b1gretryfolder",
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        }),
      );
      const secretId = String(op.metadata?.secretId);
      const secrets = [];
      for await (const s of c.secrets.list({ folderId: "b1gretryfolder" })) secrets.push(s);
      assert.equal(secrets.length, 1);
      await setFaults(server, { commitThenDrop: 1, times: 1 });
      await c.awaitOperation(
        await c.secrets.addVersion(secretId, { payloadEntries: [{ key: "k", textValue: "v2" }] }),
      );
      const versions = [];
      for await (const v of c.secrets.listVersions(secretId)) versions.push(v);
      assert.equal(versions.length, 2);
    });

    it("ride out 503 and 429 answers", async () => {
      const server = await startLocalServer();
      // No real waiting for Retry-After: the client's sleep is injectable.
      const c = client(server, { maxRetries: 5, sleep: () => Promise.resolve() });
      await setFaults(server, { unavailable: 0.5, rateLimited: 0.5, only: "all", times: 3 });
      const op = await c.awaitOperation(await c.secrets.create({ folderId: "b1gflaky" }));
      assert.equal(op.done, true);
      const secrets = [];
      for await (const s of c.secrets.list({ folderId: "b1gflaky" })) secrets.push(s);
      assert.equal(secrets.length, 1);
    });
  });
});
