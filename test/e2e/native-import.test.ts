/**
 * `pulumi import` of every kind of the native `lockbox` provider through the real engine: a key, a
 * secret encrypted with it, a version, the role bindings and members on both, all made out of band
 * through REST, are imported from their ids alone (compound ids for versions and bindings); a
 * program declaring the same fields then shows no change, and destroy removes them. A malformed or
 * unknown id fails naming the expected form and changes nothing (the server's counters say so).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { useLockboxWorld } from "../helpers/lockbox-fixture";
import { changes, requirePlugin, requireYamlHost, worldStack, yamlProgram } from "../helpers/native";
import { newStack } from "../helpers/stack";
import { FOLDER } from "../helpers/world";

const VALUE = "import-every-kind-7d41c0";
const res = (type: string, name: string, props: string) =>
  `new pulumi.CustomResource("lockbox:index:${type}", ${JSON.stringify(name)}, ${props})`;

function changeKinds(json: unknown): string[] {
  const summary = (json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
  return Object.keys(summary).filter((k) => k !== "same");
}

describe("pulumi import of every native kind made through REST (real engine, lockbox-local)", function () {
  this.timeout(900_000);
  const world = useLockboxWorld();
  let keyId = "";
  let secretId = "";
  let versionId = "";
  let reader = "";
  let auditor = "";

  before(async () => {
    requirePlugin();
    reader = `serviceAccount:${(await world.serviceAccount("import-reader")).id}`;
    auditor = `serviceAccount:${(await world.serviceAccount("import-auditor")).id}`;
    const sa = (m: string) => ({ type: "serviceAccount", id: m.split(":")[1]! });
    const key = await world.raw.awaitOperation(
      await world.raw.kms.keys.create({ folderId: FOLDER, name: "imp-key", defaultAlgorithm: "AES_128" }),
    );
    keyId = String(key.metadata?.keyId);
    const secret = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "imp-db",
        description: "made by hand",
        kmsKeyId: keyId,
        versionPayloadEntries: [{ key: "password", textValue: VALUE }],
      }),
    );
    secretId = String(secret.metadata?.secretId);
    versionId = (await world.raw.secrets.get(secretId)).currentVersion!.id;
    const add = (roleId: string, m: string) => ({
      action: "ADD" as const,
      accessBinding: { roleId, subject: sa(m) },
    });
    await world.raw.awaitOperation(
      await world.raw.secrets.updateAccessBindings(secretId, {
        accessBindingDeltas: [add("lockbox.payloadViewer", reader), add("lockbox.viewer", auditor)],
      }),
    );
    await world.raw.awaitOperation(
      await world.raw.kms.keys.updateAccessBindings(keyId, {
        accessBindingDeltas: [add("kms.keys.encrypterDecrypter", reader), add("kms.viewer", auditor)],
      }),
    );
  });

  /** Every kind with its import id, in dependency order. */
  const imports = () => [
    { type: "lockbox:index:KmsSymmetricKey", name: "key", id: keyId },
    { type: "lockbox:index:Secret", name: "db", id: secretId },
    { type: "lockbox:index:SecretVersion", name: "db-v", id: `${secretId}/${versionId}` },
    { type: "lockbox:index:AccessBinding", name: "viewers", id: `${secretId}/lockbox.payloadViewer` },
    {
      type: "lockbox:index:AccessBindingMember",
      name: "auditor",
      id: `${secretId}/lockbox.viewer/${auditor}`,
    },
    {
      type: "lockbox:index:KmsKeyAccessBinding",
      name: "key-users",
      id: `${keyId}/kms.keys.encrypterDecrypter`,
    },
    {
      type: "lockbox:index:KmsKeyAccessBindingMember",
      name: "key-auditor",
      id: `${keyId}/kms.viewer/${auditor}`,
    },
  ];

  it("a malformed id of each kind fails naming the expected form, with no call to the service", async () => {
    const { stack } = await newStack(world, "import-bad");
    const malformed: [string, string, RegExp][] = [
      ["KmsSymmetricKey", `${keyId}/x`, /expected <keyId> \(no "\/"\)/],
      ["Secret", `${secretId}/`, /expected <secretId> \(no "\/"\)/],
      ["SecretVersion", versionId, /expected <secretId>\/<versionId> \(2 parts joined by "\/"\)/],
      ["AccessBinding", `${secretId}/lockbox.payloadViewer/${reader}`, /expected <secretId>\/<role> /],
      [
        "AccessBindingMember",
        `${secretId}/lockbox.viewer`,
        /expected <secretId>\/<role>\/<member> \(3 parts/,
      ],
      ["KmsKeyAccessBinding", keyId, /expected <keyId>\/<role> \(2 parts/],
      ["KmsKeyAccessBindingMember", `${keyId}//${auditor}`, /expected <keyId>\/<role>\/<member> \(3 parts/],
    ];
    for (const [type, id, form] of malformed) {
      const calls = await world.apiCalls();
      const r = await stack.run(
        ["import", `lockbox:index:${type}`, "x", id, "--yes", "--generate-code=false"],
        {
          allowFailure: true,
        },
      );
      assert.notEqual(r.code, 0, `${type} ${id} is refused`);
      assert.match(r.stdout + r.stderr, form, `${type}: the error names the id form`);
      assert.equal(await world.apiCalls(), calls, `${type}: a malformed id makes no call to the service`);
    }
    assert.deepEqual((await stack.exportStack()).deployment.resources ?? [], [], "nothing entered the state");
  });

  it("an unknown id of each kind fails clearly and changes nothing", async () => {
    const { stack } = await newStack(world, "import-unknown");
    const unknown: [string, string][] = [
      ["KmsSymmetricKey", "abjnosuchkey00000000"],
      ["Secret", "e6qnosuchsecret00000"],
      ["SecretVersion", `${secretId}/e6qnosuchversion0000`],
      ["AccessBinding", "e6qnosuchsecret00000/lockbox.payloadViewer"],
      ["AccessBindingMember", `${secretId}/lockbox.viewer/serviceAccount:ajenosuchaccount0000`],
      ["KmsKeyAccessBinding", "abjnosuchkey00000000/kms.keys.encrypterDecrypter"],
      ["KmsKeyAccessBindingMember", `${keyId}/kms.viewer/serviceAccount:ajenosuchaccount0000`],
    ];
    const before = await world.mutations();
    for (const [type, id] of unknown) {
      const r = await stack.run(
        ["import", `lockbox:index:${type}`, "x", id, "--yes", "--generate-code=false"],
        {
          allowFailure: true,
        },
      );
      assert.notEqual(r.code, 0, `${type} ${id} is refused`);
      assert.match(
        r.stdout + r.stderr,
        /nothing to import: no resource has the id|has no version|not found/i,
        `${type}: the error says the id names nothing`,
      );
      assert.doesNotMatch(r.stdout + r.stderr, /INTERNAL|status 500/, `${type}: not a server fault`);
    }
    assert.equal(await world.mutations(), before, "an unknown id changes nothing in the service");
    assert.deepEqual((await stack.exportStack()).deployment.resources ?? [], []);
  });

  it("in a YAML project, pulumi import prints YAML code that previews no change", async function () {
    requireYamlHost(this);
    const dir = yamlProgram("import", "");
    const stack = await worldStack(world, dir);
    const file = path.join(dir, "imports.json");
    const out = path.join(dir, "generated.yaml");
    // Not the version: its values are secret and never read back into a program.
    fs.writeFileSync(
      file,
      JSON.stringify({ resources: imports().filter((i) => !i.type.endsWith("SecretVersion")) }),
    );
    const before = await world.mutations();
    await stack.run(["import", "--file", file, "--yes", "--protect=false", "--out", out]);
    const code = fs.readFileSync(out, "utf8");
    for (const i of imports().filter((x) => !x.type.endsWith("SecretVersion")))
      assert.match(
        code,
        new RegExp(`type: lockbox:(index:)?${i.type.split(":")[2]}\\n`),
        `the YAML code declares ${i.type}`,
      );
    const project = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${project}${code}`);
    assert.deepEqual(
      changes((await stack.preview({ json: true })).json),
      [],
      "the printed program is the state",
    );
    assert.equal(await world.mutations(), before, "import and preview changed nothing");
    // The stack is removed at cleanup without deleting anything: the next test imports the same resources.
  });

  it("imports all seven kinds from one file; the same program shows no change on preview and up; destroy removes them", async () => {
    const { prog, stack } = await newStack(world, "import-all", { dbPassword: VALUE });
    const file = path.join(prog.dir, "imports.json");
    fs.writeFileSync(file, JSON.stringify({ resources: imports() }));
    const before = await world.mutations();
    const r = await stack.run([
      "import",
      "--file",
      file,
      "--yes",
      "--protect=false",
      "--generate-code=false",
    ]);
    assert.ok(!(r.stdout + r.stderr).includes(VALUE), "import prints no value");
    assert.equal(await world.mutations(), before, "importing changes nothing in the service");
    const state = await stack.exportStack();
    const types = (state.deployment.resources ?? [])
      .map((x) => x.type)
      .filter((t) => t.startsWith("lockbox:index:"));
    assert.deepEqual(
      types.sort(),
      imports()
        .map((i) => i.type)
        .sort(),
    );
    assert.ok(!JSON.stringify(state).includes(VALUE), "no value in plaintext in state");

    prog.write(`
const key = ${res("KmsSymmetricKey", "key", `{ name: "imp-key", defaultAlgorithm: "AES_128" }`)};
const secret = ${res("Secret", "db", `{ name: "imp-db", description: "made by hand", kmsKeyId: key.id }`)};
${res("SecretVersion", "db-v", `{ secretId: secret.id, entries: [{ key: "password", textValue: cfg.requireSecret("dbPassword") }] }`)};
${res("AccessBinding", "viewers", `{ secretId: secret.id, role: "lockbox.payloadViewer", members: [${JSON.stringify(reader)}] }`)};
${res("AccessBindingMember", "auditor", `{ secretId: secret.id, role: "lockbox.viewer", member: ${JSON.stringify(auditor)} }`)};
${res("KmsKeyAccessBinding", "key-users", `{ keyId: key.id, role: "kms.keys.encrypterDecrypter", members: [${JSON.stringify(reader)}] }`)};
${res("KmsKeyAccessBindingMember", "key-auditor", `{ keyId: key.id, role: "kms.viewer", member: ${JSON.stringify(auditor)} }`)};
`);
    const pv = (await stack.preview({ json: true })).json;
    assert.deepEqual(changeKinds(pv), [], "preview: no change");
    await stack.up({ args: ["--expect-no-changes"] });
    assert.equal(await world.mutations(), before, "up of the declared state changes nothing in the service");

    await stack.destroy();
    await assert.rejects(world.raw.secrets.get(secretId), /not found|NOT_FOUND/i);
    await assert.rejects(world.raw.kms.keys.get(keyId), /not found|NOT_FOUND/i);
  });
});
