/**
 * Every example under examples/ runs through the real Pulumi CLI against lockbox-local, on its own
 * fresh stack, and is destroyed afterwards. Each test checks what the example's README promises,
 * and its first `pulumi up` runs with the repository's policy pack (defaults), which must pass.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { NotFoundError } from "../../provider/client";
import { onCleanup } from "../helpers/hooks";
import { createStack, repoRoot, runPulumi, type PulumiResult, type PulumiStack } from "../helpers/pulumi";
import { FOLDER, type LocalWorld } from "../helpers/world";
import { runtime, types } from "../../sdk";
import { loadSettings } from "../../examples/runtime-read/app";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

const example = (name: string) => path.join(repoRoot, "examples", name);
const POLICY_PACK = path.join(repoRoot, "policy");

/**
 * `pulumi up` with the policy pack at its default levels. The engine checks every resource with its
 * resolved inputs before creating it, so a mandatory violation would fail the run; this also checks
 * that the pack ran and reported no mandatory violation.
 */
async function upWithPolicies(stack: PulumiStack): Promise<PulumiResult> {
  const result = await stack.up({ policyPacks: [POLICY_PACK], allowFailure: true });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.code, 0, output.slice(-3000));
  assert.match(output, /lockbox@v0\.1\.0/, "the policy pack ran");
  assert.doesNotMatch(output, /\[mandatory\]/);
  return result;
}

async function exampleStack(
  world: LocalWorld,
  name: string,
  config: Record<string, string>,
  secrets: Record<string, string> = {},
): Promise<PulumiStack> {
  return createStack({
    programDir: example(name),
    config: { "lockbox:endpoint": world.url, "lockbox:folderId": FOLDER, ...config },
    secrets: { "lockbox:token": world.rootToken, ...secrets },
  });
}

/** Applies ADD/REMOVE deltas of `kms.keys.encrypterDecrypter` on a key by hand (the raw REST API, root token). */
async function changeKeyUseByHand(
  world: LocalWorld,
  keyId: string,
  deltas: Array<["ADD" | "REMOVE", string]>,
) {
  await world.raw.awaitOperation(
    await world.raw.kms.keys.updateAccessBindings(keyId, {
      accessBindingDeltas: deltas.map(([action, id]) => ({
        action,
        accessBinding: { roleId: "kms.keys.encrypterDecrypter", subject: { type: "serviceAccount", id } },
      })),
    }),
  );
}

