/**
 * The policy pack as users get it: a fresh project in a temp dir installs pulumi-lockbox from this
 * repository's `npm pack` tarball (with @pulumi/policy, the pack's optional peer), then runs
 * `pulumi preview --policy-pack node_modules/pulumi-lockbox/policy` as policy/README.md says, and a
 * pack of its own built from `import { policies } from "pulumi-lockbox/policy"`, through the real
 * engine against lockbox-local. The install itself must print no warning about our package.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../helpers/hooks";
import { useLockboxLocal } from "../helpers/lockbox-fixture";
import { createStack, repoRoot, type PulumiResult, type PulumiStack } from "../helpers/pulumi";
import { TEST_FOLDER } from "../helpers/server";
import { policies } from "../../policy/policies";

// The same program for both packs: a secret with no KMS key and no deletion protection.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const secret = new lockbox.Secret("plain", { name: "plain" });
new lockbox.SecretVersion("plain-v1", {
  secretId: secret.id,
  entries: [{ key: "password", textValue: new pulumi.Config().requireSecret("password") }],
});
`;

// A user's own pack, exactly as policy/README.md shows it.
const OWN_PACK = `import { PolicyPack } from "@pulumi/policy";
import { policies, secretRequireDeletionProtection } from "pulumi-lockbox/policy";

// Every Lockbox policy, with deletion protection made mandatory instead of advisory.
new PolicyPack("my-secrets", {
  policies: [
    ...policies.filter((p) => p.name !== secretRequireDeletionProtection.name),
    { ...secretRequireDeletionProtection, enforcementLevel: "mandatory" },
  ],
});
`;

const output = (r: PulumiResult) => `${r.stdout}\n${r.stderr}`;

describe("the policy pack from the installed package (npm pack tarball, fresh project, real CLI)", function () {
  // npm pack and npm install, then each preview starts the engine, the program and a pack.
  this.timeout(600_000);

  const local = useLockboxLocal();
  let project: string;
  let installOutput: string;
  let stack: PulumiStack;

  before(async function () {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-policy-package-"));
    onCleanup(() => fs.rmSync(work, { recursive: true, force: true }));
    // dist/ (with dist/policy) is built by npm test before any suite runs.
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", work, "--json"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = path.join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);

    project = path.join(work, "app");
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), text);
    };
    write("Pulumi.yaml", "name: policy-package-app\nruntime: nodejs\nmain: index.ts\n");
    const manifest = {
      name: "policy-package-app",
      private: true,
      dependencies: { "@pulumi/pulumi": "3.259.0", "pulumi-lockbox": `file:${tarball}` },
      devDependencies: { "@pulumi/policy": "1.21.0", "@types/node": "^22.0.0", typescript: "~5.9.3" },
    };
    write("package.json", JSON.stringify(manifest, null, 2));
    write("index.ts", PROGRAM);
    write("my-pack/PulumiPolicy.yaml", "runtime: nodejs\ndescription: Our secrets rules.\n");
    write("my-pack/package.json", JSON.stringify({ name: "my-pack", version: "1.2.3", main: "index.ts" }));
    write("my-pack/index.ts", OWN_PACK);

    // npm_config_* from an outer `npm test` would change how this install behaves: drop them.
    const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
      cwd: project,
      encoding: "utf8",
      env: npmEnv,
    });
    installOutput = `${install.stdout}\n${install.stderr}`;
    assert.equal(install.status, 0, installOutput);

    stack = await createStack({
      programDir: project,
      config: { "lockbox:endpoint": local.server.url, "lockbox:folderId": TEST_FOLDER },
      secrets: { "lockbox:token": local.server.rootToken, password: "correct-horse-battery-staple" },
    });
  });

  it("npm install of the tarball prints no warning about pulumi-lockbox (no install script, no missing file)", function () {
    const ours = installOutput
      .split("\n")
      .filter((line) => /^npm (warn|error)/i.test(line) && /pulumi-lockbox|link-self/.test(line));
    assert.deepEqual(ours, [], installOutput);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(project, "node_modules", "pulumi-lockbox", "package.json"), "utf8"),
    ) as { scripts?: Record<string, string> };
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
      assert.equal(manifest.scripts?.[hook], undefined, `the published package runs no ${hook} script`);
    }
  });

  it("pulumi preview --policy-pack node_modules/pulumi-lockbox/policy runs the Lockbox pack: the mandatory rule fails it", async function () {
    const before = (await local.server.stats()).mutations;
    const result = await stack.preview({
      allowFailure: true,
      args: ["--policy-pack", "node_modules/pulumi-lockbox/policy"],
    });
    assert.notEqual(result.code, 0, output(result));
    assert.match(output(result), /lockbox@v0\.1\.0/, "the pack ran under its own name and version");
    assert.match(
      output(result),
      /\[mandatory\]\s+lockbox-secret-require-kms-key\s+\(pulumi-nodejs:dynamic\/lockbox:Secret: plain\)/,
    );
    assert.match(output(result), /\[advisory\]\s+lockbox-secret-require-deletion-protection/);
    assert.equal((await local.server.stats()).mutations - before, 0, "a preview changes nothing");
  });

  it("a pack of the user's own imports the policies from pulumi-lockbox/policy and changes a level", async function () {
    const result = await stack.preview({ allowFailure: true, args: ["--policy-pack", "my-pack"] });
    assert.notEqual(result.code, 0, output(result));
    assert.match(output(result), /my-secrets@v1\.2\.3/, "the user's pack ran");
    assert.doesNotMatch(output(result), /lockbox@v0\.1\.0/);
    assert.match(output(result), /\[mandatory\]\s+lockbox-secret-require-kms-key/);
    assert.match(output(result), /\[mandatory\]\s+lockbox-secret-require-deletion-protection/);
  });

  it("importing pulumi-lockbox/policy gives every policy and starts no analyzer server", function () {
    const script =
      'const p = require("pulumi-lockbox/policy"); console.log(p.policies.length, typeof p.secretRequireKmsKey.validateResource);';
    const run = spawnSync(process.execPath, ["-e", script], {
      cwd: project,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), `${policies.length} function`);
  });
});
