/**
 * The Lockbox resources through the real engine: real
 * `pulumi up/preview/refresh/destroy` of JavaScript programs against a real lockbox-local. Each
 * describe block works on a fresh stack; after each step the test compares `pulumi stack export`
 * with the server and scans the export and the CLI output for the plaintext values.
 */
import * as assert from "node:assert/strict";
import { NotFoundError } from "../../provider/client";
import { type PulumiResult, type PulumiStack } from "../helpers/pulumi";
import { lockboxResources, newStack, type programDir } from "../helpers/stack";
import { FOLDER, type LocalWorld } from "../helpers/world";
import * as types from "../../sdk/types";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

/** Everything the CLI printed in this stack's runs, for the plaintext scan. */
class Transcript {
  text = "";
  add(r: PulumiResult): PulumiResult {
    this.text += r.stdout + "\n" + r.stderr + "\n";
    return r;
  }
}

/** Asserts that neither the export nor the CLI output holds any of `values`. */
async function assertNoPlaintext(stack: PulumiStack, transcript: Transcript, values: string[]) {
  const exported = JSON.stringify(await stack.exportStack());
  for (const v of values) {
    assert.ok(!exported.includes(v), "a plaintext value is in the stack export");
    assert.ok(!transcript.text.includes(v), "a plaintext value is in the CLI output");
  }
}

/**
 * Compares every Lockbox resource in the stack export with what the server holds: secrets (name,
 * labels, status, protection, KMS key), versions (status, keys), bindings (members), keys.
 */
async function assertStateMatchesServer(world: LocalWorld, stack: PulumiStack) {
  const state = await stack.exportStack();
  for (const r of state.deployment.resources ?? []) {
    const o = (r.outputs ?? {}) as Record<string, unknown>;
    const where = `${r.type} ${r.id}`;
    if (r.type === types.SECRET_TYPE) {
      const s = await world.raw.secrets.get(r.id!);
      assert.deepEqual(
        [o.name ?? "", o.labels ?? {}, o.status, o.deletionProtection ?? false, o.kmsKeyId ?? ""],
        [s.name ?? "", s.labels ?? {}, s.status, s.deletionProtection ?? false, s.kmsKeyId ?? ""],
        where,
      );
    } else if (r.type === types.SECRET_VERSION_TYPE) {
      const versions = await world.raw.secrets.listVersions(String(o.secretId)).toArray();
      const v = versions.find((x) => x.id === r.id);
      assert.deepEqual([o.status, o.payloadEntryKeys], [v?.status, v?.payloadEntryKeys], where);
    } else if (r.type === types.ACCESS_BINDING_TYPE) {
      const bindings = await world.raw.secrets.listAccessBindings(String(o.secretId)).toArray();
      const members = bindings
        .filter((b) => b.roleId === o.role)
        .map((b) => `${b.subject.type}:${b.subject.id}`);
      assert.deepEqual([...(o.members as string[])].sort(), members.sort(), where);
    } else if (r.type === types.KMS_SYMMETRIC_KEY_TYPE) {
      assert.equal((await world.raw.kms.keys.get(r.id!)).status, o.status, where);
    }
  }
}