/** The key's bindings as sorted `role type:id` strings. */
async function keyBindings(world: LocalWorld, keyId: string): Promise<string[]> {
  const bindings = await world.raw.kms.keys.listAccessBindings(keyId).toArray();
  return bindings.map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`).sort();
}

/** Every file under `dir` (gzipped CLI logs decompressed), by path. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = fs.readFileSync(file);
    files.set(file, file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes);
  }
  return files;
}

/**
 * Asserts that no file of the stack's own directory (file backend with the checkpoint and its
 * history, PULUMI_HOME with the CLI's logs, the stack config file) holds `value` in plain or base64
 * form. These are channels the CLI does not mask, unlike its console output.
 */
function assertNotInStackFiles(stack: PulumiStack, value: string) {
  const files = filesUnder(stack.workDir);
  // Positive control: the scan read the checkpoint.
  assert.ok(
    [...files.keys()].some((f) => /\/\.pulumi\/stacks\/.+\.json$/.test(f)),
    `the checkpoint is among the scanned files: ${[...files.keys()].join(", ")}`,
  );
  const forms = [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("base64url")];
  for (const [file, bytes] of files) {
    const text = bytes.toString("latin1");
    for (const form of forms) assert.ok(!text.includes(form), `a plaintext value is in ${file}`);
  }
}

async function assertNotInExport(stack: PulumiStack, values: string[]) {
  const exported = JSON.stringify(await stack.exportStack());
  for (const v of values) assert.ok(!exported.includes(v), "a plaintext value is in the stack export");
}

describe("examples through the real engine", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  before(async () => {
    if (!fs.existsSync(path.join(repoRoot, "dist", "policy", "pack.js"))) {
      throw new Error("The policy pack is not built: run `npm run build`.");
    }
  });

  describe("quickstart", () => {
    it("stores the username and the config password in a new version under its own KMS key, with no plaintext in state or the stack's files", async () => {
      const password = "quickstart-pw-0b7e1c";
      const stack = await exampleStack(
        world,
        "quickstart",
        { secretName: "qs-db" },
        { dbPassword: password },
      );
      await upWithPolicies(stack);
      const out = await stack.outputs();
      assert.deepEqual(out.keys, ["username", "password"]);
      assert.match(String(out.kmsKeyId), /^abj/);
      assert.equal((await world.raw.secrets.get(String(out.secretId))).kmsKeyId, out.kmsKeyId);
      const payload = await world.raw.payload.get(String(out.secretId));
      assert.equal(payload.versionId, out.versionId);
      assert.deepEqual(payload.entries, [
        { key: "username", textValue: "app" },
        { key: "password", textValue: password },
      ]);
      // The CLI masks secret config in its console output, so that output proves nothing; the
      // export and the stack's files are not masked. Positive control: the password is in state,
      // encrypted, and `--show-secrets` reveals it.
      const shown = await runPulumi(
        ["stack", "export", "--show-secrets", "--stack", stack.name, "--non-interactive"],
        { cwd: stack.programDir, env: stack.env },
      );
      assert.ok(shown.stdout.includes(password), "the --show-secrets export holds the password");
      await assertNotInExport(stack, [password]);
      assertNotInStackFiles(stack, password);
      await stack.destroy();
      await assert.rejects(world.raw.secrets.get(String(out.secretId)), NotFoundError);
    });
  });

  describe("generated-password", () => {
    it("lets the service generate the password, returns it only as a secret, and rotates only on regenerateOn", async () => {
      const stack = await exampleStack(world, "generated-password", { secretName: "gen-pw" });
      await upWithPolicies(stack);
      const out = await stack.outputs();
      assert.equal(out.password, "[secret]");
      const shown = await stack.outputs({ showSecrets: true });
      const first = await world.raw.payload.get(String(out.secretId));
      assert.equal(first.versionId, out.firstVersionId);
      assert.equal(shown.password, first.entries[0]?.textValue);
      assert.equal(String(shown.password).length, 32);
      assert.doesNotMatch(String(shown.password), /["'`\\]/);
      await assertNotInExport(stack, [String(shown.password)]);

      // A second up without a new rotation value changes nothing.
      const before = await world.mutations();
      await stack.up();
      assert.equal(await world.mutations(), before);

      await stack.setConfig("rotation", "2026-11");
      await stack.up();
      const rotated = await stack.outputs({ showSecrets: true });
      const current = await world.raw.payload.get(String(out.secretId));
      assert.equal(current.versionId, rotated.rotatedVersionId);
      assert.notEqual(current.entries[0]?.textValue, first.entries[0]?.textValue);
      assert.equal(rotated.password, current.entries[0]?.textValue);
      await stack.destroy();
    });
  });

  describe("rotate-version", () => {
    it("adds a version for a new key and schedules the old one for destruction after the pending period", async () => {
      const stack = await exampleStack(
        world,
        "rotate-version",
        { secretName: "vendor", pendingPeriod: "7200s" },
        { apiKey: "vendor-key-one-5d2" },
      );
      await upWithPolicies(stack);
      const first = await stack.outputs();
      await stack.setConfig("apiKey", "vendor-key-two-9a1", { secret: true });
      await stack.up();
      const second = await stack.outputs();
      assert.equal(second.secretId, first.secretId);
      assert.notEqual(second.versionId, first.versionId);
      const versions = await world.raw.secrets.listVersions(String(first.secretId)).toArray();
      const old = versions.find((v) => v.id === first.versionId)!;
      assert.equal(old.status, "SCHEDULED_FOR_DESTRUCTION");
      const pendingMs = Date.parse(old.destroyAt!) - Date.now();
      assert.ok(
        pendingMs > 3_600_000 && pendingMs <= 7_200_000,
        `destroyAt follows the 7200s period (${pendingMs} ms)`,
      );
      assert.equal(
        (await world.raw.payload.get(String(first.secretId))).entries[0]?.textValue,
        "vendor-key-two-9a1",
      );
      await assertNotInExport(stack, ["vendor-key-one-5d2", "vendor-key-two-9a1"]);
      await stack.destroy();
    });
  });

  describe("grant-access", () => {
    it("lets the granted service account read the value with its own key, and nobody else", async () => {
      const reader = await world.serviceAccount("example-reader");
      const other = await world.serviceAccount("example-other");
      const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-key-"));
      onCleanup(() => fs.rmSync(keyDir, { recursive: true, force: true }));
      const keyFile = path.join(keyDir, "reader-key.json");
      fs.writeFileSync(keyFile, JSON.stringify(await world.serviceAccountKey(reader.id)), { mode: 0o600 });

      const stack = await exampleStack(
        world,
        "grant-access",
        {
          secretName: "shared",
          readerServiceAccountId: reader.id,
          auditorMember: `serviceAccount:${other.id}`,
        },
        { token: "shared-token-c0ffee" },
      );
      await upWithPolicies(stack);
      const { secretId, kmsKeyId } = await stack.outputs();

      const keyId = String(kmsKeyId);
      const asReader = runtime.secret(String(secretId), {
        endpoint: world.url,
        serviceAccountKeyFile: keyFile,
      });
      // The program's KmsKeyAccessBinding gave the reader the key role, so its own key opens the value.
      assert.deepEqual(await keyBindings(world, keyId), [
        `kms.keys.encrypterDecrypter serviceAccount:${reader.id}`,
      ]);
      assert.equal((await asReader.latest().access()).asString("token"), "shared-token-c0ffee");

      // The auditor can see metadata but not the payload.
      const asOther = runtime.secret(String(secretId), { endpoint: world.url, iamToken: other.token });
      await assert.rejects(asOther.latest().access(), (e: Error) => /denied|permission/i.test(e.message));

      // Someone moves the key role from the reader to the auditor by hand. The payload role alone
      // does not open a secret under a customer key, and the key role alone does not either.
      await changeKeyUseByHand(world, keyId, [
        ["REMOVE", reader.id],
        ["ADD", other.id],
      ]);
      await assert.rejects(asReader.latest().access(), (e: Error) => /kms\.keys\.use/.test(e.message));
      await assert.rejects(asOther.latest().access(), (e: Error) => /denied|permission/i.test(e.message));
      await asOther.close();

      // The binding is authoritative: `up --refresh` puts the reader back and takes the auditor off.
      await stack.up({ args: ["--refresh"] });
      assert.deepEqual(await keyBindings(world, keyId), [
        `kms.keys.encrypterDecrypter serviceAccount:${reader.id}`,
      ]);
      assert.equal((await asReader.latest().access()).asString("token"), "shared-token-c0ffee");
      await asReader.close();
      const keyBinding = (await stack.exportStack()).deployment.resources?.find(
        (r) => r.type === types.KMS_KEY_ACCESS_BINDING_TYPE,
      );
      assert.equal(keyBinding?.id, `${keyId}/kms.keys.encrypterDecrypter`);
      assert.deepEqual(keyBinding?.outputs?.members, [`serviceAccount:${reader.id}`]);

      const bindings = await world.raw.secrets.listAccessBindings(String(secretId)).toArray();
      assert.deepEqual(bindings.map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`).sort(), [
        `lockbox.auditor serviceAccount:${other.id}`,
        `lockbox.payloadViewer serviceAccount:${reader.id}`,
      ]);
      await stack.destroy();
    });
  });

  describe("runtime-read", () => {
    it("reads the latest version at run time, and the version put() adds", async () => {
      const stack = await exampleStack(
        world,
        "runtime-read",
        { secretName: "settings" },
        { databaseUrl: "postgres://app@db/app" },
      );
      await upWithPolicies(stack);
      const { secretId } = await stack.outputs();
      const opts = { endpoint: world.url, iamToken: world.rootToken };
      const first = await loadSettings(String(secretId), opts);
      assert.equal(first.databaseUrl, "postgres://app@db/app");
      assert.deepEqual(first.featureFlags, ["search", "export"]);

      const ref = runtime.secret(String(secretId), opts);
      const newVersion = await ref.put({ DATABASE_URL: "postgres://app@db2/app", FEATURE_FLAGS: "search" });
      await ref.close();
      const second = await loadSettings(String(secretId), opts);
      assert.deepEqual(second, {
        versionId: newVersion,
        databaseUrl: "postgres://app@db2/app",
        featureFlags: ["search"],
      });
      await stack.destroy();
    });
  });

  describe("output-to-lockbox", () => {
    it("stores another resource's secret outputs as the current version, never in plain text, and follows a new key", async () => {
      const stack = await exampleStack(world, "output-to-lockbox", { secretName: "ci-key" });
      await upWithPolicies(stack);
      const out = await stack.outputs();
      assert.equal(out.secretKey, "[secret]");
      const { secretKey } = await stack.outputs({ showSecrets: true });
      const first = await world.raw.payload.get(String(out.secretId));
      assert.equal(first.versionId, out.versionId);
      assert.deepEqual(first.entries, [
        { key: "access_key", textValue: out.accessKeyId },
        { key: "secret_key", textValue: secretKey },
      ]);
      assert.ok(String(secretKey).length >= 40);
      await assertNotInExport(stack, [String(secretKey)]);
      assertNotInStackFiles(stack, String(secretKey));

      // A new key: a new version with its outputs; the old version is scheduled for destruction.
      await stack.setConfig("keyGeneration", "2");
      await stack.up();
      const next = await stack.outputs({ showSecrets: true });
      assert.notEqual(next.accessKeyId, out.accessKeyId);
      const current = await world.raw.payload.get(String(out.secretId));
      assert.equal(current.versionId, next.versionId);
      assert.deepEqual(current.entries, [
        { key: "access_key", textValue: next.accessKeyId },
        { key: "secret_key", textValue: next.secretKey },
      ]);
      const versions = await world.raw.secrets.listVersions(String(out.secretId)).toArray();
      assert.equal(versions.find((v) => v.id === out.versionId)?.status, "SCHEDULED_FOR_DESTRUCTION");
      await assertNotInExport(stack, [String(next.secretKey), String(secretKey)]);
      await stack.destroy();
    });
  });
});
