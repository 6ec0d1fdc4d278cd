/**
 * The CI recipe (examples/ci/): runs examples/ci/run.sh, the script both CI files call, the way a
 * CI job does, on a fresh project in a temp dir that installs pulumi-lockbox from this repository's
 * `npm pack` tarball and runs the policy pack that comes with it. It checks what a CI system sees: each
 * job's exit code and log, the lockbox-local log kept as an artifact, and no server left running.
 * The CI files themselves are parsed and checked to call the script with the settings the recipe
 * promises. The script takes the Pulumi CLI from PULUMI: here the repository's build.
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../helpers/hooks";
import { repoRoot, runPulumi, type StackExport } from "../helpers/pulumi";

interface PulumiEnvModule {
  pulumiBin: string;
  pulumiEnv(options?: { stateDir?: string; pulumiHome?: string }): NodeJS.ProcessEnv;
}
const { pulumiBin, pulumiEnv } = require("../../scripts/pulumi-env") as PulumiEnvModule;
// js-yaml comes with @pulumi/pulumi; its types are not installed.
const yaml = require("js-yaml") as { load(text: string): unknown };

const CI_DIR = path.join(repoRoot, "examples", "ci");
const RUN_SH = path.join(CI_DIR, "run.sh");
const STACK = "ci-local";

/** A user's program: one secret and its version, the password from a CI secret (env). */
function program(encrypted: boolean): string {
  const key = encrypted
    ? `const key = new lockbox.KmsSymmetricKey("app-db-key", { name: "app-db-key", rotationPeriod: "7776000s" });\n`
    : "";
  const kms = encrypted ? ", kmsKeyId: key.id" : "";
  return `import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const password = process.env.APP_DB_PASSWORD;
if (!password) throw new Error("APP_DB_PASSWORD is not set");
${key}const secret = new lockbox.Secret("app-db", { name: "app-db"${kms} });
new lockbox.SecretVersion("app-db-v", {
  secretId: secret.id,
  entries: [{ key: "password", textValue: pulumi.secret(password) }],
});
export const secretId = secret.id;
`;
}

/** The application's test: reads the password the way the app would, never prints it. */
const APP_TEST = `"use strict";
const { execFileSync } = require("node:child_process");
const { runtime } = require("pulumi-lockbox");
const secretId = execFileSync(process.env.PULUMI || "pulumi", ["stack", "output", "secretId"], { encoding: "utf8" }).trim();
runtime.secret(secretId).latest().access().then((value) => {
  const ok = value.asString("password") === process.env.APP_DB_PASSWORD;
  console.log(\`app test: \${ok ? "read" : "MISMATCH on"} the password of \${secretId} from \${process.env.LOCKBOX_ENDPOINT}\`);
  process.exit(ok ? 0 : 1);
});
`;

interface Job {
  code: number | null;
  output: string;
}

