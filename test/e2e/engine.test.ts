import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../helpers/hooks";
import { createStack, fixture, type ExportedResource, type PulumiStack } from "../helpers/pulumi";

const NOTE_TYPE = "pulumi-nodejs:dynamic/fixture:Note";
const TOKEN = "tok-e2e-8d1f3a9c55";

/** The parts of `pulumi preview --json` the tests read. */
interface PreviewJson {
  steps: Array<{ op: string; urn: string }>;
  changeSummary: Record<string, number>;
}

/** The fixture's one dynamic resource in a stack export, if present. */
function findNote(resources: ExportedResource[] | undefined): ExportedResource | undefined {
  return (resources ?? []).find((r) => r.type === NOTE_TYPE);
}

describe("the Pulumi engine (real CLI, file backend)", function () {
  // Each CLI call starts the engine, the language host and the provider process: seconds, not ms.
  this.timeout(180_000);

  let stack: PulumiStack;
  let notesDir: string;
  let notePath: string;

  before(async function () {
    notesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-notes-"));
    onCleanup(() => fs.rmSync(notesDir, { recursive: true, force: true }));
    notePath = path.join(notesDir, "greeting.txt");
    stack = await createStack({
      programDir: fixture("engine-program"),
      config: { dir: notesDir, content: "hello" },
      secrets: { apiToken: TOKEN },
    });
  });

  describe("up", function () {
    it("creates the dynamic resource, which writes its file", async function () {
      await stack.up();
      assert.equal(fs.readFileSync(notePath, "utf8"), "hello");
    });

    it("records the resource with its id and outputs in the stack export", async function () {
      const state = await stack.exportStack();
      const note = findNote(state.deployment.resources);
      assert.ok(note, "the Note resource is in state");
      assert.equal(note.id, notePath);
      assert.equal(note.outputs?.["content"], "hello");
      assert.equal(typeof note.outputs?.["__provider"], "string");
    });

    it("keeps the secret config value out of the state in plaintext", async function () {
      const exported = JSON.stringify(await stack.exportStack());
      assert.ok(!exported.includes(TOKEN), "the token does not appear in the export");
      const outputs = await stack.outputs({ showSecrets: true });
      assert.equal(outputs["apiToken"], TOKEN);
      assert.equal((await stack.outputs())["apiToken"], "[secret]");
    });
  });

  describe("preview", function () {
    it("reports no changes when nothing changed", async function () {
      const result = await stack.preview({ json: true });
      const plan = result.json as PreviewJson;
      assert.deepEqual(plan.changeSummary, { same: 2 });
    });

    it("plans an update when the content config changes, without touching the file", async function () {
      await stack.setConfig("content", "changed by preview test");
      const result = await stack.preview({ json: true });
      const plan = result.json as PreviewJson;
      assert.deepEqual(plan.changeSummary, { same: 1, update: 1 });
      assert.equal(plan.steps.find((s) => s.urn.endsWith("::greeting"))?.op, "update");
      assert.equal(fs.readFileSync(notePath, "utf8"), "hello");
      await stack.setConfig("content", "hello");
    });
  });

  describe("refresh", function () {
    it("reads a change made outside Pulumi into the state", async function () {
      fs.writeFileSync(notePath, "edited by hand");
      await stack.refresh();
      const note = findNote((await stack.exportStack()).deployment.resources);
      assert.equal(note?.outputs?.["content"], "edited by hand");
    });

    it("lets the next up restore the configured content", async function () {
      await stack.up();
      assert.equal(fs.readFileSync(notePath, "utf8"), "hello");
    });
  });

  describe("destroy", function () {
    it("deletes the file and leaves no resources in state", async function () {
      await stack.destroy();
      assert.equal(fs.existsSync(notePath), false);
      const state = await stack.exportStack();
      assert.deepEqual(state.deployment.resources ?? [], []);
    });
  });

  describe("a policy pack (--policy-pack, run by the language host's RunPlugin)", function () {
    let configFile: string;
    before(function () {
      configFile = path.join(notesDir, "policy-config.json");
    });

    it("fails the preview with the mandatory violation, its policy config and stack name", async function () {
      fs.writeFileSync(configFile, JSON.stringify({ "note-content-not-forbidden": { forbidden: "hello" } }));
      const result = await stack.preview({
        policyPacks: [fixture("policy-pack")],
        policyPackConfigs: [configFile],
        allowFailure: true,
      });
      assert.notEqual(result.code, 0);
      assert.match(result.stdout, /note-content-not-forbidden/);
      assert.match(
        result.stdout,
        new RegExp(`Note "greeting" in stack ${stack.name} should not contain "hello"`),
      );
    });

    it("passes the preview when the resource complies", async function () {
      fs.writeFileSync(
        configFile,
        JSON.stringify({ "note-content-not-forbidden": { forbidden: "goodbye" } }),
      );
      const result = await stack.preview({
        policyPacks: [fixture("policy-pack")],
        policyPackConfigs: [configFile],
      });
      assert.match(result.stdout, /engine-fixture-policy@v0\.0\.1/);
      assert.doesNotMatch(result.stdout, /should not contain/);
    });

    it("fails the preview with the error of a pack that throws while loading", async function () {
      // Without the host's preload, Node's error formatting stalled such a pack for 25-60 s; no
      // timing is asserted here (speed belongs in benchmarks), the suite's timeout is the backstop.
      const result = await stack.preview({
        policyPacks: [fixture("policy-pack/failing")],
        allowFailure: true,
      });
      assert.notEqual(result.code, 0);
      assert.match(
        result.stdout + result.stderr,
        /Missing required configuration variable 'engine-fixture-failing-policy:neverSet'/,
      );
    });
  });

  describe("a failing program", function () {
    it("makes up exit non-zero with the program's error and creates nothing", async function () {
      const broken = await createStack({
        programDir: fixture("engine-program"),
        config: { content: "no dir configured" },
        secrets: { apiToken: TOKEN },
      });
      const result = await broken.up({ allowFailure: true });
      assert.notEqual(result.code, 0);
      assert.match(result.stdout, /Missing required configuration variable 'engine-fixture:dir'/);
      assert.equal(findNote((await broken.exportStack()).deployment.resources), undefined);
    });
  });

  describe("a failing provider", function () {
    it("makes up exit non-zero with the provider's error and records no resource", async function () {
      const missingDir = path.join(notesDir, "does-not-exist");
      const broken = await createStack({
        programDir: fixture("engine-program"),
        config: { dir: missingDir, content: "never written" },
        secrets: { apiToken: TOKEN },
      });
      const result = await broken.up({ allowFailure: true });
      assert.notEqual(result.code, 0);
      assert.match(result.stdout, /ENOENT: no such file or directory/);
      assert.equal(findNote((await broken.exportStack()).deployment.resources), undefined);
      assert.equal(fs.existsSync(missingDir), false);
    });
  });
});