describe("Lockbox resources through the real engine", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  describe("a secret, a version and a binding on one stack", () => {
    const FIRST = "e2e-first-password-8c1d";
    const SECOND = "e2e-second-password-44f0";
    let stack: PulumiStack;
    let prog: ReturnType<typeof programDir>;
    const transcript = new Transcript();
    let reader: { id: string; token: string };
    let secretId = "";
    let firstVersionId = "";

    const program = (opts: { name: string; env: string; passwordKey: string; kms?: boolean }) => `
const key = ${opts.kms ? 'new lockbox.KmsSymmetricKey("key", { name: "e2e-key" })' : "undefined"};
const secret = new lockbox.Secret("app", {
  name: ${JSON.stringify(opts.name)},
  labels: { env: ${JSON.stringify(opts.env)} },
  kmsKeyId: key ? key.id : undefined,
});
const version = new lockbox.SecretVersion("app-v", {
  secretId: secret.id,
  entries: [{ key: "user", textValue: "admin" }, { key: "password", textValue: cfg.requireSecret(${JSON.stringify(opts.passwordKey)}) }],
  destructionPendingPeriod: "3600s",
});
new lockbox.AccessBinding("readers", { secretId: secret.id, role: "lockbox.payloadViewer", members: [\`serviceAccount:\${cfg.require("readerId")}\`] });
exports.secretId = secret.id;
exports.versionId = version.versionId;
exports.status = secret.status;
exports.keyId = key ? key.id : "";
`;

    afterEach(async () => {
      await assertStateMatchesServer(world, stack);
      await assertNoPlaintext(stack, transcript, [FIRST, SECOND]);
    });

    before(async () => {
      reader = await world.serviceAccount("e2e-reader");
      ({ prog, stack } = await newStack(world, "main", { first: FIRST, second: SECOND }));
      await stack.setConfig("readerId", reader.id);
    });

    it("previews the creation with unknown ids and zero API mutations", async () => {
      prog.write(program({ name: "e2e-app", env: "dev", passwordKey: "first" }));
      const before = await world.mutations();
      const r = transcript.add(await stack.preview({ json: true }));
      const steps = (r.json as { steps?: Array<{ op: string; urn: string }> }).steps ?? [];
      const creates = steps.filter((st) => st.op === "create").map((st) => st.urn.split("::").pop());
      assert.deepEqual(creates.sort(), ["app", "app-v", `lockbox-e2e-main-${stack.name}`, "readers"].sort());
      assert.equal(await world.mutations(), before);
    });

    it("creates the secret, the version and the binding", async () => {
      transcript.add(await stack.up());
      const out = await stack.outputs();
      secretId = String(out.secretId);
      firstVersionId = String(out.versionId);
      const s = await world.raw.secrets.get(secretId);
      assert.deepEqual(
        [s.name, s.labels, s.status, s.currentVersion?.id],
        ["e2e-app", { env: "dev" }, "ACTIVE", firstVersionId],
      );
      const payload = await world.raw.payload.get(secretId);
      assert.deepEqual(payload.entries, [
        { key: "user", textValue: "admin" },
        { key: "password", textValue: FIRST },
      ]);
      const bindings = await world.raw.secrets.listAccessBindings(secretId).toArray();
      assert.deepEqual(
        bindings.map((b) => [b.roleId, b.subject.id]),
        [["lockbox.payloadViewer", reader.id]],
      );
    });

    it("records real type names and matches the server in the stack export, with no plaintext", async () => {
      const state = await stack.exportStack();
      const [secret] = lockboxResources(state.deployment.resources, types.SECRET_TYPE);
      const [version] = lockboxResources(state.deployment.resources, types.SECRET_VERSION_TYPE);
      const [binding] = lockboxResources(state.deployment.resources, types.ACCESS_BINDING_TYPE);
      assert.equal(secret?.id, secretId);
      assert.equal(version?.id, firstVersionId);
      assert.equal(binding?.id, `${secretId}/lockbox.payloadViewer`);
      assert.equal(version?.outputs?.versionId, (await world.raw.secrets.get(secretId)).currentVersion?.id);
      assert.equal(version?.outputs?.status, "ACTIVE");
      assert.deepEqual(secret?.outputs?.labels, (await world.raw.secrets.get(secretId)).labels);
      assert.deepEqual(version?.outputs?.payloadEntryKeys, ["user", "password"]);
      assert.deepEqual(version?.outputs?.entrySources, { user: "plaintext", password: "secret" });
      assert.ok(!("entries" in (version?.outputs ?? {})), "outputs hold no entries");
      assert.equal(typeof version?.outputs?.valuesHash, "object", "valuesHash is stored encrypted");
      await assertNoPlaintext(stack, transcript, [FIRST]);
    });

    it("previews no change with zero mutating API calls", async () => {
      const before = await world.mutations();
      const r = transcript.add(await stack.preview({ json: true }));
      const summary = (r.json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
      assert.deepEqual(
        Object.keys(summary).filter((k) => k !== "same"),
        [],
      );
      assert.equal(await world.mutations(), before);
    });

    it("updates name and labels in place, keeping the secret id", async () => {
      prog.write(program({ name: "e2e-app-renamed", env: "prod", passwordKey: "first" }));
      transcript.add(await stack.up());
      const out = await stack.outputs();
      assert.equal(out.secretId, secretId);
      assert.equal(out.versionId, firstVersionId);
      const s = await world.raw.secrets.get(secretId);
      assert.deepEqual([s.name, s.labels], ["e2e-app-renamed", { env: "prod" }]);
    });

    it("replaces the version when a value changes and schedules the old one for destruction", async () => {
      prog.write(program({ name: "e2e-app-renamed", env: "prod", passwordKey: "second" }));
      transcript.add(await stack.up());
      const out = await stack.outputs();
      assert.notEqual(out.versionId, firstVersionId);
      const versions = await world.raw.secrets.listVersions(secretId).toArray();
      const old = versions.find((v) => v.id === firstVersionId);
      assert.equal(old?.status, "SCHEDULED_FOR_DESTRUCTION");
      assert.equal((await world.raw.payload.get(secretId)).entries[1]?.textValue, SECOND);
      await assertNoPlaintext(stack, transcript, [FIRST, SECOND]);
    });

    it("shows drift made through the raw API on refresh, and the next up restores the program's values", async () => {
      await world.raw.awaitOperation(
        await world.raw.secrets.update(secretId, { updateMask: "labels", labels: { env: "hand-edited" } }),
      );
      const intruder = await world.serviceAccount("e2e-intruder");
      await world.raw.awaitOperation(
        await world.raw.secrets.updateAccessBindings(secretId, {
          accessBindingDeltas: [
            {
              action: "ADD",
              accessBinding: {
                roleId: "lockbox.payloadViewer",
                subject: { type: "serviceAccount", id: intruder.id },
              },
            },
          ],
        }),
      );
      transcript.add(await stack.refresh());
      const state = await stack.exportStack();
      const [secret] = lockboxResources(state.deployment.resources, types.SECRET_TYPE);
      const [binding] = lockboxResources(state.deployment.resources, types.ACCESS_BINDING_TYPE);
      assert.deepEqual(secret?.outputs?.labels, { env: "hand-edited" });
      assert.deepEqual(binding?.outputs?.members, [
        `serviceAccount:${reader.id}`,
        `serviceAccount:${intruder.id}`,
      ]);
      const [version] = lockboxResources(state.deployment.resources, types.SECRET_VERSION_TYPE);
      assert.equal(typeof version?.outputs?.valuesHash, "object", "valuesHash stays encrypted after refresh");

      transcript.add(await stack.up());
      assert.deepEqual((await world.raw.secrets.get(secretId)).labels, { env: "prod" });
      const bindings = await world.raw.secrets.listAccessBindings(secretId).toArray();
      assert.deepEqual(
        bindings.map((b) => b.subject.id),
        [reader.id],
      );
    });

    it("replaces the secret when its KMS key changes, deleting the same-named old one first", async () => {
      prog.write(program({ name: "e2e-app-renamed", env: "prod", passwordKey: "second", kms: true }));
      transcript.add(await stack.up());
      const out = await stack.outputs();
      assert.notEqual(out.secretId, secretId);
      await assert.rejects(world.raw.secrets.get(secretId), (e: Error) => /not found/i.test(e.message));
      secretId = String(out.secretId);
      const s = await world.raw.secrets.get(secretId);
      assert.deepEqual([s.name, s.kmsKeyId], ["e2e-app-renamed", out.keyId]);
      assert.equal((await world.raw.payload.get(secretId)).entries[1]?.textValue, SECOND);
      const bindings = await world.raw.secrets.listAccessBindings(secretId).toArray();
      assert.deepEqual(
        bindings.map((b) => b.subject.id),
        [reader.id],
      );
      const state = await stack.exportStack();
      const ids = lockboxResources(state.deployment.resources, types.SECRET_TYPE).map((r) => r.id);
      assert.deepEqual(ids, [secretId], "only the new secret is in state");
    });

    it("destroys everything it created", async () => {
      transcript.add(await stack.destroy());
      await assert.rejects(world.raw.secrets.get(secretId), (e: Error) => /not found/i.test(e.message));
      const state = await stack.exportStack();
      const left = (state.deployment.resources ?? []).filter((r) =>
        r.type.startsWith("pulumi-nodejs:dynamic/lockbox:"),
      );
      assert.deepEqual(left, []);
      const keys = await world.raw.kms.keys.list({ folderId: FOLDER }).toArray();
      assert.ok(!keys.some((k) => k.name === "e2e-key"), "the KMS key is deleted too");
      await assertNoPlaintext(stack, transcript, [FIRST, SECOND]);
    });
  });

  describe("a version across refreshes and input removals", () => {
    const program = (entries: string[], period: boolean) => `
const secret = new lockbox.Secret("s", { name: "e2e-reorder" });
const version = new lockbox.SecretVersion("v", {
  secretId: secret.id,
  entries: ${JSON.stringify(entries.map((k) => ({ key: k, textValue: `value-of-${k}` })))},
  ${period ? 'destructionPendingPeriod: "3600s",' : ""}
});
exports.secretId = secret.id;
exports.versionId = version.versionId;
`;

    it("keeps a version whose keys the service lists in another order through up --refresh, and forgets a removed pending period", async () => {
      const { prog, stack } = await newStack(world, "reorder");
      prog.write(program(["y"], true));
      await stack.up();
      // The service keeps the current version's keys first and appends new ones: [y, x].
      prog.write(program(["x", "y"], true));
      await stack.up();
      const { secretId, versionId } = await stack.outputs();
      const versions = await world.raw.secrets.listVersions(String(secretId)).toArray();
      assert.deepEqual(versions.find((v) => v.id === versionId)?.payloadEntryKeys, ["y", "x"]);

      await stack.up({ args: ["--refresh"] });
      assert.equal((await stack.outputs()).versionId, versionId, "no new version after a refresh");
      assert.equal((await world.raw.secrets.listVersions(String(secretId)).toArray()).length, 2);

      prog.write(program(["x", "y"], false));
      await stack.up();
      const r = await stack.preview({ json: true });
      const summary = (r.json as { changeSummary?: Record<string, number> }).changeSummary ?? {};
      assert.deepEqual(
        Object.keys(summary).filter((k) => k !== "same"),
        [],
        "no diff once destructionPendingPeriod is removed",
      );
      await assertStateMatchesServer(world, stack);
    });
  });

  describe("failure paths leave state and server consistent", () => {
    it("rejects an invalid label before any API call and records nothing", async () => {
      const { prog, stack } = await newStack(world, "badlabel");
      prog.write(`new lockbox.Secret("bad", { name: "bad-label", labels: { "Not Valid": "x" } });`);
      const before = await world.apiCalls();
      const r = await stack.up({ allowFailure: true });
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, /labels\.Not Valid/);
      assert.equal(await world.apiCalls(), before);
      const state = await stack.exportStack();
      assert.equal(lockboxResources(state.deployment.resources, types.SECRET_TYPE).length, 0);
    });

    it("fails with permission denied for a token without roles, creating nothing on either side", async () => {
      const nobody = await world.serviceAccount("e2e-nobody");
      const { prog, stack } = await newStack(world, "denied");
      await stack.setConfig("lockbox:token", nobody.token, { secret: true });
      prog.write(`new lockbox.Secret("denied", { name: "e2e-denied" });`);
      const r = await stack.up({ allowFailure: true });
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, /PERMISSION_DENIED|[Pp]ermission denied/);
      assert.ok(!(r.stdout + r.stderr).includes(nobody.token), "the token is not printed");
      const names = (await world.raw.secrets.list({ folderId: FOLDER }).toArray()).map((s) => s.name);
      assert.ok(!names.includes("e2e-denied"));
      const state = await stack.exportStack();
      assert.equal(lockboxResources(state.deployment.resources, types.SECRET_TYPE).length, 0);
    });

    it("refuses to delete a protected secret, naming deletionProtection, and keeps it in state and on the server", async () => {
      const { prog, stack } = await newStack(world, "protected");
      prog.write(
        `exports.id = new lockbox.Secret("keep", { name: "e2e-protected", deletionProtection: true }).id;`,
      );
      await stack.up();
      const id = String((await stack.outputs()).id);
      prog.write("");
      const r = await stack.up({ allowFailure: true });
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, /deletionProtection/);
      assert.equal((await world.raw.secrets.get(id)).status, "ACTIVE");
      await assertStateMatchesServer(world, stack);
      const state = await stack.exportStack();
      assert.equal(lockboxResources(state.deployment.resources, types.SECRET_TYPE)[0]?.id, id);

      prog.write(
        `exports.id = new lockbox.Secret("keep", { name: "e2e-protected", deletionProtection: false }).id;`,
      );
      await stack.up();
      await stack.destroy();
      await assert.rejects(world.raw.secrets.get(id), NotFoundError);
    });
  });
});
