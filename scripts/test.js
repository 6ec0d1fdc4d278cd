#!/usr/bin/env node
// Runs the test suites and ends with one line "N passed, N failed, N skipped" (the line CI reads).
// Usage: node scripts/test.js [all|unit|integration|e2e|reliability] [extra mocha args | test files...]
//
// A run is a list of phases (PHASES below): set-up steps one after another (a failure stops the run),
// then checks and mocha jobs run side by side, LOCKBOX_TEST_JOBS at a time (default: cores + 1), each
// with its own output, printed as one block when it ends, and its own summary. Every e2e and
// reliability file is its own mocha process (each starts its own lockbox-local, port and stacks).
// "all" also counts the typecheck and lint as checks, so `npm test` is the whole gate; it runs the
// fast reliability suites at their small size, "reliability" runs every reliability suite at full
// size, the slow ones (test/reliability/*.full.test.ts) too. The closing lines give each phase's
// wall time and the slowest test files. A run in which no test ran fails; so does a suite whose real
// part (Chromium, the Pulumi CLI, Go) is missing, unless LOCKBOX_TEST_ALLOW_MISSING allows it
// (test/helpers/real-parts.ts; never under CI=true), and then every such skip is listed.
// @ts-check
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
// npm scripts put node_modules/.bin (the node@22 devDependency) first on PATH; a Node 20 here means
// the Node 22 binary was not installed, and the suites would fail in confusing ways.
if (Number(process.versions.node.split(".")[0]) < 22) {
  console.error(
    `Node ${process.versions.node} is running the tests; Node >= 22 is required. Run \`npm install\` ` +
      "(its node@22 devDependency provides node_modules/.bin/node) and then `npm test`.",
  );
  console.log("\n0 passed, 1 failed, 0 skipped");
  process.exit(1);
}
const SUITES = ["unit", "integration", "e2e", "reliability", "sdks"];
const suite = process.argv[2] ?? "all";
// Object.hasOwn-style check: "constructor" or "toString" must not pass as a suite name.
if (suite !== "all" && !SUITES.includes(suite)) {
  console.error(`unknown suite "${suite}"; use all, ${SUITES.join(", ")}`);
  process.exit(2);
}
const rest = process.argv.slice(3);
/** Test files named on the command line replace the suite's files. */
const namedFiles = rest.filter((a) => a.endsWith(".test.ts") && fs.existsSync(path.join(root, a)));
const mochaExtra = rest.filter((a) => !namedFiles.includes(a));
const jobs = Math.max(1, Number(process.env.LOCKBOX_TEST_JOBS) || os.availableParallelism() + 1);

// Tools run on this process's Node (checked above to be >= 22), not on whatever `node` their
// `#!/usr/bin/env node` line would find first on PATH.
/** @param {string} bin */
const bin = (bin) => fs.realpathSync(path.join(root, "node_modules", ".bin", bin));
const node = process.execPath;
const wantsE2E = suite === "all" || suite === "e2e" || suite === "reliability" || suite === "sdks";

/** @param {string} dir @returns {string[]} the test files under dir, sorted */
function testFiles(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .sort();
}

/**
 * The slowest files first, so the long ones do not start last (wall times of a full run on a shared
 * 2-core machine; a file not listed runs after these, in name order).
 */
const SLOW_FIRST = [
  "test/e2e/examples.test.ts",
  "test/e2e/resources.test.ts",
  "test/e2e/secrets.test.ts",
  "test/e2e/console.test.ts",
  "test/e2e/ci-recipe.test.ts",
];

/**
 * @typedef {object} Phase
 * @property {string} name what the output calls it
 * @property {string} cmd
 * @property {string[]} args
 * @property {"setup" | "check" | "tests"} kind setup: runs first, in order, and a failure stops the
 *   run; check: counts as one passed or failed check; tests: a command that writes a JSON summary
 *   ({ passes, failures, pending, pendingTitles?, files? }) to the file named by LOCKBOX_TEST_SUMMARY
 *   (mocha through test/helpers/reporter.js does), whose counts are added to the closing line
 * @property {Record<string, string>} [env]
 */

