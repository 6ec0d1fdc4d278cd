/**
 * Hostile input against lockbox-local's domain checks: oversized entry lists, out-of-range
 * durations, invalid base64, `__proto__` label keys, reused Idempotency-Keys, bad JWT time claims and
 * the IAM revocation commands. Every refused request must leave the database as it was.
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  createServiceAccount,
  exchangeToken,
  signServiceAccountJwt,
  spawnLocalServer,
  startLocalServer,
  TEST_FOLDER,
  type LocalServer,
} from "../../helpers/server";
import { as, call, createSecret, done, failed, type Caller, type Res } from "./http";

const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;
const BIN = path.resolve(__dirname, "..", "..", "..", "bin", "lockbox-local.js");

describe("lockbox-local domain hardening", () => {
  let server: LocalServer;
  let root: Caller;
  before(async () => {
    server = await startLocalServer();
    root = as(server);
  });

  /** What a folder holds: every secret with its versions (ids, statuses, keys, destroyAt). */
  async function snapshot(folderId = TEST_FOLDER): Promise<string> {
    const list = await root.get(`/lockbox/v1/secrets?folderId=${folderId}&pageSize=1000`);
    assert.equal(list.status, 200);
    const secrets = list.body.secrets as Array<Record<string, unknown>>;
    const out: unknown[] = [];
    for (const s of secrets) {
      const versions = await root.get(`/lockbox/v1/secrets/${String(s.id)}/versions?pageSize=1000`);
      out.push({ ...s, versions: versions.body.versions });
    }
    return JSON.stringify(out);
  }

  describe("request body bounds", () => {
    it("refuses a body over 1 MiB by its size, before parsing it", async () => {
      const before = await snapshot();
      const body = JSON.stringify({ folderId: TEST_FOLDER, description: "d".repeat(1024 * 1024) });
      const message = failed(
        await call(`${server.url}/lockbox/v1/secrets`, "POST", server.rootToken, body),
        400,
        INVALID_ARGUMENT,
      );
      assert.match(message, /the request body is larger than 1048576 bytes/);
      assert.equal(await snapshot(), before);
    });

    it("refuses a body of more than 20,000 objects, arrays and members before parsing it", async () => {
      const before = await snapshot();
      // 25,000 empty objects in 100 KB: cheap to send, costly to build.
      const body = `{"folderId":"${TEST_FOLDER}","labels":{},"x":[${Array(25_000).fill("{}").join(",")}]}`;
      const message = failed(
        await call(`${server.url}/lockbox/v1/secrets`, "POST", server.rootToken, body),
        400,
        INVALID_ARGUMENT,
      );
      assert.match(message, /more than 20000 objects, arrays and members/);
      assert.equal(await snapshot(), before);
    });

    it("counts brackets and colons inside strings as text, and drops null members at any depth", async () => {
      const description = 'a "quoted" [{:}] \\ description';
      const body = `{"folderId":"${TEST_FOLDER}","name":"bounds-nulls","description":${JSON.stringify(description)},"labels":null,"kmsKeyId":null,"versionPayloadEntries":[{"key":"k","textValue":"v","binaryValue":null}]}`;
      const op = done(await call(`${server.url}/lockbox/v1/secrets`, "POST", server.rootToken, body));
      const secret = (await root.get(`/lockbox/v1/secrets/${String(op.metadata.secretId)}`)).body;
      assert.equal(secret.description, description);
      assert.equal(secret.labels, undefined);
      assert.deepEqual((secret.currentVersion as { payloadEntryKeys: string[] }).payloadEntryKeys, ["k"]);
    });
  });

  describe("entry counts", () => {
    /** A create body with `n` entries; the entry at `badAt` has an invalid key. */
    function hugeCreate(n: number, badAt: number): string {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(`{"key":"${i === badAt ? "bad key!" : i.toString(36)}"}`);
      return `{"folderId":"${TEST_FOLDER}","versionPayloadEntries":[${parts.join(",")}]}`;
    }

    it("refuses a 9,000-entry create by its count, before looking at any entry, while /health answers", async () => {
      const before = await snapshot();
      const body = hugeCreate(9_000, 8_000);
      const big = call(`${server.url}/lockbox/v1/secrets`, "POST", server.rootToken, body);
      const health = call(`${server.url}/health`, "GET", undefined);
      const [bigRes, healthRes] = await Promise.all([big, health]);
      const message = failed(bigRes, 400, INVALID_ARGUMENT);
      // The count is reported, not the bad key: no per-entry validation ran.
      assert.match(message, /versionPayloadEntries: at most 1000 entries/);
      assert.equal(healthRes.status, 200);
      assert.equal(await snapshot(), before);
    });

    it("accepts 1,000 entries and merges 1,000 changes in order (replace in place, remove, append)", async () => {
      const entries = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, textValue: `v${i}` }));
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: entries,
      });
      const changes = [
        ...Array.from({ length: 998 }, (_, i) => ({ key: `k${i + 2}`, textValue: `w${i + 2}` })),
        { key: "k0", textValue: "" },
        { key: "k1" },
      ];
      const op = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, { payloadEntries: changes }),
      );
      const keys = op.response.payloadEntryKeys as string[];
      assert.equal(keys.length, 998);
      assert.deepEqual(keys.slice(0, 3), ["k2", "k3", "k4"]);
      const added = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [
            { key: "k2", textValue: "" },
            { key: "new", textValue: "n" },
            { key: "k2", textValue: "back" },
          ],
        }),
      );
      const after = added.response.payloadEntryKeys as string[];
      assert.equal(after.at(-2), "new");
      assert.equal(after.at(-1), "k2", "a key removed and set again goes last");
    });

    it("refuses an addVersion over the entry limit fast, in the request or in the resulting version", async () => {
      const entries = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, textValue: "v" }));
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: entries,
      });
      const before = await snapshot();
      const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: `n${i}`, textValue: "v" }));
      failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, { payloadEntries: tooMany }),
        400,
        INVALID_ARGUMENT,
      );
      const message = failed(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "one-more", textValue: "v" }],
        }),
        400,
        INVALID_ARGUMENT,
      );
      assert.match(message, /at most 1000 entries/);
      assert.equal(await snapshot(), before);
    });
  });

  describe("durations and timestamps", () => {
    let secretId: string;
    let versionId: string;
    before(async () => {
      const s = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      secretId = s.secretId;
      versionId = s.versionId!;
    });

    for (const pendingPeriod of [
      "99999999999999999999s",
      "9000000000000s",
      "315576000001s",
      "300000000000s",
      "315576000000s",
    ]) {
      it(`refuses pendingPeriod ${pendingPeriod} (outside Duration, or destroyAt after year 9999)`, async () => {
        const before = await snapshot();
        failed(
          await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
            versionId,
            pendingPeriod,
          }),
          400,
          INVALID_ARGUMENT,
        );
        assert.equal(await snapshot(), before);
      });
    }

    it("schedules a long but valid pendingPeriod with an RFC 3339 destroyAt", async () => {
      const op = done(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
          versionId,
          pendingPeriod: "3153600000s",
        }),
      );
      assert.match(String(op.response.destroyAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      const versions = await root.get(`/lockbox/v1/secrets/${secretId}/versions`);
      assert.equal(versions.status, 200);
      done(await root.post(`/lockbox/v1/secrets/${secretId}:cancelVersionDestruction`, { versionId }));
    });

    it("refuses a KMS rotationPeriod outside the Duration range and creates no key", async () => {
      const folderId = "b1gkmsrotation000000";
      for (const rotationPeriod of ["99999999999999999999s", "315576000001s"]) {
        const res = await root.post("/kms/v1/keys", {
          folderId,
          defaultAlgorithm: "AES_256",
          rotationPeriod,
        });
        assert.match(failed(res, 400, INVALID_ARGUMENT), /rotationPeriod/);
      }
      const list = await root.get(`/kms/v1/keys?folderId=${folderId}`);
      assert.deepEqual(list.body.keys, []);
    });
  });

  describe("base64 binaryValue", () => {
    for (const bad of ["a", "abcde", "ab$d", "ab=c", "abc==", "YQ===", "ab+_", "YQ=\n"]) {
      it(`refuses binaryValue ${JSON.stringify(bad)} in Create and AddVersion`, async () => {
        const { secretId } = await createSecret(root, {
          folderId: TEST_FOLDER,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        });
        const before = await snapshot();
        const m1 = failed(
          await root.post("/lockbox/v1/secrets", {
            folderId: TEST_FOLDER,
            versionPayloadEntries: [{ key: "b", binaryValue: bad }],
          }),
          400,
          INVALID_ARGUMENT,
        );
        assert.match(m1, /binaryValue/);
        failed(
          await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
            payloadEntries: [{ key: "b", binaryValue: bad }],
          }),
          400,
          INVALID_ARGUMENT,
        );
        assert.equal(await snapshot(), before);
      });
    }

    it("accepts standard and URL-safe base64, padded or not, and stores the exact bytes", async () => {
      const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x61]);
      const inputs = [
        bytes.toString("base64"),
        bytes.toString("base64").replace(/=+$/, ""),
        bytes.toString("base64url"),
        `${bytes.toString("base64url")}==`,
      ];
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: inputs.map((binaryValue, i) => ({ key: `b${i}`, binaryValue })),
      });
      const payload = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      const entries = payload.body.entries as Array<{ binaryValue: string }>;
      for (const e of entries) assert.equal(e.binaryValue, bytes.toString("base64"));
    });
  });

  describe("__proto__ map keys", () => {
    const proto = '{"__proto__":"Not A Valid Key!"}';

    it("validates a __proto__ label key in secret Create and Update and KMS Create and Update", async () => {
      const { secretId } = await createSecret(root, { folderId: TEST_FOLDER, labels: { env: "x" } });
      const before = await snapshot();
      const create = await call(
        `${server.url}/lockbox/v1/secrets`,
        "POST",
        server.rootToken,
        `{"folderId":"${TEST_FOLDER}","labels":${proto}}`,
      );
      assert.match(failed(create, 400, INVALID_ARGUMENT), /label keys must match/);
      const update = await call(
        `${server.url}/lockbox/v1/secrets/${secretId}`,
        "PATCH",
        server.rootToken,
        `{"updateMask":"labels","labels":${proto}}`,
      );
      failed(update, 400, INVALID_ARGUMENT);
      assert.equal(await snapshot(), before);

      const kmsFolder = "b1gkmsproto000000000";
      const kmsCreate = failed(
        await call(
          `${server.url}/kms/v1/keys`,
          "POST",
          server.rootToken,
          `{"folderId":"${kmsFolder}","defaultAlgorithm":"AES_256","labels":${proto}}`,
        ),
        400,
        INVALID_ARGUMENT,
      );
      assert.match(kmsCreate, /label keys must match/);
      const key = done(await root.post("/kms/v1/keys", { folderId: kmsFolder, defaultAlgorithm: "AES_256" }));
      failed(
        await call(
          `${server.url}/kms/v1/keys/${String(key.metadata.keyId)}`,
          "PATCH",
          server.rootToken,
          `{"updateMask":"labels","labels":${proto}}`,
        ),
        400,
        INVALID_ARGUMENT,
      );
      const keys = await root.get(`/kms/v1/keys?folderId=${kmsFolder}`);
      assert.equal((keys.body.keys as unknown[]).length, 1);
      assert.equal((keys.body.keys as Array<Record<string, unknown>>)[0]!.labels, undefined);
    });

    it("refuses __proto__ as an unknown member of a request body or of an entry", async () => {
      const before = await snapshot();
      for (const body of [
        `{"folderId":"${TEST_FOLDER}","__proto__":{"name":"x"}}`,
        `{"folderId":"${TEST_FOLDER}","versionPayloadEntries":[{"key":"k","textValue":"v","__proto__":{}}]}`,
      ]) {
        failed(
          await call(`${server.url}/lockbox/v1/secrets`, "POST", server.rootToken, body),
          400,
          INVALID_ARGUMENT,
        );
      }
      assert.equal(await snapshot(), before);
    });
  });

  describe("Idempotency-Key", () => {
    const withKey = (key: string) => ({ "idempotency-key": key });

    it("refuses a key reused with another body and keeps the first request's effect", async () => {
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v0" }],
      });
      const path = `/lockbox/v1/secrets/${secretId}:addVersion`;
      const first = done(
        await root.post(path, { payloadEntries: [{ key: "k", textValue: "one" }] }, withKey("key-a")),
      );
      const before = await snapshot();
      const reused = await root.post(
        path,
        { payloadEntries: [{ key: "k", textValue: "two" }] },
        withKey("key-a"),
      );
      assert.match(
        failed(reused, 400, INVALID_ARGUMENT),
        /Idempotency-Key was already used with another request/,
      );
      // The same body (members in another order) replays the first operation.
      const replay = done(
        await root.post(path, { payloadEntries: [{ textValue: "one", key: "k" }] }, withKey("key-a")),
      );
      assert.equal(replay.id, first.id);
      assert.equal(await snapshot(), before);
      const payload = await root.get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.deepEqual(payload.body.entries, [{ key: "k", textValue: "one" }]);
    });

    it("re-checks the caller's access on a replay: a removed role means PERMISSION_DENIED", async () => {
      const folderId = "b1gidempotency000000";
      const sa = await createServiceAccount(server, { folderId, roles: ["lockbox.editor"] });
      const caller = as(server, sa.token);
      const body = { folderId, name: "idem-replay" };
      const first = done(await caller.post("/lockbox/v1/secrets", body, withKey("key-b")));
      assert.equal(done(await caller.post("/lockbox/v1/secrets", body, withKey("key-b"))).id, first.id);
      const removed: Res = await root.post(`/resource-manager/v1/folders/${folderId}:updateAccessBindings`, {
        accessBindingDeltas: [
          {
            action: "REMOVE",
            accessBinding: { roleId: "lockbox.editor", subject: { type: "serviceAccount", id: sa.id } },
          },
        ],
      });
      done(removed);
      failed(await caller.post("/lockbox/v1/secrets", body, withKey("key-b")), 403, PERMISSION_DENIED);
    });
  });

  describe("service-account JWT time claims", () => {
    it("refuses exp before or equal to iat, and a lifetime over one hour", async () => {
      const sa = await createServiceAccount(server);
      for (const lifetimeSeconds of [-60, 0, 3601]) {
        const res = await call(`${server.url}/iam/v1/tokens`, "POST", undefined, {
          jwt: signServiceAccountJwt(sa.key, { lifetimeSeconds }),
        });
        failed(res, 400, INVALID_ARGUMENT);
      }
      const past = Math.floor(Date.now() / 1000) - 600;
      const res = await call(`${server.url}/iam/v1/tokens`, "POST", undefined, {
        jwt: signServiceAccountJwt(sa.key, { iat: past + 120, lifetimeSeconds: -120 }),
      });
      failed(res, 400, INVALID_ARGUMENT);
    });
  });
});

