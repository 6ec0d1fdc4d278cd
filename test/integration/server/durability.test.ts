/**
 * On-disk behaviour of lockbox-local run as a child process: restarts keep everything, destruction
 * happens after a restart, nothing secret is written in plaintext, and SIGKILL during writes loses
 * no acknowledged write.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { onCleanup } from "../../helpers/hooks";
import { createServiceAccount, createUser, spawnLocalServer, TEST_FOLDER } from "../../helpers/server";
import { as, createSecret, done } from "./http";

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-durability-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every occurrence of any needle in any file under dir, as "file: needle" strings. */
function scan(dir: string, needles: Buffer[]): string[] {
  const hits: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    for (const n of needles) if (bytes.includes(n)) hits.push(`${name}: ${n.toString("utf8").slice(0, 24)}`);
  }
  return hits;
}

describe("lockbox-local on disk", function () {
  this.timeout(60000);

  describe("a restart", () => {
    it("keeps secrets, versions, values, bindings, keys, identities, tokens and the root token", async () => {
      const dataDir = freshDir();
      const first = await spawnLocalServer({ dataDir });
      assert.match(
        first.output(),
        new RegExp(`root token file: ${dataDir.replace(/[/\\.]/g, "\\$&")}/root-token`),
      );
      assert.doesNotMatch(first.output(), new RegExp(first.rootToken.replace(/[.]/g, "\\.")));
      assert.equal(fs.statSync(path.join(dataDir, "root-token")).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.join(dataDir, "master.key")).mode & 0o777, 0o600);
      const root = as(first);
      const key = done(
        await root.post("/kms/v1/keys", { folderId: TEST_FOLDER, defaultAlgorithm: "AES_256" }),
      );
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        name: "survivor",
        kmsKeyId: String(key.metadata.keyId),
        versionPayloadEntries: [{ key: "k", textValue: "v1" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "k", textValue: "v2" }],
        }),
      );
      const binding = {
        roleId: "lockbox.viewer",
        subject: { type: "userAccount", id: "aje00000000000000009" },
      };
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:setAccessBindings`, { accessBindings: [binding] }),
      );
      const sa = await createServiceAccount(first, {
        roles: ["lockbox.payloadViewer", "kms.keys.encrypterDecrypter"],
      });
      await first.kill("SIGTERM");

      const second = await spawnLocalServer({ dataDir });
      assert.equal(second.rootToken, first.rootToken);
      const again = as(second);
      const s = await again.get(`/lockbox/v1/secrets/${secretId}`);
      assert.equal(s.body.name, "survivor");
      assert.equal(
        (await again.get(`/lockbox/v1/secrets/${secretId}/versions`)).body.versions instanceof Array,
        true,
      );
      const old = await again.get(`/lockbox/v1/secrets/${secretId}/payload?versionId=${versionId}`);
      assert.deepEqual(old.body.entries, [{ key: "k", textValue: "v1" }]);
      const viaSa = await as(second, sa.token).get(`/lockbox/v1/secrets/${secretId}/payload`);
      assert.deepEqual(viaSa.body.entries, [{ key: "k", textValue: "v2" }]);
      assert.deepEqual(
        (await again.get(`/lockbox/v1/secrets/${secretId}:listAccessBindings`)).body.accessBindings,
        [binding],
      );
      await second.kill("SIGTERM");
    });

    it("destroys a version whose destroyAt passed while the server was down", async () => {
      const dataDir = freshDir();
      const first = await spawnLocalServer({ dataDir });
      const root = as(first);
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
          versionId,
          pendingPeriod: "1s",
        }),
      );
      await first.kill("SIGTERM");
      await sleep(1500);
      // Inspect the file before any request can trigger a lazy sweep: the start-up sweep alone must do it.
      const second = await spawnLocalServer({ dataDir });
      const db = new DatabaseSync(path.join(dataDir, "lockbox.db"), { readOnly: true });
      const row = db.prepare("SELECT status, payload FROM versions WHERE id = ?").get(versionId!) as {
        status: string;
        payload: unknown;
      };
      db.close();
      assert.equal(row.status, "DESTROYED");
      assert.equal(row.payload, null);
      const list = await as(second).get(`/lockbox/v1/secrets/${secretId}/versions`);
      assert.equal((list.body.versions as Array<{ status: string }>)[0]!.status, "DESTROYED");
      await second.kill("SIGTERM");
    });

    it("destroys a version on time while running", async () => {
      const server = await spawnLocalServer({});
      const root = as(server);
      const { secretId, versionId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      });
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:scheduleVersionDestruction`, {
          versionId,
          pendingPeriod: "0.5s",
        }),
      );
      await sleep(1500);
      // The timer (not a request) destroyed it: read the file directly.
      const db = new DatabaseSync(path.join(server.dataDir, "lockbox.db"), { readOnly: true });
      const row = db.prepare("SELECT status FROM versions WHERE id = ?").get(versionId!) as {
        status: string;
      };
      db.close();
      assert.equal(row.status, "DESTROYED");
    });
  });

  describe("the data dir", () => {
    it("holds no value, token or key in plaintext after a stop", async () => {
      const dataDir = freshDir();
      const server = await spawnLocalServer({ dataDir });
      const root = as(server);
      const textMarker = `MARKER-${randomBytes(12).toString("hex")}`;
      const binMarker = Buffer.concat([Buffer.from("BINMARKER-"), randomBytes(12)]);
      const { secretId } = await createSecret(root, {
        folderId: TEST_FOLDER,
        versionPayloadEntries: [
          { key: "text", textValue: textMarker },
          { key: "bin", binaryValue: binMarker.toString("base64") },
        ],
      });
      const v2 = `${textMarker}-v2`;
      done(
        await root.post(`/lockbox/v1/secrets/${secretId}:addVersion`, {
          payloadEntries: [{ key: "text", textValue: v2 }],
        }),
      );
      const gen = await createSecret(root, {
        folderId: TEST_FOLDER,
        passwordPayloadSpecification: { passwordKey: "pw" },
      });
      const password = (
        (await root.get(`/lockbox/v1/secrets/${gen.secretId}/payload`)).body.entries as Array<{
          textValue: string;
        }>
      )[0]!.textValue;
      const user = await createUser(server);
      const sa = await createServiceAccount(server);
      await server.kill("SIGTERM");

      const needles = [
        Buffer.from(textMarker),
        Buffer.from(textMarker).toString("base64"),
        Buffer.from(v2),
        binMarker,
        binMarker.toString("base64"),
        Buffer.from(password),
        Buffer.from(user.oauthToken),
        Buffer.from(user.token),
        Buffer.from(sa.token),
        Buffer.from(sa.key.private_key.split("\n")[1]!),
      ].map((n) => (typeof n === "string" ? Buffer.from(n) : n));
      assert.deepEqual(scan(dataDir, needles), []);
      // Only the root token file holds the root token, by design.
      assert.deepEqual(scan(dataDir, [Buffer.from(server.rootToken)]), [
        `root-token: ${server.rootToken.slice(0, 24)}`,
      ]);
    });
  });

  describe("SIGKILL during writes", () => {
    it("loses no acknowledged write and leaves a database that passes integrity_check", async () => {
      const dataDir = freshDir();
      const server = await spawnLocalServer({ dataDir });
      const root = as(server);
      const acknowledged: Array<{ secretId: string; value: string }> = [];
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const value = `w${w}-${i}-${randomBytes(4).toString("hex")}`;
          try {
            const res = await root.post("/lockbox/v1/secrets", {
              folderId: "b1gkillfolder",
              versionPayloadEntries: [{ key: "v", textValue: value }],
            });
            if (res.status === 200)
              acknowledged.push({
                secretId: String((res.body.metadata as { secretId: string }).secretId),
                value,
              });
          } catch {
            return; // the connection died with the server
          }
        }
      };
      const writers = [0, 1, 2, 3].map((w) => writer(w));
      while (acknowledged.length < 40) await sleep(10);
      await server.kill("SIGKILL");
      stop = true;
      await Promise.all(writers);

      const db = new DatabaseSync(path.join(dataDir, "lockbox.db"));
      const check = db.prepare("PRAGMA integrity_check").get() as Record<string, string>;
      db.close();
      assert.equal(Object.values(check)[0], "ok");

      const again = await spawnLocalServer({ dataDir });
      const c = as(again);
      for (const a of acknowledged) {
        const p = await c.get(`/lockbox/v1/secrets/${a.secretId}/payload`);
        assert.equal(p.status, 200, a.secretId);
        assert.deepEqual(p.body.entries, [{ key: "v", textValue: a.value }]);
      }
      await again.kill("SIGTERM");
    });
  });
});