/** @returns {Phase[]} */
function phases() {
  /** @type {Phase[]} */
  const list = [
    {
      name: "build (tsc -p tsconfig.build.json)",
      kind: "setup",
      cmd: node,
      args: [bin("tsc"), "-p", "tsconfig.build.json"],
    },
    { name: "link the package into node_modules", kind: "setup", cmd: node, args: ["scripts/link-self.js"] },
  ];
  if (wantsE2E)
    list.push({
      name: "pulumi CLI (built from Go modules, cached)",
      kind: "setup",
      cmd: node,
      args: ["scripts/pulumi-build.js"],
    });
  if (suite === "all") {
    list.push({ name: "typecheck", kind: "check", cmd: node, args: [bin("tsc"), "-p", "tsconfig.json"] });
    list.push({ name: "lint", kind: "check", cmd: node, args: ["scripts/lint.js"] });
  }
  /** @param {string} name @param {string[]} files @param {Record<string, string>} [env] */
  const mocha = (name, files, env) => {
    if (files.length > 0)
      list.push({ name, kind: "tests", cmd: node, args: [bin("mocha"), ...files, ...mochaExtra], env });
  };
  if (namedFiles.length > 0) {
    const env = suite === "reliability" ? { LOCKBOX_RELIABILITY: "full" } : undefined;
    for (const f of namedFiles) mocha(`mocha ${f}`, [f], env);
    return list;
  }
  // unit and integration run as a few processes each (their files are quick, a process start is not)
  // and start first, being long; then e2e and reliability files as one process each, the slowest first.
  const perFile = [];
  if (suite === "all" || suite === "e2e") perFile.push(...testFiles("test/e2e"));
  if (suite === "all")
    perFile.push(...testFiles("test/reliability").filter((f) => !f.endsWith(".full.test.ts")));
  if (suite === "reliability") perFile.push(...testFiles("test/reliability"));
  const rank = (/** @type {string} */ f) =>
    SLOW_FIRST.includes(f) ? SLOW_FIRST.indexOf(f) : SLOW_FIRST.length;
  perFile.sort((a, b) => rank(a) - rank(b));
  const relEnv = suite === "reliability" ? { LOCKBOX_RELIABILITY: "full" } : undefined;
  // The Python and Go SDKs (long, so started first): scripts/test-sdks.js sets up its own venv and
  // Go modules, and writes the same summary as mocha's reporter.
  if (suite === "all" || suite === "sdks")
    list.push({
      name: "Python and Go SDKs (scripts/test-sdks.js)",
      kind: "tests",
      cmd: node,
      args: ["scripts/test-sdks.js"],
    });
  if (suite === "all" || suite === "integration") {
    mocha("mocha test/integration/server", testFiles("test/integration/server"));
    mocha(
      "mocha test/integration (client, lifecycle, fixture)",
      testFiles("test/integration").filter((f) => !f.startsWith("test/integration/server/")),
    );
  }
  if (suite === "all" || suite === "unit") mocha("mocha test/unit", testFiles("test/unit"));
  for (const f of perFile.filter((f) => rank(f) < SLOW_FIRST.length)) mocha(`mocha ${f}`, [f], relEnv);
  for (const f of perFile.filter((f) => rank(f) >= SLOW_FIRST.length)) mocha(`mocha ${f}`, [f], relEnv);
  return list;
}

/** @param {number} ms */
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * @typedef {{ phase: Phase, ok: boolean, exit: string, ms: number, output: string,
 *   summary: null | { passes: number, failures: number, pending: number, pendingTitles?: string[],
 *   files?: Array<{ file: string, ms: number }> } }} Result
 */

/** Runs a set-up step with inherited output. @param {Phase} phase @returns {Result} */
function runSetup(phase) {
  console.log(`\n> ${phase.name}`);
  const t0 = Date.now();
  const r = spawnSync(phase.cmd, phase.args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...phase.env },
  });
  const ok = r.status === 0;
  if (!ok) console.error(`x ${phase.name} failed (exit ${r.status ?? r.signal})`);
  return { phase, ok, exit: String(r.status ?? r.signal), ms: Date.now() - t0, output: "", summary: null };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-test-run-"));
const skipsFile = path.join(tmp, "skips.txt");
let seq = 0;

/** Runs a check or a test job with its output kept, printed whole when it ends. @param {Phase} phase */
function runJob(phase) {
  const summaryFile = path.join(tmp, `summary-${seq++}.json`);
  const t0 = Date.now();
  console.log(`  started: ${phase.name}`);
  return new Promise((resolve) => {
    const child = spawn(phase.cmd, phase.args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...phase.env,
        LOCKBOX_TEST_SUMMARY: summaryFile,
        LOCKBOX_TEST_SKIPS: skipsFile,
        // The spec reporter keeps its colours although its output goes through a pipe.
        FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? "1" : "0"),
      },
    });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.on("close", (code, signal) => {
      let summary = null;
      try {
        summary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
      } catch {
        // no summary: the command is a check, or mocha crashed before its reporter finished
      }
      const ok = code === 0;
      const result = {
        phase,
        ok,
        exit: String(code ?? signal),
        ms: Date.now() - t0,
        output: Buffer.concat(chunks).toString("utf8"),
        summary,
      };
      console.log(`\n> ${phase.name} (${secs(result.ms)}${ok ? "" : `, exit ${result.exit}`})`);
      process.stdout.write(result.output);
      if (!ok) console.error(`x ${phase.name} failed (exit ${result.exit})`);
      resolve(result);
    });
  });
}

