import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../../helpers/hooks";
import {
  exchangeToken,
  signServiceAccountJwt,
  spawnLocalServer,
  TEST_FOLDER,
  type AuthorizedKeyJson,
} from "../../helpers/server";
import { as, done, failed } from "./http";

const BIN = path.resolve(__dirname, "..", "..", "..", "bin", "lockbox-local.js");

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-cli-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function cli(args: string[], env: Record<string, string> = {}, node = process.execPath) {
  const r = spawnSync(node, [BIN, ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

describe("lockbox-local CLI", function () {
  this.timeout(60000);

  describe("iam commands", () => {
    it("create a service account and a yc-format key on a stopped server's data dir, usable after start", async () => {
      const dataDir = freshDir();
      const sa = cli([
        "iam",
        "create-service-account",
        "--name",
        "ci",
        "--folder-id",
        TEST_FOLDER,
        "--data-dir",
        dataDir,
      ]);
      assert.equal(sa.code, 0, sa.stderr);
      const { id } = json<{ id: string; folderId: string }>(sa.stdout);
      assert.match(id, /^aje[0-9a-v]{17}$/);
      const keyOut = cli(["iam", "create-key", "--service-account-id", id, "--data-dir", dataDir]);
      assert.equal(keyOut.code, 0, keyOut.stderr);
      const key = json<AuthorizedKeyJson>(keyOut.stdout);
      assert.deepEqual(Object.keys(key).sort(), [
        "created_at",
        "id",
        "key_algorithm",
        "private_key",
        "public_key",
        "service_account_id",
      ]);
      assert.equal(key.service_account_id, id);
      assert.equal(key.key_algorithm, "RSA_2048");
      assert.match(key.private_key, /^-----BEGIN PRIVATE KEY-----/);
      const grant = cli([
        "iam",
        "grant",
        "--folder-id",
        TEST_FOLDER,
        "--role",
        "lockbox.editor",
        "--subject",
        `serviceAccount:${id}`,
        "--data-dir",
        dataDir,
      ]);
      assert.equal(grant.code, 0, grant.stderr);

      const server = await spawnLocalServer({ dataDir });
      const token = await exchangeToken(server, { jwt: signServiceAccountJwt(key) });
      done(await as(server, token).post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      failed(await as(server, token).post("/lockbox/v1/secrets", { folderId: "b1gelsewhere" }), 403, 7);
    });

    it("create a user whose OAuth token works against a running server at once", async () => {
      const server = await spawnLocalServer({});
      const out = cli(["iam", "create-user", "--name", "dev", "--data-dir", server.dataDir]);
      assert.equal(out.code, 0, out.stderr);
      const user = json<{ id: string; oauthToken: string }>(out.stdout);
      const token = await exchangeToken(server, { yandexPassportOauthToken: user.oauthToken });
      assert.ok(token.startsWith("t1."));
    });

    it("fail with a usage message for a missing flag or an unknown role", () => {
      const dataDir = freshDir();
      const missing = cli(["iam", "create-service-account", "--name", "x", "--data-dir", dataDir]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--folder-id is required/);
      const role = cli([
        "iam",
        "grant",
        "--folder-id",
        "f",
        "--role",
        "god",
        "--subject",
        "userAccount:x",
        "--data-dir",
        dataDir,
      ]);
      assert.equal(role.code, 2);
      assert.match(role.stderr, /unknown role/);
    });

    it("check the command and its flags before creating the data dir", () => {
      const dataDir = path.join(freshDir(), "not-yet");
      const unknown = cli(["iam", "create-serviceaccount", "--name", "x", "--data-dir", dataDir]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown iam command "create-serviceaccount"/);
      const missing = cli(["iam", "create-key", "--data-dir", dataDir]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--service-account-id is required/);
      assert.equal(fs.existsSync(dataDir), false, "no data dir was created");
    });
  });

  describe("serve", () => {
    it("takes the root token from LOCKBOX_LOCAL_ROOT_TOKEN and writes no root-token file", async () => {
      const token = "t1.env-root-token.abc";
      const server = await spawnLocalServer({ env: { LOCKBOX_LOCAL_ROOT_TOKEN: token } });
      assert.equal(server.rootToken, token);
      assert.equal(fs.existsSync(path.join(server.dataDir, "root-token")), false);
      assert.equal((await as(server, token).get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`)).status, 200);
      assert.doesNotMatch(server.output(), /env-root-token/);
    });

    it("uses LOCKBOX_LOCAL_MASTER_KEY_FILE for the master key", async () => {
      const dir = freshDir();
      const keyFile = path.join(dir, "mk");
      fs.writeFileSync(keyFile, Buffer.alloc(32, 7).toString("base64"), { mode: 0o600 });
      const server = await spawnLocalServer({ env: { LOCKBOX_LOCAL_MASTER_KEY_FILE: keyFile } });
      assert.equal(fs.existsSync(path.join(server.dataDir, "master.key")), false);
      done(
        await as(server).post("/lockbox/v1/secrets", {
          folderId: TEST_FOLDER,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        }),
      );
    });

    it("applies --operation-delay-ms and --faults flags", async () => {
      const server = await spawnLocalServer({
        args: ["--operation-delay-ms", "60000", "--faults", "unavailable=1,times=1"],
      });
      const root = as(server);
      failed(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }), 503, 14);
      const op = await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER });
      assert.equal(op.body.done, false);
    });

    it("shuts down cleanly on SIGTERM", async () => {
      const server = await spawnLocalServer({});
      await server.kill("SIGTERM");
      assert.match(server.output(), /lockbox-local stopped \(SIGTERM\)/);
    });

    it("refuses a root token on the command line and unknown commands", () => {
      const r = cli(["serve", "--root-token", "x", "--data-dir", freshDir()]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /never accepted on the command line/);
      assert.equal(cli(["frobnicate"]).code, 2);
    });

    it("explains that Node.js 22 is needed when run by an older node", () => {
      // A real older Node when the machine has one (Debian's node package is 18 or 20); otherwise
      // this Node with a preload that reports version 20, so the check runs on every machine.
      const old = ["/usr/bin/node", "/bin/node"].find((p) => {
        if (!fs.existsSync(p)) return false;
        const version = spawnSync(p, ["--version"], { encoding: "utf8" }).stdout.trim();
        return Number(version.slice(1).split(".")[0]) < 22;
      });
      let r;
      if (old) r = cli(["serve"], {}, old);
      else {
        const preload = path.join(freshDir(), "node20.js");
        fs.writeFileSync(
          preload,
          'Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.0.0" } });\n',
        );
        const s = spawnSync(process.execPath, ["--require", preload, BIN, "serve"], { encoding: "utf8" });
        r = { code: s.status, stderr: s.stderr };
      }
      assert.equal(r.code, 1);
      assert.match(r.stderr, /needs Node\.js 22 or newer/);
    });
  });

  describe("--help", () => {
    for (const args of [
      ["--help"],
      ["-h"],
      ["help"],
      ["serve", "--help"],
      ["serve", "-h"],
      ["serve", "--port", "0", "--help"],
      ["iam", "--help"],
      ["iam", "create-key", "--help"],
      ["iam", "grant", "-h"],
    ]) {
      it(`${args.join(" ")} prints the usage and exits 0 without touching a data dir`, () => {
        const cwd = freshDir();
        const r = spawnSync(process.execPath, [BIN, ...args], {
          cwd,
          env: { ...process.env, LOCKBOX_LOCAL_DATA_DIR: "" },
          encoding: "utf8",
          timeout: 20000,
        });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^Usage:\n {2}lockbox-local serve/);
        assert.match(r.stdout, /lockbox-local iam create-key/);
        assert.equal(r.stderr, "");
        assert.deepEqual(fs.readdirSync(cwd), []);
      });
    }
  });
});