describe("the CI recipe (examples/ci/run.sh, lockbox-local flavour)", function () {
  // npm installs, then each step starts lockbox-local, the engine, the program and the policy pack.
  this.timeout(600_000);

  let work: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  const password = `pw-${crypto.randomBytes(12).toString("hex")}`;

  /** Runs run.sh as a CI job would (own process group, stdout and stderr as one log). */
  function job(args: string[], extraEnv: Record<string, string> = {}): Promise<Job> {
    const child = spawn("bash", [RUN_SH, ...args], {
      cwd: project,
      env: { ...env, ...extraEnv },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
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
    return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
  }

  const ciDir = () => path.join(project, ".lockbox-ci");
  const serverLog = () => fs.readFileSync(path.join(ciDir(), "lockbox-local.log"), "utf8");

  /** What every job must show: its own lockbox-local started, stopped, log kept, no secret printed. */
  async function assertServerLifecycle(result: Job) {
    const url = /lockbox-local is up at (http:\/\/127\.0\.0\.1:\d+)/.exec(result.output)?.[1];
    assert.ok(url, `the job reports where lockbox-local listens\n${result.output.slice(-3000)}`);
    assert.match(result.output, /==> stop lockbox-local \(its log: .*lockbox-local\.log\)/);
    await assert.rejects(fetch(`${url}/health`), "lockbox-local was stopped");
    assert.match(serverLog(), new RegExp(`listening on ${url}[\\s\\S]*lockbox-local stopped \\(SIGTERM\\)`));
    const token = fs.readFileSync(path.join(ciDir(), "data", "root-token"), "utf8").trim();
    for (const text of [result.output, serverLog()]) {
      assert.ok(!text.includes(token), "the root token is not printed");
      assert.ok(!text.includes(password), "the password is not printed");
    }
  }

  function exportStack(): Promise<StackExport> {
    return runPulumi(["stack", "export", "--stack", STACK, "--non-interactive"], {
      cwd: project,
      env: { ...env, PULUMI_BACKEND_URL: `file://${path.join(ciDir(), "state")}` },
    }).then((r) => JSON.parse(r.stdout) as StackExport);
  }

  before(async function () {
    // One free port for every job, as a CI runner has 4588: destroy calls the endpoint in the state.
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
      srv.on("error", reject);
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-ci-recipe-"));
    onCleanup(() => fs.rmSync(work, { recursive: true, force: true }));
    // The package as users get it: npm pack of the built repository (dist/ is built by npm test).
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", work, "--json"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = path.join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);

    project = path.join(work, "app");
    fs.mkdirSync(project);
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), text);
    };
    write("Pulumi.yaml", "name: ci-recipe-app\nruntime: nodejs\nmain: index.ts\n");
    write(
      "package.json",
      JSON.stringify(
        {
          name: "ci-recipe-app",
          private: true,
          dependencies: { "@pulumi/pulumi": "3.259.0", "pulumi-lockbox": `file:${tarball}` },
          devDependencies: { "@pulumi/policy": "1.21.0", "@types/node": "^22.0.0", typescript: "~5.9.3" },
        },
        null,
        2,
      ),
    );
    write("index.ts", program(false));
    write("app-test.js", APP_TEST);
    const pulumiHome = path.join(work, "pulumi-home");
    fs.mkdirSync(pulumiHome);
    // The repository's CLI build (PATH also finds our language host and dynamic-provider shim).
    env = {
      ...pulumiEnv({ stateDir: path.join(work, "unused-state"), pulumiHome }),
      PULUMI: pulumiBin,
      PULUMI_STACK: STACK,
      // The pack that comes with the package, as the CI files set it.
      POLICY_PACK: "node_modules/pulumi-lockbox/policy",
      APP_DB_PASSWORD: password,
      LOCKBOX_LOCAL_PORT: String(port),
    };
    delete env.PULUMI_BACKEND_URL;
    delete env.LOCKBOX_ENDPOINT;
    delete env.YC_IAM_TOKEN;
  });

  it("install + preview: a secret without a KMS key fails the job on the mandatory policy; the advisory one shows", async function () {
    const result = await job(["install", "preview"]);
    assert.equal(result.code, 1, result.output.slice(-4000));
    assert.match(result.output, /==> install the project's dependencies/);
    // The pack in the package uses the project's node_modules: nothing more to install.
    assert.doesNotMatch(result.output, /==> install the policy pack's dependencies/);
    assert.match(
      result.output,
      /\[mandatory\]\s+lockbox-secret-require-kms-key\s+\(pulumi-nodejs:dynamic\/lockbox:Secret: app-db\)/,
    );
    assert.match(result.output, /\[advisory\]\s+lockbox-secret-require-deletion-protection/);
    assert.match(
      result.output,
      /==> policy pack: 1 mandatory violation\(s\), 1 advisory warning\(s\); mandatory violations fail the job/,
    );
    await assertServerLifecycle(result);
    const resources = (await exportStack()).deployment.resources ?? [];
    assert.deepEqual(resources, [], "a preview creates nothing");
  });

  it("preview of the fixed program passes with advisory warnings only", async function () {
    fs.writeFileSync(path.join(project, "index.ts"), program(true));
    const result = await job(["preview"]);
    assert.equal(result.code, 0, result.output.slice(-4000));
    assert.doesNotMatch(result.output, /\[mandatory\]/);
    assert.match(result.output, /\[advisory\]\s+lockbox-secret-require-deletion-protection/);
    assert.match(
      result.output,
      /==> policy pack: 0 mandatory violation\(s\), [1-9]\d* advisory warning\(s\)\n/,
    );
    await assertServerLifecycle(result);
  });

  it("up creates the key, secret and version, then the app's tests read the secret from the same lockbox-local", async function () {
    const result = await job(["up", "--", "node", "app-test.js"]);
    assert.equal(result.code, 0, result.output.slice(-4000));
    assert.match(result.output, /\+\s+4 created/);
    assert.match(result.output, /==> run: node app-test\.js/);
    assert.match(result.output, /app test: read the password of e6q[0-9a-v]+ from http:\/\/127\.0\.0\.1:\d+/);
    await assertServerLifecycle(result);
    const types = ((await exportStack()).deployment.resources ?? []).map((r) => r.type).sort();
    assert.deepEqual(types, [
      "pulumi-nodejs:dynamic/lockbox:KmsSymmetricKey",
      "pulumi-nodejs:dynamic/lockbox:Secret",
      "pulumi-nodejs:dynamic/lockbox:SecretVersion",
      "pulumi:providers:pulumi-nodejs",
      "pulumi:pulumi:Stack",
    ]);
  });

  it("a second up on the same data changes nothing", async function () {
    const before = (await exportStack()).deployment.resources ?? [];
    const result = await job(["up"]);
    assert.equal(result.code, 0, result.output.slice(-4000));
    assert.match(result.output, /4 unchanged/);
    assert.doesNotMatch(result.output, /\d+ (created|updated|deleted|replaced)/);
    await assertServerLifecycle(result);
    const history = await runPulumi(["stack", "history", "--json", "--stack", STACK, "--non-interactive"], {
      cwd: project,
      env: { ...env, PULUMI_BACKEND_URL: `file://${path.join(ciDir(), "state")}` },
    });
    const last = (JSON.parse(history.stdout) as Array<{ result: string; resourceChanges?: object }>)[0]!;
    assert.equal(last.result, "succeeded");
    assert.deepEqual(last.resourceChanges, { same: 4 });
    const after = (await exportStack()).deployment.resources ?? [];
    assert.deepEqual(
      after.map((r) => [r.urn, r.id]),
      before.map((r) => [r.urn, r.id]),
    );
  });

  it("destroy removes everything", async function () {
    const result = await job(["destroy"]);
    assert.equal(result.code, 0, result.output.slice(-4000));
    assert.match(result.output, /-\s+4 deleted/);
    assert.doesNotMatch(result.output, /==> policy pack:/, "destroy runs without the policy pack");
    await assertServerLifecycle(result);
    assert.deepEqual((await exportStack()).deployment.resources ?? [], []);
  });

  it("refuses bad set-up with exit code 2 and a clear message, before starting anything", async function () {
    const unknown = await job(["deploy"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.output, /unknown step "deploy"/);
    const noStack = await job(["preview"], { PULUMI_STACK: "" });
    assert.equal(noStack.code, 2);
    assert.match(noStack.output, /set PULUMI_STACK/);
    const cloud = await job(["preview"], { LOCKBOX_TARGET: "cloud" });
    assert.equal(cloud.code, 2);
    assert.match(cloud.output, /set PULUMI_BACKEND_URL/);
    for (const r of [unknown, noStack, cloud]) assert.doesNotMatch(r.output, /start lockbox-local/);
  });
});

describe("the CI recipe's workflow files", function () {
  type Doc = Record<string, unknown>;
  const load = (name: string) => yaml.load(fs.readFileSync(path.join(CI_DIR, name), "utf8")) as Doc;
  const asDoc = (v: unknown) => v as Doc;

  it("GitHub Actions: preview on pull requests, up on main, through run.sh; secrets only in env; one up per stack", function () {
    const wf = load("github-actions.yml");
    assert.deepEqual(Object.keys(asDoc(wf.on)).sort(), ["pull_request", "push"]);
    assert.deepEqual(asDoc(asDoc(wf.on).push).branches, ["main"]);
    const jobs = asDoc(wf.jobs);
    const local = asDoc(jobs["lockbox-local"]);
    const cloud = asDoc(jobs["yandex-cloud"]);
    assert.equal(asDoc(local.env).LOCKBOX_TARGET, "local");
    assert.equal(asDoc(cloud.env).LOCKBOX_TARGET, "cloud");
    for (const job of [local, cloud]) {
      const steps = job.steps as Doc[];
      const runs = steps.filter((s) => typeof s.run === "string");
      assert.deepEqual(
        runs.map((s) => [s.if, (s.run as string).split(" -- ")[0]]),
        [
          ["github.event_name == 'pull_request'", "ci/run.sh install preview"],
          ["github.event_name == 'push'", "ci/run.sh install up"],
        ],
      );
      for (const s of runs) assert.doesNotMatch(s.run as string, /secrets\./, "no secret in a command line");
    }
    const artifact = (local.steps as Doc[]).find((s) => String(s.uses).startsWith("actions/upload-artifact"));
    assert.equal(artifact?.if, "always()");
    assert.equal(asDoc(artifact?.with).path, ".lockbox-ci/lockbox-local.log");
    assert.equal(asDoc(wf.env).POLICY_PACK, "node_modules/pulumi-lockbox/policy");
    assert.deepEqual(cloud.concurrency, { group: "pulumi-production", "cancel-in-progress": false });
    const cloudEnv = asDoc(cloud.env);
    for (const name of ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "YC_SERVICE_ACCOUNT_KEY"]) {
      assert.equal(cloudEnv[name], `\${{ secrets.${name} }}`);
    }
  });

  it("GitLab CI: preview on merge requests, up on the default branch, through run.sh; one up per stack", function () {
    const ci = load("gitlab-ci.yml");
    const local = asDoc(ci["lockbox-local"]);
    assert.equal(asDoc(local.variables).LOCKBOX_TARGET, "local");
    const localScript = (local.script as string[]).join("\n");
    assert.match(
      localScript,
      /merge_request_event[\s\S]*ci\/run\.sh install preview[\s\S]*ci\/run\.sh install up/,
    );
    assert.deepEqual(local.artifacts, { when: "always", paths: [".lockbox-ci/lockbox-local.log"] });
    assert.equal(asDoc(ci.variables).POLICY_PACK, "node_modules/pulumi-lockbox/policy");
    const preview = asDoc(ci["yandex-cloud-preview"]);
    const up = asDoc(ci["yandex-cloud-up"]);
    assert.deepEqual(preview.script, ["ci/run.sh install preview"]);
    assert.deepEqual(up.script, ["ci/run.sh install up"]);
    assert.equal(asDoc(up.variables).LOCKBOX_TARGET, "cloud");
    assert.equal(up.resource_group, "pulumi-production");
    assert.match(JSON.stringify(up.rules), /CI_DEFAULT_BRANCH/);
    assert.match(JSON.stringify(preview.rules), /merge_request_event/);
  });
});
