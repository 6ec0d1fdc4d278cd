import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../helpers/hooks";
import { createStack, repoRoot, type PulumiResult, type PulumiStack } from "../helpers/pulumi";
import { TEST_FOLDER, apiCalls } from "../helpers/server";
import { useLockboxLocal } from "../helpers/lockbox-fixture";

const POLICY_PACK = path.join(repoRoot, "policy");

// One program, five shapes chosen by the `scenario` config key.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const scenario = config.require("scenario");
const password = config.requireSecret("password");

function kmsKey(hardened = false): pulumi.Output<string> {
  const args = hardened ? { rotationPeriod: "2592000s", deletionProtection: true } : {};
  return new lockbox.KmsSymmetricKey("key", { name: "policy-e2e", ...args }).id;
}

if (scenario === "compliant") {
  const secret = new lockbox.Secret("db", { kmsKeyId: kmsKey(true), deletionProtection: true, labels: { team: "payments" } });
  new lockbox.SecretVersion("db-v1", { secretId: secret.id, entries: [{ key: "password", textValue: password }] });
} else if (scenario === "unencrypted") {
  const secret = new lockbox.Secret("plain", { deletionProtection: true });
  new lockbox.SecretVersion("plain-v1", { secretId: secret.id, entries: [{ key: "password", textValue: password }] });
} else if (scenario === "unprotected") {
  const secret = new lockbox.Secret("loose", { kmsKeyId: kmsKey(), deletionProtection: false });
  new lockbox.SecretVersion("loose-v1", { secretId: secret.id, entries: [{ key: "password", textValue: password }] });
} else if (scenario === "versionless") {
  new lockbox.Secret("empty", { kmsKeyId: kmsKey(true), deletionProtection: true });
} else if (scenario === "plaintext") {
  const secret = new lockbox.Secret("literal", { kmsKeyId: kmsKey(), deletionProtection: true });
  new lockbox.SecretVersion("literal-v1", { secretId: secret.id, entries: [{ key: "password", textValue: "hunter2-literal" }] });
}
`;

/** Writes the program into a temp dir whose node_modules is the repository's (for pulumi-lockbox). */
function writeProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-policy-program-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: policy-e2e\nruntime: nodejs\nmain: index.ts\n");
  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "policy-e2e", "private": true }\n');
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Everything the CLI printed. */
function output(result: PulumiResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

/** The output with line breaks and indentation folded, so wrapped messages match as one line. */
function folded(result: PulumiResult): string {
  return output(result).replace(/\s+/g, " ");
}

describe("the Lockbox policy pack (real CLI, --policy-pack policy)", function () {
  // Each CLI call starts the engine, the language host, the pack and the provider: seconds each.
  this.timeout(300_000);

  const local = useLockboxLocal();
  let programDir: string;

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, "dist", "policy", "pack.js"))) {
      throw new Error("The policy pack is not built: run `npm run build`.");
    }
    programDir = writeProgram();
  });

  // Stacks that only ever preview keep no state, so tests of the same scenario share one.
  const previewStacks = new Map<string, Promise<PulumiStack>>();

  /** A fresh stack of the program with `scenario`, configured for the local server. */
  function newStack(scenario: string): Promise<PulumiStack> {
    return createStack({
      programDir,
      config: { scenario, "lockbox:endpoint": local.server.url, "lockbox:folderId": TEST_FOLDER },
      secrets: { "lockbox:token": local.server.rootToken, password: "correct-horse-battery-staple" },
    });
  }

  /** The shared preview-only stack of `scenario`. */
  function previewStack(scenario: string): Promise<PulumiStack> {
    let stack = previewStacks.get(scenario);
    if (!stack) previewStacks.set(scenario, (stack = newStack(scenario)));
    return stack;
  }

  describe("a compliant program", function () {
    it("passes pulumi preview with no policy violation", async function () {
      const stack = await previewStack("compliant");
      const result = await stack.preview({ policyPacks: [POLICY_PACK] });
      assert.equal(result.code, 0);
      assert.match(output(result), /lockbox@v0\.1\.0/, "the pack ran");
      assert.doesNotMatch(output(result), /\[(mandatory|advisory)\]/);
    });
  });

  describe("a program with an unencrypted secret", function () {
    it("makes pulumi up fail before any API call, naming the policy and the fix", async function () {
      const stack = await newStack("unencrypted");
      const before = apiCalls(await local.server.stats());
      const result = await stack.up({ policyPacks: [POLICY_PACK], allowFailure: true });
      assert.notEqual(result.code, 0);
      assert.match(
        output(result),
        /\[mandatory\]\s+lockbox-secret-require-kms-key\s+\(pulumi-nodejs:dynamic\/lockbox:Secret: plain\)/,
      );
      assert.match(
        folded(result),
        /Lockbox secret "plain" should be encrypted with a customer-managed KMS key: set kmsKeyId/,
      );
      assert.equal(apiCalls(await local.server.stats()) - before, 0);
      const lockboxResources = ((await stack.exportStack()).deployment.resources ?? []).filter((r) =>
        r.type.startsWith("pulumi-nodejs:dynamic/lockbox:"),
      );
      assert.deepEqual(lockboxResources, []);
    });
  });

  describe("a program that breaks an advisory policy", function () {
    it("prints a warning and still creates the resources", async function () {
      const stack = await newStack("unprotected");
      const result = await stack.up({ policyPacks: [POLICY_PACK] });
      assert.equal(result.code, 0);
      assert.match(
        output(result),
        /\[advisory\]\s+lockbox-secret-require-deletion-protection\s+\(pulumi-nodejs:dynamic\/lockbox:Secret: loose\)/,
      );
      assert.match(folded(result), /Lockbox secret "loose" should have deletion protection turned on/);
      const types = ((await stack.exportStack()).deployment.resources ?? []).map((r) => r.type);
      assert.ok(types.includes("pulumi-nodejs:dynamic/lockbox:Secret"), types.join(", "));
      assert.ok(types.includes("pulumi-nodejs:dynamic/lockbox:SecretVersion"), types.join(", "));
    });
  });

  describe("a program that writes a secret value as a literal", function () {
    it("fails pulumi preview with the plaintext policy's message", async function () {
      const stack = await previewStack("plaintext");
      const result = await stack.preview({ policyPacks: [POLICY_PACK], allowFailure: true });
      assert.notEqual(result.code, 0);
      assert.match(output(result), /\[mandatory\]\s+lockbox-version-no-plaintext-values/);
      assert.match(
        folded(result),
        /Entry "password" of Lockbox secret version "literal-v1" should not be a plain string/,
      );
      assert.doesNotMatch(output(result), /hunter2-literal/);
    });
  });

  describe("a program with a secret that never gets a version", function () {
    it("passes pulumi preview with the stack policy's advisory warning", async function () {
      const stack = await previewStack("versionless");
      const result = await stack.preview({ policyPacks: [POLICY_PACK] });
      assert.equal(result.code, 0);
      assert.match(output(result), /\[advisory\]\s+lockbox-secret-has-current-version/);
      assert.match(
        folded(result),
        /Lockbox secret "empty" should have a current version: add a lockbox\.SecretVersion/,
      );
      assert.doesNotMatch(output(result), /\[mandatory\]/);
    });
  });

  describe("--policy-pack-config", function () {
    function configFile(config: object): string {
      const file = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-policy-config-")),
        "policy-config.json",
      );
      onCleanup(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
      fs.writeFileSync(file, JSON.stringify(config));
      return file;
    }

    it("raises an advisory policy to mandatory", async function () {
      const stack = await newStack("unprotected");
      const result = await stack.preview({
        policyPacks: [POLICY_PACK],
        policyPackConfigs: [configFile({ "lockbox-secret-require-deletion-protection": "mandatory" })],
        allowFailure: true,
      });
      assert.notEqual(result.code, 0);
      assert.match(output(result), /\[mandatory\]\s+lockbox-secret-require-deletion-protection/);
      assert.match(folded(result), /Lockbox secret "loose" should have deletion protection turned on/);
    });

    it("passes options to a policy", async function () {
      const stack = await previewStack("compliant");
      const config = {
        "lockbox-secret-required-labels": {
          enforcementLevel: "mandatory",
          requiredLabels: ["team", "owner"],
        },
      };
      const result = await stack.preview({
        policyPacks: [POLICY_PACK],
        policyPackConfigs: [configFile(config)],
        allowFailure: true,
      });
      assert.notEqual(result.code, 0);
      assert.match(output(result), /\[mandatory\]\s+lockbox-secret-required-labels/);
      assert.match(folded(result), /Lockbox secret "db" should carry the label "owner": add it to labels\./);
      assert.doesNotMatch(folded(result), /should carry the label "team"/);
    });

    it("disables a mandatory policy", async function () {
      const stack = await previewStack("plaintext");
      const result = await stack.preview({
        policyPacks: [POLICY_PACK],
        policyPackConfigs: [configFile({ "lockbox-version-no-plaintext-values": "disabled" })],
      });
      assert.equal(result.code, 0);
      assert.match(output(result), /lockbox@v0\.1\.0/, "the pack ran");
      assert.doesNotMatch(output(result), /lockbox-version-no-plaintext-values/);
    });
  });
});