/** Runs the jobs, `jobs` at a time, in list order. @param {Phase[]} list @returns {Promise<Result[]>} */
async function pool(list) {
  /** @type {Result[]} */
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < list.length) results.push(await runJob(/** @type {Phase} */ (list[next++])));
  };
  await Promise.all(Array.from({ length: Math.min(jobs, list.length) }, worker));
  return results;
}

async function main() {
  const t0 = Date.now();
  const all = phases();
  /** @type {Result[]} */
  const results = [];
  for (const phase of all.filter((p) => p.kind === "setup")) {
    const r = runSetup(phase);
    results.push(r);
    if (!r.ok) return finish(results, t0, "a set-up step failed");
  }
  const parallel = all.filter((p) => p.kind !== "setup");
  console.log(`\n> ${parallel.length} checks and test jobs, ${jobs} at a time (LOCKBOX_TEST_JOBS)`);
  if (suite === "reliability") process.env.LOCKBOX_RELIABILITY = "full";
  results.push(...(await pool(parallel)));
  return finish(results, t0);
}

/** Prints the timings, skips and closing line; exits. @param {Result[]} results @param {number} t0 @param {string} [stopped] */
function finish(results, t0, stopped) {
  let passed = 0;
  let failed = stopped ? 1 : 0;
  let skipped = 0;
  let testsRan = 0;
  /** @type {string[]} */
  const problems = [];
  /** @type {Array<{ file: string, ms: number }>} */
  const files = [];
  /** @type {string[]} */
  const pendingTitles = [];
  for (const r of results) {
    const { phase, summary } = r;
    if (phase.kind === "check") {
      if (r.ok) passed++;
      else {
        failed++;
        problems.push(`${phase.name} failed (exit ${r.exit})`);
      }
    } else if (phase.kind === "tests") {
      if (summary) {
        passed += summary.passes;
        failed += summary.failures;
        skipped += summary.pending;
        testsRan += summary.passes + summary.failures;
        files.push(...(summary.files ?? []));
        pendingTitles.push(...(summary.pendingTitles ?? []));
      }
      // A job that exits non-zero with no failed test counted (it crashed before or after its
      // reporter, or something set the exit code) is still a failure, and the line must say so.
      if (!r.ok && (summary === null || summary.failures === 0)) {
        failed++;
        problems.push(`${phase.name} exited ${r.exit} with no failed test counted`);
      } else if (!r.ok) problems.push(`${phase.name}: ${summary?.failures} failed`);
    }
  }
  const ranTests = results.some((r) => r.phase.kind === "tests");
  if (!stopped && ranTests && testsRan === 0) {
    failed++;
    problems.push("no test ran (a run that tests nothing is not a pass)");
  }
  console.log("\nslowest test files (wall time; jobs share the machine):");
  for (const f of files.sort((a, b) => b.ms - a.ms).slice(0, 12))
    console.log(`${secs(f.ms).padStart(9)}  ${f.file}`);
  console.log(`\nphases (wall time; up to ${jobs} jobs at a time after set-up):`);
  for (const r of results) console.log(`${secs(r.ms).padStart(9)}  ${r.phase.name}${r.ok ? "" : "  FAILED"}`);
  console.log(`${secs(Date.now() - t0).padStart(9)}  total`);
  const skips = fs.existsSync(skipsFile)
    ? fs.readFileSync(skipsFile, "utf8").trim().split("\n").filter(Boolean)
    : [];
  if (skipped > 0 || skips.length > 0) {
    console.log(`\nskipped (${skipped} tests):`);
    for (const s of [...new Set(skips)]) console.log(`  ${s}`);
    for (const t of pendingTitles.slice(0, 30)) console.log(`  - ${t}`);
    if (pendingTitles.length > 30) console.log(`  ... and ${pendingTitles.length - 30} more`);
  }
  if (stopped) problems.unshift(stopped);
  if (problems.length > 0) console.log(`\nproblems:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  console.log("\n0 passed, 1 failed, 0 skipped");
  process.exit(1);
});
