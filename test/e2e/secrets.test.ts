/**
 * "Secrets stay secret", end to end: a realistic program (test/fixtures/secrets-audit) runs through
 * the real Pulumi CLI against a real lockbox-local child process, with every secret value, token
 * and key a unique random marker. After each step the suite looks for every marker, in plain,
 * base64 (every alignment), base64url, hex and raw-byte form, in everything a leak could reach: the
 * stack export, every file of the stack's backend, PULUMI_HOME (with the CLI's own logs), config file
 * and TMPDIR, the CLI's output (also with --diff and at --verbose=8 --logflow), the server's own log
 * output (at trace level) and every file in its data dir (database, WAL), the runtime reader's output,
 * and the command lines of every process started meanwhile. At --verbose=9 the Pulumi engine itself
 * dumps RPC payloads with secrets unwrapped; the suite pins that nothing else prints a value there.
 * Positive controls (`stack export --show-secrets`, the scanner on encoded markers, the list of
 * files read, the process sampler seeing the CLI, language host, program and provider) show each
 * scan can find what it looks for.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "../helpers/hooks";
import { hits, marker, scanFiles, withProcessSampling, type Marker } from "../helpers/leaks";
import {
  createStack,
  fixture,
  runPulumi,
  type PulumiResult,
  type PulumiStack,
  type StackExport,
} from "../helpers/pulumi";
import {
  createServiceAccount,
  createUser,
  setFaults,
  spawnLocalServer,
  TEST_FOLDER,
  type SpawnedServer,
} from "../helpers/server";
import { LockboxClient } from "../../provider/client";

/** Runs the runtime reader (its own node process) and returns its parsed output and transcript. */
function runReader(
  env: NodeJS.ProcessEnv,
): Promise<{ out: { versionId: string; digests: Record<string, string> }; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture(path.join("secrets-audit", "reader.js"))], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`reader exited with ${code}: ${stderr}`));
      try {
        resolve({ out: JSON.parse(stdout) as never, text: stdout + stderr });
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

const sha256 = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
const unique = (label: string) => `audit-${label}-${crypto.randomBytes(18).toString("hex")}`;

describe("secrets stay secret end to end (CLI, state, logs, server files, process args)", function () {
  this.timeout(600_000);

  // The values: text and binary, from secret config and from pulumi.secret (via the job's env).
  const TEXT1 = unique("config-text-1");
  const TEXT2 = unique("config-text-2");
  const BINARY = Buffer.concat([Buffer.from([0, 255, 254, 1]), crypto.randomBytes(44)]);
  const PROGRAM_TEXT = unique("program-text");
  const COMPUTED_TEXT = unique("computed-text");
  /** The KMS key's id, part of the computed entry's value. */
  let keyIdOut = "";
  const PROGRAM_BINARY = Buffer.concat([crypto.randomBytes(40), Buffer.from([0, 10, 13, 34, 92])]);
  const ROOT_TOKEN = `t1.${unique("root-token")}`;

  let server: SpawnedServer;
  let raw: LockboxClient;
  let stack: PulumiStack;
  let tmpDir: string;
  let keyDir: string;
  let deployer: { id: string; token: string; oauthToken: string };
  let reader: { id: string; key: { private_key: string } };
  let keyFile: string;
  let secretId = "";
  let generatedPassword = "";
  /** Everything the CLI and the reader printed. */
  let transcript = "";
  /** Command lines of every process the CLI started during the sampled runs. */
  const cmdlines = new Set<string>();

  const markers: Marker[] = [];
  const valueMarkers = () => markers.filter((m) => m.name.startsWith("value:"));
  const record = (r: PulumiResult) => {
    transcript += `${r.stdout}\n${r.stderr}\n`;
    return r;
  };
  /** Runs `work` with the command lines of the processes it starts sampled. */
  const sampled = async <T>(work: () => Promise<T>): Promise<T> => {
    const { result, cmdlines: seen } = await withProcessSampling(work);
    for (const cmd of seen) cmdlines.add(cmd);
    return result;
  };
  /** Runs a CLI command with its process tree sampled and its output recorded. */
  const cli = async (work: () => Promise<PulumiResult>) => record(await sampled(work));
  /** Environment of the runs after the job switched from the config token to an OAuth token. */
  let runEnv: Record<string, string> = {};
  /** The program's, the server's and the stack's own files. */
  const scannedDirs = () => [stack.workDir, tmpDir, server.dataDir];

  const exportShowingSecrets = async (): Promise<string> => {
    const r = await runPulumi(
      ["stack", "export", "--show-secrets", "--stack", stack.name, "--non-interactive"],
      { cwd: stack.programDir, env: stack.env },
    );
    return r.stdout;
  };

  /**
   * The decrypted export holds no entry value: the version's inputs hold markers (key and origin)
   * and the scrypt hash, decrypted here (which shows the export was decrypted). The generated
   * password is the program's own export, so it is left out.
   */
  const assertNoValueEvenDecrypted = async () => {
    const shown = JSON.parse(await exportShowingSecrets()) as StackExport;
    // Provider resources are left out: the stack's configuration (secret config included) is
    // recorded by Pulumi in the dynamic providers' provider resource, not by this provider.
    const resources = (shown.deployment.resources ?? []).filter(
      (r) => !r.type.startsWith("pulumi:providers:"),
    );
    const text = JSON.stringify(resources);
    const entryMarkers = valueMarkers().filter((m) => m.name !== "value:generatedPassword");
    assert.deepEqual(hits(entryMarkers, text), []);
    if (resources.some((r) => r.type.endsWith("SecretVersion")))
      assert.match(text, /"scrypt\$ln=14,r=8,p=1\$/);
    assert.doesNotMatch(text, /"(textValue|binaryValue)"/);
  };

  before(async () => {
    server = await spawnLocalServer({
      env: { LOCKBOX_LOCAL_ROOT_TOKEN: ROOT_TOKEN, LOCKBOX_LOCAL_LOG_LEVEL: "trace" },
    });
    raw = new LockboxClient({ endpoint: server.url, iamToken: ROOT_TOKEN, operationPollInterval: 5 });
    onCleanup(() => raw.close());
    deployer = await createUser(server, { name: "deployer", roles: ["admin"] });
    reader = await createServiceAccount(server, {
      name: "reader",
      roles: ["kms.keys.encrypterDecrypter"],
    });
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-audit-key-"));
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-audit-tmp-"));
    onCleanup(() => {
      fs.rmSync(keyDir, { recursive: true, force: true });
      fs.rmSync(tmpDir, { recursive: true, force: true });
    });
    keyFile = path.join(keyDir, "reader-key.json");
    fs.writeFileSync(keyFile, JSON.stringify(reader.key), { mode: 0o600 });

    markers.push(
      marker("value:configText1", TEXT1),
      marker("value:configText2", TEXT2),
      marker("value:configBinary", BINARY),
      marker("value:programText", PROGRAM_TEXT),
      marker("value:programBinary", PROGRAM_BINARY),
      marker("value:computedText", COMPUTED_TEXT),
      marker("credential:rootToken", ROOT_TOKEN),
      marker("credential:deployerIamToken", deployer.token),
      marker("credential:deployerOauthToken", deployer.oauthToken),
    );
    // The private key: its whole PEM and each 64-character body line (any one would betray it).
    const pem = reader.key.private_key;
    markers.push(marker("credential:readerPrivateKey", pem));
    const body = pem.split("\n").filter((l) => l.length === 64);
    assert.ok(body.length > 10, "the private key has a PEM body");
    body.forEach((line, i) =>
      markers.push({
        name: `credential:readerPrivateKey line ${i}`,
        needles: [{ form: "raw", bytes: Buffer.from(line) }],
      }),
    );

    stack = await createStack({
      programDir: fixture("secrets-audit"),
      config: {
        "lockbox:endpoint": server.url,
        "lockbox:folderId": TEST_FOLDER,
        secretName: "audit-app",
        readerId: reader.id,
      },
      secrets: {
        "lockbox:token": deployer.token,
        textValue: TEXT1,
        binaryValue: BINARY.toString("base64"),
      },
      env: {
        SECRETS_AUDIT_PROGRAM_TEXT: PROGRAM_TEXT,
        SECRETS_AUDIT_PROGRAM_BINARY: PROGRAM_BINARY.toString("base64"),
        SECRETS_AUDIT_COMPUTED_TEXT: COMPUTED_TEXT,
        TMPDIR: tmpDir,
      },
    });
  });

  it("the scanner finds every marker in plain, base64 at any offset, base64url and hex form", () => {
    const m = marker("probe", PROGRAM_BINARY);
    for (const prefix of ["", "x", "xy", "xyz"]) {
      const b64 = Buffer.concat([Buffer.from(prefix), PROGRAM_BINARY]).toString("base64");
      assert.deepEqual(hits([m], `{"v":"${b64}"}`).length > 0, true, `base64 after ${prefix.length} bytes`);
      const url = Buffer.concat([Buffer.from(prefix), PROGRAM_BINARY]).toString("base64url");
      assert.ok(hits([m], url).length > 0, `base64url after ${prefix.length} bytes`);
    }
    assert.ok(hits([m], `..${PROGRAM_BINARY.toString("hex").toUpperCase()}..`).length > 0, "hex");
    assert.ok(hits([m], Buffer.concat([Buffer.from("a"), PROGRAM_BINARY, Buffer.from("b")])).length > 0);
    // As Go writes a secret's "plaintext" (a JSON string holding JSON, & escaped as \u0026).
    const tricky = `x&y"z\\w${TEXT1}`;
    const goInGo = JSON.stringify(JSON.stringify(tricky).replace(/&/g, "\\u0026"));
    assert.ok(hits([marker("tricky", tricky)], goInGo).length > 0, "Go-escaped JSON in JSON");
    assert.deepEqual(hits(markers, `${TEXT1.slice(0, 20)} unrelated text`), []);
  });

  it("up creates the key, the KMS secret, its version, the binding and the generated secret", async () => {
    // --diff prints every input of every step: secret inputs must show as [secret].
    await cli(() => stack.up({ args: ["--diff"] }));
    const out = await stack.outputs();
    secretId = String(out.secretId);
    keyIdOut = String(out.keyId);
    assert.equal(out.generatedPassword, "[secret]");

    const secret = await raw.secrets.get(secretId);
    assert.equal(secret.kmsKeyId, out.keyId);
    const payload = await raw.payload.get(secretId);
    assert.equal(payload.versionId, out.versionId);
    const byKey = Object.fromEntries(payload.entries.map((e) => [e.key, e.textValue ?? e.binaryValue]));
    assert.deepEqual(byKey, {
      configText: TEXT1,
      configBinary: BINARY.toString("base64"),
      programText: PROGRAM_TEXT,
      programBinary: PROGRAM_BINARY.toString("base64"),
      computedText: `${COMPUTED_TEXT}:${keyIdOut}`,
    });
    const bindings = await raw.secrets.listAccessBindings(secretId).toArray();
    assert.deepEqual(
      bindings.map((b) => [b.roleId, b.subject.type, b.subject.id]),
      [["lockbox.payloadViewer", "serviceAccount", reader.id]],
    );

    const shown = await stack.outputs({ showSecrets: true });
    const generated = await raw.payload.get(String(out.generatedSecretId));
    generatedPassword = String(generated.entries[0]?.textValue);
    assert.equal(generatedPassword.length, 48);
    assert.equal(shown.generatedPassword, generatedPassword);
    markers.push(marker("value:generatedPassword", generatedPassword));
  });

  it("`stack export --show-secrets` holds no entry value, only markers and the scrypt hash", async () => {
    await assertNoValueEvenDecrypted();
    // Positive control: the generated password, which the program exports itself, is decrypted there.
    const found = hits(valueMarkers(), await exportShowingSecrets());
    assert.ok(
      found.some((h) => h.startsWith("value:generatedPassword ")),
      found.join(", "),
    );
    assert.deepEqual(hits(markers, JSON.stringify(await stack.exportStack())), []);
  });

  it("the serialized dynamic providers in state hold no credential, endpoint or value", async () => {
    const state: StackExport = await stack.exportStack();
    const providers = (state.deployment.resources ?? [])
      .map((r) => (r.outputs ?? {}).__provider)
      .filter((p): p is string => typeof p === "string");
    // key, secret, version, binding, generated secret
    assert.ok(providers.length >= 5, `found ${providers.length} serialized providers`);
    const port = new URL(server.url).port;
    for (const text of providers) {
      assert.deepEqual(hits(markers, text), []);
      assert.ok(!text.includes(server.url) && !text.includes(`:${port}`), "the endpoint is in __provider");
    }
  });

  it("the runtime reader (own process, service-account key file) reads the values and prints none", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("YC_") || k.startsWith("LOCKBOX_")) delete env[k];
    Object.assign(env, {
      LOCKBOX_ENDPOINT: server.url,
      YC_SERVICE_ACCOUNT_KEY_FILE: keyFile,
      SECRETS_AUDIT_SECRET_ID: secretId,
    });
    const { out, text } = await sampled(() => runReader(env));
    transcript += text;
    assert.deepEqual(out.digests, {
      configText: sha256(TEXT1),
      configBinary: sha256(BINARY),
      programText: sha256(PROGRAM_TEXT),
      programBinary: sha256(PROGRAM_BINARY),
      computedText: sha256(Buffer.from(`${COMPUTED_TEXT}:${keyIdOut}`)),
    });
    assert.deepEqual(hits(markers, text), []);
  });

  it("no marker in the backend, PULUMI_HOME, config file, TMPDIR or server data dir after up", () => {
    const { found, files, gunzipped } = scanFiles(markers, scannedDirs());
    // Positive controls: the scan read the checkpoint, its history, the CLI's own logs (also the
    // compressed ones, decompressed) and the server's database with its write-ahead log.
    for (const [what, re] of [
      ["the checkpoint", /\/\.pulumi\/stacks\/secrets-audit\/[^/]+\.json$/],
      ["the update history", /\/\.pulumi\/history\/secrets-audit\/.+\.checkpoint\.json$/],
      ["the CLI logs in PULUMI_HOME", /\/home\/logs\/.+\.log$/],
      ["the stack config file", /\/Pulumi\.[^/]+\.yaml$/],
      ["the server database", /\/lockbox\.db$/],
      ["the server write-ahead log", /\/lockbox\.db-wal$/],
    ] as const)
      assert.ok(
        files.some((f) => re.test(f)),
        `scanned ${what} (files: ${files.map((f) => path.basename(f)).join(", ")})`,
      );
    assert.ok(
      gunzipped.some((t) => t.includes('"Command":"pulumi config set"')),
      "decompressed the CLI's own log of `config set`",
    );
    assert.deepEqual(found, []);
  });

  it("preview and refresh change nothing and print no marker", async () => {
    const preview = await cli(() => stack.preview({ json: true, args: ["--diff"] }));
    const steps = ((preview.json as { steps?: { op: string }[] }).steps ?? []).map((s) => s.op);
    assert.deepEqual([...new Set(steps)], ["same"]);
    await cli(() => stack.refresh());
    assert.deepEqual(hits(markers, transcript), []);
    await assertNoValueEvenDecrypted();
  });

  it("a preview at --verbose=8 --logflow (engine and plugin debug logs) prints no marker", async () => {
    const r = await cli(() => stack.preview({ args: ["--verbose=8", "--logtostderr", "--logflow"] }));
    const text = `${r.stdout}\n${r.stderr}`;
    assert.ok(text.split("\n").length > 200, "the debug log was printed");
    assert.deepEqual(hits(markers, text), []);
  });

  it("at --verbose=9 only the engine's own RPC property dumps print values (upstream Pulumi)", async () => {
    // Pulumi's engine logs every marshaled RPC property at V(9), secrets unwrapped
    // (sdk/go/common/resource/plugin/rpc.go: "Marshaling property for RPC[...]"), so a --verbose=9
    // log holds plaintext whatever the provider does. This test pins that nothing else does: no
    // line from our language host, dynamic provider, program or the CLI's other logging.
    const r = await sampled(() => stack.preview({ args: ["--verbose=9", "--logtostderr", "--logflow"] }));
    const lines = `${r.stdout}\n${r.stderr}`.split("\n");
    const engineDump = /\b(Unm|M)arshaling property for RPC\[/;
    const leaking = lines.filter((l) => hits(markers, l).length > 0);
    assert.ok(leaking.length > 0, "the engine's V(9) dumps are present (positive control)");
    const other = leaking.filter((l) => !engineDump.test(l));
    assert.deepEqual(
      other.map(
        (l) => `${hits(markers, l).join(", ")} in a line starting ${JSON.stringify(l.slice(0, 100))}`,
      ),
      [],
    );
  });

  it("an entries change (new secret config, OAuth token from the environment) replaces the version", async () => {
    const before = await stack.outputs();
    // `config set --secret` reads the value from stdin (sampled: it is in no process's arguments).
    await sampled(() => stack.setConfig("textValue", TEXT2, { secret: true }));
    // The job switches to an OAuth token in YC_TOKEN: the token leaves the stack config.
    await cli(() => stack.run(["config", "rm", "lockbox:token"]));
    runEnv = { YC_TOKEN: deployer.oauthToken };
    await cli(() => stack.up({ env: runEnv, args: ["--diff"] }));
    const after = await stack.outputs();
    assert.notEqual(after.versionId, before.versionId);
    const payload = await raw.payload.get(secretId);
    assert.equal(payload.versionId, after.versionId);
    assert.equal(payload.entries.find((e) => e.key === "configText")?.textValue, TEXT2);
    assert.deepEqual(hits(markers, transcript), []);
    await assertNoValueEvenDecrypted();
  });

  it("a bad secret value fails with a clear error that does not echo it, and changes nothing", async () => {
    // From the job's environment, not from stack config: the CLI masks known config secrets in
    // what it prints, which would hide an echo of the value by the provider.
    const BAD = `not base64 ${unique("bad-binary")}`;
    markers.push(marker("value:badBinary", BAD));
    const mutations = (await server.stats()).mutations;
    const current = (await raw.payload.get(secretId)).versionId;
    const r = await cli(() =>
      stack.up({ env: { ...runEnv, SECRETS_AUDIT_PROGRAM_BINARY: BAD }, allowFailure: true }),
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /entries\[3\]\.binaryValue.*binaryValue must be base64/);
    assert.equal((await server.stats()).mutations, mutations);
    assert.equal((await raw.payload.get(secretId)).versionId, current);
    assert.deepEqual(hits(markers, transcript), []);
  });

  it("a server failure while adding a version prints an error without values and stores none", async () => {
    const FAILED = unique("failed-program-text");
    markers.push(marker("value:failedProgramText", FAILED));
    const current = (await raw.payload.get(secretId)).versionId;
    // Every mutation answers 503 until the faults are cleared: the provider retries, then gives up.
    await setFaults(server, { unavailable: 1, only: "mutations" });
    let r: PulumiResult;
    try {
      r = await cli(() =>
        stack.up({ env: { ...runEnv, SECRETS_AUDIT_PROGRAM_TEXT: FAILED }, allowFailure: true }),
      );
    } finally {
      await setFaults(server, { unavailable: 0 });
    }
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /unavailable|503/i);
    assert.equal((await raw.payload.get(secretId)).versionId, current);
    assert.deepEqual(hits(markers, JSON.stringify(await stack.exportStack())), []);
    assert.deepEqual(hits(markers, transcript), []);
    await assertNoValueEvenDecrypted();
    // The next up, without the fault, adds the version the failed one would have.
    await cli(() => stack.up({ env: { ...runEnv, SECRETS_AUDIT_PROGRAM_TEXT: FAILED } }));
    const payload = await raw.payload.get(secretId);
    assert.notEqual(payload.versionId, current);
    assert.equal(payload.entries.find((e) => e.key === "programText")?.textValue, FAILED);
    assert.deepEqual(hits(markers, transcript), []);
    await assertNoValueEvenDecrypted();
  });

  it("destroy removes everything and prints no marker", async () => {
    await cli(() => stack.destroy({ env: runEnv }));
    await assert.rejects(raw.secrets.get(secretId), /not found|NOT_FOUND/i);
    assert.deepEqual((await stack.exportStack()).deployment.resources ?? [], []);
    assert.deepEqual(hits(markers, transcript), []);
    await assertNoValueEvenDecrypted();
  });

  it("no process the CLI started had a marker in its arguments", () => {
    const all = [...cmdlines.values()];
    // The sampler saw the CLI, the language host, the program and the dynamic provider.
    for (const [what, re] of [
      ["the CLI", /\.tools\/bin\/pulumi up /],
      ["`config set --secret`", /\.tools\/bin\/pulumi config set --secret /],
      ["the language host", /tools\/language-host\/main\.js /],
      ["the program", /@pulumi\/pulumi\/cmd\/run\/index\.js /],
      ["the dynamic provider", /@pulumi\/pulumi\/cmd\/dynamic-provider\/index\.js /],
    ] as const)
      assert.ok(
        all.some((c) => re.test(c)),
        `the sampler saw ${what}`,
      );
    const found = all.flatMap((c) => hits(markers, c).map((h) => `${c.slice(0, 80)}: ${h}`));
    assert.deepEqual(found, []);
  });

  it("no marker in the server's log output or in any file it or the CLI left, after it stops", async () => {
    // Positive control: the log has a line for each request, e.g. the payload reads of the secret.
    assert.ok(
      server.output().includes(`/lockbox/v1/secrets/${secretId}/payload`),
      "the server logged requests",
    );
    assert.deepEqual(hits(markers, server.output()), []);
    await server.close();
    const { found, files } = scanFiles(markers, scannedDirs());
    assert.ok(files.length > 10, `scanned ${files.length} files`);
    assert.deepEqual(found, []);
  });
});
