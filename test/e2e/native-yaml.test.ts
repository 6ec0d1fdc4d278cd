/**
 * examples/yaml through the real engine: Pulumi's YAML language host (built by
 * `npm run pulumi:build`) runs the program, the engine starts the `pulumi-resource-lockbox` plugin
 * from PATH, and the plugin talks to a real lockbox-local. up, a no-change preview, an update in
 * place, refresh and destroy, with the policy pack applied; a KMS-less secret in YAML is blocked.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { NotFoundError } from "../../provider/client";
import { useLockboxWorld } from "../helpers/lockbox-fixture";
import { changes, requirePlugin, requireYamlHost, worldStack, yamlProgram } from "../helpers/native";
import { repoRoot, type PulumiResult, type PulumiStack } from "../helpers/pulumi";

const EXAMPLE = path.join(repoRoot, "examples", "yaml");
const POLICY_PACK = path.join(repoRoot, "policy");
// The YAML host sends a version's entries as one secret, so the pack cannot tell a secret config
// value from a literal there; the example's config lets such values pass (examples/yaml/README.md).
const POLICY_CONFIG = path.join(EXAMPLE, "policy-config.json");
const policies = { policyPacks: [POLICY_PACK], policyPackConfigs: [POLICY_CONFIG] };
const PASSWORD = "yaml-pw-5f0e2c9d7b";

describe("examples/yaml through the lockbox provider plugin (real CLI, YAML host, lockbox-local)", function () {
  const world = useLockboxWorld();
  let stack: PulumiStack;
  let transcript = "";
  const run = (r: PulumiResult) => {
    transcript += `${r.stdout}\n${r.stderr}\n`;
    return r;
  };
  let secretId = "";
  let kmsKeyId = "";
  let readerId = "";

  before(async function () {
    requirePlugin();
    requireYamlHost(this);
    readerId = (await world.serviceAccount("yaml-reader")).id;
    stack = await worldStack(
      world,
      EXAMPLE,
      { readerMember: `serviceAccount:${readerId}` },
      { dbPassword: PASSWORD },
    );
  });

  it("creates the key, the secret, its version and the member, passing the policy pack", async function () {
    const r = run(await stack.up(policies));
    assert.doesNotMatch(r.stdout, /mandatory/);
    const out = await stack.outputs();
    secretId = String(out.secretId);
    kmsKeyId = String(out.kmsKeyId);
    const secret = await world.raw.secrets.get(secretId);
    assert.equal(secret.name, "yaml-db");
    assert.equal(secret.kmsKeyId, kmsKeyId);
    assert.deepEqual(secret.labels, { "managed-by": "pulumi-yaml" });
    assert.equal((await world.raw.kms.keys.get(kmsKeyId)).rotationPeriod, "7776000s");
    const payload = await world.raw.payload.get(secretId);
    assert.deepEqual(
      payload.entries.map((e) => [e.key, e.textValue]),
      [["password", PASSWORD]],
    );
    assert.equal(out.versionId, secret.currentVersion?.id);
    // The fn::invoke lookup read the secret back from the service.
    assert.equal(out.lookedUpKmsKeyId, kmsKeyId);
    assert.deepEqual(out.keys, ["password"]);
    const bindings = await world.raw.secrets.listAccessBindings(secretId).toArray();
    assert.deepEqual(
      bindings.map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`),
      [`lockbox.payloadViewer serviceAccount:${readerId}`],
    );
  });

  it("previews no change on an unchanged program", async function () {
    const r = run(await stack.preview({ json: true, ...policies }));
    assert.deepEqual(changes(r.json), []);
  });

  it("updates the secret in place when a property changes, keeping its id", async function () {
    await stack.setConfig("description", "rotated by the YAML e2e");
    const p = run(await stack.preview({ json: true }));
    assert.deepEqual(changes(p.json), ["update lockbox:index:Secret::db"]);
    run(await stack.up(policies));
    assert.equal((await stack.outputs()).secretId, secretId);
    assert.equal((await world.raw.secrets.get(secretId)).description, "rotated by the YAML e2e");
  });

  it("refreshes drift made through the REST API into state, and the next up restores the program", async function () {
    await world.raw.awaitOperation(
      await world.raw.secrets.update(secretId, { updateMask: "labels", labels: { "managed-by": "hand" } }),
    );
    run(await stack.refresh());
    const state = await stack.exportStack();
    const secret = state.deployment.resources?.find((r) => r.type === "lockbox:index:Secret");
    assert.deepEqual(secret?.outputs?.labels, { "managed-by": "hand" });
    run(await stack.up());
    assert.deepEqual((await world.raw.secrets.get(secretId)).labels, { "managed-by": "pulumi-yaml" });
  });

  it("never shows the password in the CLI output or the stack export", async function () {
    const exported = JSON.stringify(await stack.exportStack());
    assert.ok(!exported.includes(PASSWORD), "the password is in the stack export");
    assert.ok(!transcript.includes(PASSWORD), "the password is in the CLI output");
  });

  it("destroys everything it made", async function () {
    run(await stack.destroy());
    await assert.rejects(world.raw.secrets.get(secretId), NotFoundError);
    const key = await world.raw.kms.keys.get(kmsKeyId).catch((e: unknown) => e);
    assert.ok(key instanceof NotFoundError || (key as { status?: string }).status !== "ACTIVE");
    assert.deepEqual((await stack.exportStack()).deployment.resources ?? [], []);
  });
});

describe("the policy pack on a YAML program (lockbox:index:Secret)", function () {
  const world = useLockboxWorld();

  before(function () {
    requirePlugin();
    requireYamlHost(this);
  });

  it("blocks a secret without a KMS key before any API call", async function () {
    const dir = yamlProgram(
      "kmsless",
      [
        "resources:",
        "  plain:",
        "    type: lockbox:index:Secret",
        "    properties:",
        "      name: kmsless",
        "",
      ].join("\n"),
    );
    const stack = await worldStack(world, dir);
    const before = await world.mutations();
    const r = await stack.up({ ...policies, allowFailure: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /lockbox-secret-require-kms-key/);
    assert.match(r.stdout + r.stderr, /should be encrypted with a customer-managed KMS key/);
    assert.equal(await world.mutations(), before, "the service was called");
    const list = await world.raw.secrets.list({ folderId: "b1gintegration" }).toArray();
    assert.deepEqual(
      list.filter((s) => s.name === "kmsless"),
      [],
    );
  });
});
