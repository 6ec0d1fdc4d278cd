#!/usr/bin/env node
// @ts-check
"use strict";
// npm run test:sdks (and `npm test`, through scripts/test.js): the Python and Go SDKs.
//   1. sdk/python and sdk/go are what schema.json generates (scripts/gen-sdks.js --check);
//   2. Python: a virtual environment in .tools/venv (the `pulumi` SDK of the pinned release and
//      pytest, from PyPI), `pip install ./sdk/python`, pytest on test/sdks/python;
//   3. the wheel builds (`pip wheel ./sdk/python`) and imports in a clean virtual environment;
//   4. Go: `go vet` of sdk/go, `go test` of test/sdks/go and examples/go (modules from the proxy).
// Each pytest or go test case counts as one test, each other step as one check. The last line is
// "N passed, N failed". A missing python3 or go is a failure that says so.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { root, PULUMI_VERSION, goEnv } = require("./pulumi-env");

const venv = path.join(root, ".tools", "venv");
const venvPython = path.join(venv, "bin", "python");
const PY_REQUIREMENTS = [`pulumi==${PULUMI_VERSION.slice(1)}`, "pytest>=8,<10"];

let passed = 0;
let failed = 0;

/**
 * Runs a command with its output shown (and returned).
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [options]
 */
function exec(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, ...options });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  process.stdout.write(out);
  if (r.error) process.stdout.write(`${cmd}: ${r.error.message}\n`);
  return { ok: r.status === 0, out };
}

/**
 * One counted check.
 * @param {string} label
 * @param {() => boolean} fn
 */
function check(label, fn) {
  console.log(`\n> ${label}`);
  let ok = false;
  try {
    ok = fn();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
  }
  if (ok) passed++;
  else {
    failed++;
    console.error(`x ${label} failed`);
  }
  return ok;
}

/** @param {string} cmd */
const have = (cmd) =>
  spawnSync(cmd, [cmd === "go" ? "version" : "--version"], { encoding: "utf8" }).status === 0;
const python = process.env.PYTHON ?? "python3";

check("sdk/python and sdk/go match schema.json (scripts/gen-sdks.js --check)", () => {
  if (!have("go")) throw new Error("`go` is not on PATH: generating the SDKs needs Go >= 1.25");
  return exec(process.execPath, [path.join(root, "scripts", "gen-sdks.js"), "--check"]).ok;
});

// Python
const pythonOk = check(`Python virtual environment (.tools/venv: ${PY_REQUIREMENTS.join(", ")})`, () => {
  if (!have(python)) throw new Error(`\`${python}\` is not on PATH: the Python SDK tests need Python >= 3.9`);
  const stamp = path.join(venv, "lockbox-requirements.txt");
  const wanted = PY_REQUIREMENTS.join("\n");
  if (fs.existsSync(venvPython) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted)
    return true;
  if (!exec(python, ["-m", "venv", "--clear", venv]).ok) return false;
  if (
    !exec(venvPython, ["-m", "pip", "install", "-q", "--disable-pip-version-check", ...PY_REQUIREMENTS]).ok
  ) {
    return false;
  }
  fs.writeFileSync(stamp, wanted);
  return true;
});
if (pythonOk) {
  const installed = check("pip install ./sdk/python", () => {
    const args = [
      "-m",
      "pip",
      "install",
      "-q",
      "--disable-pip-version-check",
      "--force-reinstall",
      "--no-deps",
    ];
    // The SDK's own dependencies first (parver, semver), then this tree's code over any earlier copy.
    const deps = exec(venvPython, [
      "-m",
      "pip",
      "install",
      "-q",
      "--disable-pip-version-check",
      "./sdk/python",
    ]);
    return deps.ok && exec(venvPython, [...args, "./sdk/python"]).ok;
  });
  if (installed) {
    console.log("\n> pytest test/sdks/python");
    const r = exec(venvPython, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "test/sdks/python"]);
    const count = (/** @type {string} */ word) => Number(r.out.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    passed += count("passed");
    failed += count("failed") + count("errors?");
    if (!r.ok && count("failed") + count("errors?") === 0) failed++;
  }
  check("the wheel builds (pip wheel ./sdk/python) and imports in a clean virtual environment", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-wheel-"));
    try {
      const pip = ["-m", "pip", "--disable-pip-version-check"];
      if (!exec(venvPython, [...pip, "wheel", "-q", "--no-deps", "-w", tmp, "./sdk/python"]).ok) return false;
      const wheel = fs.readdirSync(tmp).find((f) => f.startsWith("pulumi_lockbox-") && f.endsWith(".whl"));
      if (!wheel) throw new Error("pip wheel produced no pulumi_lockbox wheel");
      const clean = path.join(tmp, "venv");
      const cleanPython = path.join(clean, "bin", "python");
      if (!exec(python, ["-m", "venv", clean]).ok) return false;
      if (!exec(cleanPython, [...pip, "install", "-q", path.join(tmp, wheel)]).ok) return false;
      const probe = "import pulumi_lockbox as l; print(l.Secret.__module__, l.get_secret.__name__)";
      return exec(cleanPython, ["-c", probe], { cwd: tmp }).ok;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}

// Go
if (
  check("go vet ./... in sdk/go", () => {
    if (!have("go")) throw new Error("`go` is not on PATH: the Go SDK tests need Go >= 1.25");
    return exec("go", ["vet", "./..."], { cwd: path.join(root, "sdk", "go"), env: goEnv() }).ok;
  })
) {
  for (const dir of ["test/sdks/go", "examples/go"]) {
    console.log(`\n> go test ./... in ${dir}`);
    const r = exec("go", ["test", "-count=1", "-v", "./..."], { cwd: path.join(root, dir), env: goEnv() });
    const pass = (r.out.match(/^\s*--- PASS: /gm) ?? []).length;
    const fail = (r.out.match(/^\s*--- FAIL: /gm) ?? []).length;
    passed += pass;
    failed += fail;
    if (!r.ok && fail === 0) failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
// scripts/test.js adds these counts to its own closing line.
// scripts/test.js reads the counts from the summary file it names, in its reporter's shape.
if (process.env.LOCKBOX_TEST_SUMMARY)
  fs.writeFileSync(
    process.env.LOCKBOX_TEST_SUMMARY,
    JSON.stringify({ passes: passed, failures: failed, pending: 0 }),
  );
process.exit(failed === 0 ? 0 : 1);
