/**
 * `npm start` (scripts/start.js): the README's first command. Runs the whole demo in temporary
 * directories on a free port and checks that it ends cleanly, runs `pulumi up` with the repository's
 * policy pack and reports it passed, prints the outputs, keeps the credentials out of its output,
 * and leaves no server behind.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../helpers/hooks";
import { repoRoot } from "../helpers/pulumi";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

describe("npm start (scripts/start.js)", function () {
  this.timeout(300_000);

  it("runs the demo against its own lockbox-local under the policy pack, prints the outputs and stops the server", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-start-"));
    onCleanup(() => fs.rmSync(work, { recursive: true, force: true }));
    const port = await freePort();
    const { code, output } = await runStart({
      LOCKBOX_DEMO_DATA_DIR: path.join(work, "data"),
      LOCKBOX_DEMO_STATE_DIR: path.join(work, "state"),
      LOCKBOX_DEMO_STACK: "start-test",
      LOCKBOX_LOCAL_PORT: String(port),
    });

    assert.equal(code, 0, output.slice(-3000));
    assert.match(output, /lockbox-local is listening on http:\/\/127\.0\.0\.1:\d+/);
    // The CLI's own policy report names the pack, and start.js sums it up: no mandatory violation.
    assert.match(output, /lockbox@v0\.1\.0 \(local: \S+policy\)/);
    assert.match(output, /policy pack lockbox@v0\.1\.0: passed, 0 mandatory violations/);
    assert.doesNotMatch(output, /\[mandatory\]/);
    assert.match(output, /kmsKeyId\s+abj[0-9a-v]+/);
    assert.match(output, /secretId\s+e6q[0-9a-v]+/);
    assert.match(output, /versionId\s+e6q[0-9a-v]+/);
    assert.match(output, /npm run server/);
    const rootToken = fs.readFileSync(path.join(work, "data", "root-token"), "utf8").trim();
    assert.ok(!output.includes(rootToken), "the root token is not printed");
    assert.equal(await isListening(port), false, "lockbox-local was stopped");
    assert.ok(
      !fs.existsSync(path.join(repoRoot, "Pulumi.start-test.yaml")),
      "no stack file is left beside Pulumi.yaml",
    );
  });

  it("uses LOCKBOX_LOCAL_ROOT_TOKEN when set and, when a later step fails, stops the server and exits 1", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-start-"));
    onCleanup(() => fs.rmSync(work, { recursive: true, force: true }));
    // A file where the state directory should be: the demo fails right after the server has started.
    const stateDir = path.join(work, "state");
    fs.writeFileSync(stateDir, "");
    const port = await freePort();
    const token = `t1.start-test-${process.pid}`;
    const { code, output } = await runStart({
      LOCKBOX_LOCAL_ROOT_TOKEN: token,
      LOCKBOX_DEMO_DATA_DIR: path.join(work, "data"),
      LOCKBOX_DEMO_STATE_DIR: stateDir,
      LOCKBOX_DEMO_STACK: "start-token-test",
      LOCKBOX_LOCAL_PORT: String(port),
    });

    assert.equal(code, 1, output.slice(-3000));
    assert.match(output, /lockbox-local is listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /npm start failed: .*EEXIST/);
    assert.ok(!output.includes(token), "the root token is not printed");
    assert.equal(
      fs.existsSync(path.join(work, "data", "root-token")),
      false,
      "no root-token file is written",
    );
    assert.equal(await isListening(port), false, "lockbox-local was stopped");
  });
});

/** Runs scripts/start.js (dist/ already built) with extra env; resolves its exit code and output. */
async function runStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, "scripts", "start.js")], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, LOCKBOX_DEMO_SKIP_BUILD: "1" },
  });
  onCleanup(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (output += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (output += s));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}
