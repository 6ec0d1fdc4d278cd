/**
 * The leak scan of the "secrets stay secret" suite, for the native provider plugin: random markers
 * for an entry value and the provider token, and a program of `lockbox:index:*` resources run
 * through the real engine (up, a debug-logged preview, refresh, destroy). No marker may appear in
 * the CLI's output, `stack export --show-secrets` (entry values never reach state), the backend
 * and PULUMI_HOME files, or any process's arguments; the token is a secret in the provider's state.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { hits, marker, scanFiles, withProcessSampling } from "../helpers/leaks";
import { useLockboxWorld } from "../helpers/lockbox-fixture";
import { requirePlugin } from "../helpers/native";
import { runPulumi, type PulumiResult } from "../helpers/pulumi";
import { newStack } from "../helpers/stack";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

describe("secrets stay secret through the native lockbox provider (CLI, state, files, process args)", function () {
  this.timeout(900_000);
  const world = useLockboxWorld();

  it("no entry value or token in output, state, backend, PULUMI_HOME or process arguments", async () => {
    requirePlugin();
    const value = `native-leak-${crypto.randomBytes(18).toString("hex")}`;
    const markers = [marker("entry value", value), marker("provider token", world.rootToken)];
    const { prog, stack } = await newStack(world, "native-leaks", { dbPassword: value });
    prog.write(`
const secret = new pulumi.CustomResource("lockbox:index:Secret", "db", { name: "native-leaks" });
const version = new pulumi.CustomResource("lockbox:index:SecretVersion", "db-v", {
  secretId: secret.id, entries: [{ key: "password", textValue: cfg.requireSecret("dbPassword") }],
  versionId: undefined });
exports.secretId = secret.id;
exports.versionId = version.versionId;
`);
    let transcript = "";
    const keep = (r: PulumiResult) => (transcript += `${r.stdout}\n${r.stderr}\n`);
    const { cmdlines } = await withProcessSampling(async () => {
      keep(await stack.up());
      keep(await stack.preview({ args: ["--verbose=8", "--logtostderr", "--logflow"] }));
      keep(await stack.refresh({ args: ["--expect-no-changes"] }));
    });
    const secretId = String((await stack.outputs()).secretId);
    assert.equal(
      (await world.raw.payload.get(secretId)).entries[0]!.textValue,
      value,
      "the value was stored",
    );
    assert.ok(transcript.split("\n").length > 200, "the debug log was printed");
    assert.deepEqual(hits(markers, transcript), [], "no marker in the CLI's output and logs");

    const full = await runPulumi(
      ["stack", "export", "--show-secrets", "--stack", stack.name, "--non-interactive"],
      {
        cwd: stack.programDir,
        env: stack.env,
      },
    );
    assert.ok(full.stdout.includes(world.rootToken), "positive control: --show-secrets shows the token");
    assert.deepEqual(
      hits([markers[0]!], full.stdout),
      [],
      "no entry value in state, even with --show-secrets",
    );
    const plainExport = await stack.exportStack();
    assert.deepEqual(hits(markers, JSON.stringify(plainExport)), [], "no marker in state");
    const provider = (plainExport.deployment.resources ?? []).find(
      (r) => r.type === "pulumi:providers:lockbox",
    );
    const token = (provider?.inputs as Record<string, unknown> | undefined)?.token as
      Record<string, unknown> | undefined;
    assert.equal(
      token?.[SECRET_SIG],
      "1b47061264138c4ac30d75fd1eb44270",
      "the token is a secret in the provider's state",
    );
    assert.ok(typeof token?.ciphertext === "string", "the token is stored encrypted");

    keep(await stack.destroy());
    assert.deepEqual(hits(markers, transcript), [], "destroy prints no marker");

    const { found, files } = scanFiles(markers, [stack.workDir]);
    for (const [what, re] of [
      ["the checkpoint", /\/\.pulumi\/stacks\/.+\.json$/],
      ["the update history", /\/\.pulumi\/history\/.+\.checkpoint\.json$/],
      ["the CLI logs in PULUMI_HOME", /\/home\/logs\/.+\.log$/],
      ["the stack config file", /\/Pulumi\.[^/]+\.yaml$/],
    ] as const)
      assert.ok(
        files.some((f) => re.test(f)),
        `scanned ${what}`,
      );
    assert.deepEqual(found, [], "no marker in the backend, PULUMI_HOME or config files");

    const all = [...cmdlines];
    assert.ok(
      all.some((c) => c.includes("pulumi-resource-lockbox")),
      "the sampler saw the plugin",
    );
    assert.deepEqual(
      all.flatMap((c) => hits(markers, c).map((h) => `${c.slice(0, 80)}: ${h}`)),
      [],
      "no marker in any process's arguments",
    );
  });
});
