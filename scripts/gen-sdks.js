#!/usr/bin/env node
// @ts-check
"use strict";
// npm run sdks: regenerates the Python and Go SDKs (sdk/python, sdk/go) from schema.json with
// `pulumi package gen-sdk` of the repository's own CLI (.tools/bin/pulumi).
//   node scripts/gen-sdks.js           rewrite sdk/python and sdk/go
//   node scripts/gen-sdks.js --check   generate into a temporary directory and fail, naming the files,
//                                      when it differs from the committed SDKs
// gen-sdk asks the language host pulumi-language-<language> to generate the code. The Go module
// proxy does not serve Pulumi's Python and Go hosts, so this script builds tools/pulumi/codegen (the
// code generators of the pinned Pulumi release behind the GeneratePackage call, nothing else) into
// .tools/codegen-bin under both names and puts that directory first on PATH for gen-sdk only. The
// output depends on schema.json, the pinned release and Go module versions alone: the same inputs
// give the same bytes. gen-sdk empties sdk/python and sdk/go first, so nothing hand-written lives
// there (the SDK tests are in test/sdks/).
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { root, pulumiBin, PULUMI_VERSION, pulumiEnv, goEnv } = require("./pulumi-env");

const LANGUAGES = ["python", "go"];
const codegenDir = path.join(root, "tools", "pulumi");
const codegenBin = path.join(root, ".tools", "codegen-bin");

/** @param {string} msg */
const log = (msg) => console.log(`[gen-sdks] ${msg}`);

/**
 * Runs a command; throws with its output when it fails.
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} options
 */
function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`,
    );
  }
  return String(r.stdout ?? "");
}

/** Builds the code-generation host when it is missing or its sources changed. */
function ensureCodegenHost() {
  if (spawnSync("go", ["version"]).status !== 0) {
    throw new Error("`go` is not on PATH: the SDK generator is built from Go modules (Go >= 1.25)");
  }
  const hash = crypto.createHash("sha256");
  for (const f of ["codegen/main.go", "go.mod", "go.sum"])
    hash.update(fs.readFileSync(path.join(codegenDir, f)));
  const stamp = hash.digest("hex");
  const stampFile = path.join(codegenBin, "stamp");
  const python = path.join(codegenBin, "pulumi-language-python");
  const go = path.join(codegenBin, "pulumi-language-go");
  const built = fs.existsSync(python) && fs.existsSync(go) && fs.existsSync(stampFile);
  if (built && fs.readFileSync(stampFile, "utf8") === stamp) return;
  log("building the code-generation host (tools/pulumi/codegen); a cold build takes a few minutes");
  fs.mkdirSync(codegenBin, { recursive: true });
  run("go", ["build", "-trimpath", "-o", python, "./codegen"], {
    cwd: codegenDir,
    env: goEnv(),
    stdio: "inherit",
  });
  fs.copyFileSync(python, go);
  fs.chmodSync(go, 0o755);
  fs.writeFileSync(stampFile, stamp);
}

/**
 * Generates both SDKs into outDir/python and outDir/go.
 * @param {string} outDir
 */
function generate(outDir) {
  if (!fs.existsSync(pulumiBin)) {
    run(process.execPath, [path.join(root, "scripts", "pulumi-build.js")], { stdio: "inherit" });
  }
  ensureCodegenHost();
  const env = pulumiEnv();
  env.PATH = `${codegenBin}${path.delimiter}${env.PATH}`;
  const schema = path.join(root, "schema.json");
  for (const language of LANGUAGES) {
    run(pulumiBin, ["package", "gen-sdk", schema, "--language", language, "-o", outDir], { cwd: root, env });
  }
  // The Go SDK is a module (meta.supportPack in the schema makes gen-sdk write its go.mod). Pin the
  // Pulumi Go SDK of the pinned release and record the checksums, so it builds as committed.
  const goDir = path.join(outDir, "go");
  if (!fs.existsSync(path.join(goDir, "go.mod"))) {
    throw new Error('gen-sdk wrote no sdk/go/go.mod: schema.json needs "meta": { "supportPack": true }');
  }
  run("go", ["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@${PULUMI_VERSION}`], {
    cwd: goDir,
    env: goEnv(),
  });
  run("go", ["mod", "tidy"], { cwd: goDir, env: goEnv() });
}

/**
 * Relative paths of the files under dir, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * The committed SDK files (tracked or new, not ignored: a local `pip install` leaves build output).
 * @param {string} language
 */
function committedFiles(language) {
  const out = run(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "--", `sdk/${language}`],
    {
      cwd: root,
    },
  );
  const prefix = `sdk/${language}/`;
  return out
    .split("\n")
    .filter((f) => f && fs.existsSync(path.join(root, f)))
    .map((f) => f.slice(prefix.length))
    .sort();
}

function check() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-sdks-"));
  try {
    generate(tmp);
    /** @type {string[]} */
    const problems = [];
    for (const language of LANGUAGES) {
      const fresh = filesUnder(path.join(tmp, language));
      const have = committedFiles(language);
      for (const f of fresh.filter((x) => !have.includes(x))) problems.push(`missing: sdk/${language}/${f}`);
      for (const f of have.filter((x) => !fresh.includes(x)))
        problems.push(`not generated: sdk/${language}/${f}`);
      for (const f of fresh.filter((x) => have.includes(x))) {
        const a = fs.readFileSync(path.join(tmp, language, f));
        const b = fs.readFileSync(path.join(root, "sdk", language, f));
        if (!a.equals(b)) problems.push(`differs: sdk/${language}/${f}`);
      }
    }
    if (problems.length > 0) {
      console.error(
        `The committed SDKs differ from what schema.json generates (run \`npm run sdks\`):\n  ${problems.join("\n  ")}`,
      );
      process.exitCode = 1;
    } else {
      log(`sdk/python and sdk/go match schema.json`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  if (process.argv.includes("--check")) check();
  else {
    generate(path.join(root, "sdk"));
    log("wrote sdk/python and sdk/go from schema.json");
  }
} catch (err) {
  console.error(`[gen-sdks] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
