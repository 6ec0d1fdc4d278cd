/**
 * lockbox-local answers repeated reads from memory (rows, role lookups, decrypted versions) for as
 * long as the database has not changed. These tests warm those caches with repeated reads, then
 * change what the reads depend on, and check that the very next request sees the change.
 */
import * as assert from "node:assert/strict";
import { createServiceAccount, startLocalServer, TEST_FOLDER, type LocalServer } from "../../helpers/server";
import { as, createSecret, done, failed, type Caller } from "./http";

const FAILED_PRECONDITION = 9;
const PERMISSION_DENIED = 7;
const NOT_FOUND = 5;

describe("lockbox-local read caches: every change is seen by the very next request", () => {
  let server: LocalServer;
  let root: Caller;
  let clock = Date.now();
  before(async () => {
    server = await startLocalServer({ now: () => clock });
    root = as(server);
  });

  /** Reads the current payload three times (warming every cache) and returns its first value. */
  async function warm(c: Caller, secretId: string): Promise<string | undefined> {
    let value: string | undefined;
    for (let i = 0; i < 3; i++) {
      const p = await c.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.equal(p.status, 200, JSON.stringify(p.body));
      value = (p.body.entries as Array<{ textValue?: string }>)[0]!.textValue;
    }
    return value;
  }

  async function secretWith(value: string): Promise<{ secretId: string; versionId: string }> {
    const { secretId, versionId } = await createSecret(root, {
      folderId: TEST_FOLDER,
      versionPayloadEntries: [{ key: "k", textValue: value }],
    });
    return { secretId, versionId: versionId! };
  }

  it("a new version is read at once, and the old one by its id", async () => {
    const { secretId, versionId } = await secretWith("one");
    assert.equal(await warm(root, secretId), "one");
    done(
      await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
        payloadEntries: [{ key: "k", textValue: "two" }],
      }),
    );
    assert.equal(await warm(root, secretId), "two");
    const old = await root.get(`/lockbox/v1/secrets/${secretId}/payload?versionId=${versionId}`);
    assert.equal((old.body.entries as Array<{ textValue?: string }>)[0]!.textValue, "one");
  });

  it("a removed folder binding denies the next payload read", async () => {
    const { secretId } = await secretWith("v");
    const sa = await createServiceAccount(server, { roles: ["lockbox.payloadViewer"] });
    const reader = as(server, sa.token);
    assert.equal(await warm(reader, secretId), "v");
    done(
      await root.post(`/resource-manager/v1/folders/${TEST_FOLDER}:updateAccessBindings`, {
        accessBindingDeltas: [
          {
            action: "REMOVE",
            accessBinding: {
              roleId: "lockbox.payloadViewer",
              subject: { type: "serviceAccount", id: sa.id },
            },
          },
        ],
      }),
    );
    failed(await reader.get(`/lockbox/v1/secrets/${secretId}/payload`), 403, PERMISSION_DENIED);
  });

  it("a deactivated secret refuses the next payload read, and serves again once activated", async () => {
    const { secretId } = await secretWith("v");
    assert.equal(await warm(root, secretId), "v");
    done(await root.post(`/lockbox/v1/secrets/${secretId}:deactivate`));
    failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload`), 400, FAILED_PRECONDITION);
    done(await root.post(`/lockbox/v1/secrets/${secretId}:activate`));
    assert.equal(await warm(root, secretId), "v");
  });

  it("a version destroyed when its pending period ends is refused on the next read", async () => {
    const { secretId, versionId } = await secretWith("old");
    done(
      await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
        payloadEntries: [{ key: "k", textValue: "new" }],
      }),
    );
    const path = `/lockbox/v1/secrets/${secretId}/payload?versionId=${versionId}`;
    done(
      await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
        versionId,
        pendingPeriod: "3600s",
      }),
    );
    for (let i = 0; i < 3; i++) assert.equal((await root.get(path)).status, 200);
    clock += 3601_000; // no request in between: the destruction is due, nothing has written yet
    try {
      const res = await root.get(path);
      assert.ok(res.status === 400 || res.status === 404, JSON.stringify(res.body));
      assert.equal(JSON.stringify(res.body).includes("old"), false);
    } finally {
      // Back to the real time: later tests sign service-account JWTs with the real clock, which an
      // hour-ahead server would find expired (this depended on how long ago the file was loaded).
      clock = Date.now();
    }
  });

  it("a deleted secret is not found on the next read", async () => {
    const { secretId } = await secretWith("v");
    assert.equal(await warm(root, secretId), "v");
    done(await root.delete(`/lockbox/v1/secrets/${secretId}`));
    failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload`), 404, NOT_FOUND);
  });

  it("a secret under a deactivated KMS key refuses the next read", async () => {
    const key = done(
      await root.post("/kms/v1/keys", {
        folderId: TEST_FOLDER,
        name: `cache-key-${clock}`,
        defaultAlgorithm: "AES_256",
      }),
    );
    const kmsKeyId = String(key.metadata.keyId);
    const { secretId } = await createSecret(root, {
      folderId: TEST_FOLDER,
      kmsKeyId,
      versionPayloadEntries: [{ key: "k", textValue: "v" }],
    });
    assert.equal(await warm(root, secretId), "v");
    done(await root.patch(`/kms/v1/keys/${kmsKeyId}`, { updateMask: "status", status: "INACTIVE" }));
    failed(await root.get(`/lockbox/v1/secrets/${secretId}/payload`), 400, FAILED_PRECONDITION);
  });
});