describe("lockbox-local iam revocation commands", function () {
  this.timeout(60000);

  // Asynchronous, not spawnSync: a test process blocked for seconds would miss the server closing
  // its idle keep-alive connection, and its next request would go out on the dead socket.
  function cli(
    args: string[],
    input?: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, "iam", ...args]);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input ?? "");
    });
  }

  it("delete-key, revoke-token, revoke-tokens and delete-service-account apply from the next request", async () => {
    const server = await spawnLocalServer();
    const dir = ["--data-dir", server.dataDir];
    const sa = await createServiceAccount(server, { roles: ["lockbox.viewer"] });
    const list = `/lockbox/v1/secrets?folderId=${TEST_FOLDER}`;
    assert.equal((await as(server, sa.token).get(list)).status, 200);

    // revoke-token reads the token from stdin and revokes only that token.
    const second = await exchangeToken(server, { jwt: signServiceAccountJwt(sa.key) });
    const revoked = await cli(["revoke-token", ...dir], `${sa.token}\n`);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.deepEqual(JSON.parse(revoked.stdout), { revoked: true });
    failed(await as(server, sa.token).get(list), 401, UNAUTHENTICATED);
    assert.equal((await as(server, second).get(list)).status, 200);

    // revoke-tokens revokes every token of the subject.
    const all = await cli(["revoke-tokens", "--subject-id", sa.id, ...dir]);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(JSON.parse(all.stdout).revokedTokens, 1);
    failed(await as(server, second).get(list), 401, UNAUTHENTICATED);

    // delete-key: the key no longer signs in.
    const third = await exchangeToken(server, { jwt: signServiceAccountJwt(sa.key) });
    const del = await cli(["delete-key", "--key-id", sa.key.id, ...dir]);
    assert.equal(del.code, 0, del.stderr);
    failed(
      await call(`${server.url}/iam/v1/tokens`, "POST", undefined, { jwt: signServiceAccountJwt(sa.key) }),
      401,
      UNAUTHENTICATED,
    );
    assert.notEqual(
      (await cli(["delete-key", "--key-id", sa.key.id, ...dir])).code,
      0,
      "a second delete fails",
    );

    // delete-service-account: its remaining tokens stop working at once.
    assert.equal((await as(server, third).get(list)).status, 200);
    const gone = await cli(["delete-service-account", "--service-account-id", sa.id, ...dir]);
    assert.equal(gone.code, 0, gone.stderr);
    failed(await as(server, third).get(list), 401, UNAUTHENTICATED);
  });

  it("lists the revocation commands in the usage text", () => {
    const r = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    for (const c of [
      "iam delete-key",
      "iam delete-service-account",
      "iam revoke-token",
      "iam revoke-tokens",
    ]) {
      assert.ok(r.stdout.includes(c), c);
    }
  });
});
