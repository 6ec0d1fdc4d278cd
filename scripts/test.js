#!/usr/bin/env node
// Runs the test suites and ends with one line "N passed, N failed" (the line CI reads).
// Usage: node scripts/test.js [all|unit|integration|e2e|reliability] [extra mocha args...]
// "all" also counts the typecheck and lint as checks, so `npm test` is the whole gate. It runs the
// fast reliability suites at their small size; "reliability" runs every reliability suite at full
// size, the slow ones (test/reliability/*.full.test.ts: crash loop, faults during pulumi up) too.
// @ts-check
"use strict";
const { spawnSync } = require("node:child_process");
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
  console.log("\n0 passed, 1 failed");
  process.exit(1);
}
const suite = process.argv[2] ?? "all";
const extra = process.argv.slice(3);
/** @type {Record<string, string[]>} */
const suites = {
  unit: ["test/unit"],
  integration: ["test/integration"],
  e2e: ["test/e2e"],
  reliability: ["test/reliability"],
};
// Object.hasOwn, not suites[suite]: "constructor" or "toString" must not pass as a suite name.
if (suite !== "all" && !Object.hasOwn(suites, suite)) {
  console.error(`unknown suite "${suite}"; use all, unit, integration, e2e or reliability`);
  process.exit(2);
}

let passed = 0;
let failed = 0;

/**
 * Runs one step with inherited output; counts it as a passed or failed check unless counts is false.
 * @param {string} label
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ counts?: boolean }} [options]
 */
function run(label, cmd, args, { counts = true } = {}) {
  console.log(`\n> ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });
  const ok = r.status === 0;
  if (counts && ok) passed++;
  else if (counts) failed++;
  if (!ok) console.error(`x ${label} failed (exit ${r.status ?? r.signal})`);
  return ok;
}

const npmCmd = () => (process.platform === "win32" ? "npm.cmd" : "npm");
const npmCiPolicy = () => ["ci", "--prefix", "policy", "--no-audit", "--no-fund"];
// Tools run on this process's Node (checked above to be >= 22), not on whatever `node` their
// `#!/usr/bin/env node` line would find first on PATH.
/** @param {string} bin */
const npx = (bin) => fs.realpathSync(path.join(root, "node_modules", ".bin", bin));
/** @type {(label: string, bin: string, args: string[], opts?: { counts?: boolean }) => boolean} */
const runTool = (label, bin, args, opts) => run(label, process.execPath, [npx(bin), ...args], opts);
const wantsE2E = suite === "all" || suite === "e2e" || suite === "reliability";

// Set-up steps: a failure here stops the run, and counts as one failed check.
const setupOk =
  runTool("build (tsc -p tsconfig.build.json)", "tsc", ["-p", "tsconfig.build.json"], { counts: false }) &&
  run("link the package into node_modules", process.execPath, ["scripts/link-self.js"], { counts: false }) &&
  // The policy pack is its own npm package (the engine loads it from policy/ with its own
  // node_modules); install it from its lockfile when a fresh clone has not yet.
  (fs.existsSync(path.join(root, "policy", "node_modules", "@pulumi", "policy")) ||
    run("install the policy pack's dependencies (npm ci --prefix policy)", npmCmd(), npmCiPolicy(), {
      counts: false,
    })) &&
  (!wantsE2E ||
    run("pulumi CLI (built from Go modules, cached)", process.execPath, ["scripts/pulumi-build.js"], {
      counts: false,
    }));
if (!setupOk) {
  console.log(`\n${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}

if (suite === "all") {
  runTool("typecheck", "tsc", ["-p", "tsconfig.json"]);
  run("lint", process.execPath, [path.join(root, "scripts", "lint.js")]);
}

const summaryFile = path.join(os.tmpdir(), `lockbox-mocha-${process.pid}.json`);
const specs =
  suite === "all"
    ? [
        ...(suites.unit ?? []),
        ...(suites.integration ?? []),
        ...(suites.reliability ?? []),
        ...(suites.e2e ?? []),
      ]
    : (suites[suite] ?? []);
const specArgs = specs.filter((d) => fs.existsSync(path.join(root, d))).map((d) => `${d}/**/*.test.ts`);
// npm test runs the fast reliability suites small; `npm run test:reliability` runs all of them full size.
if (suite === "all") specArgs.push("--ignore", "test/reliability/**/*.full.test.ts");
if (suite === "reliability") process.env.LOCKBOX_RELIABILITY = "full";
process.env.LOCKBOX_TEST_SUMMARY = summaryFile;
const mochaOk = runTool("mocha " + specs.join(" "), "mocha", [...specArgs, ...extra], { counts: false });
let summary = null;
try {
  summary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
  fs.rmSync(summaryFile, { force: true });
} catch {
  // mocha crashed before its reporter finished: count the run as one failure
}
if (summary) {
  passed += summary.passes;
  failed += summary.failures;
}
// A mocha that exits non-zero with no failed test counted (it crashed before or after its
// reporter, or something set the exit code) is still a failure, and the line must say so.
if (!mochaOk && (summary === null || summary.failures === 0)) failed += 1;
// The Python and Go SDKs: scripts/test-sdks.js sets up its own tools and reports its counts.
if (suite === "all") {
  const file = path.join(os.tmpdir(), `lockbox-sdks-${process.pid}.json`);
  process.env.LOCKBOX_SDKS_SUMMARY = file;
  const ok = run("Python and Go SDKs (scripts/test-sdks.js)", process.execPath, ["scripts/test-sdks.js"], {
    counts: false,
  });
  const sdks = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { passed: 0, failed: 1 };
  fs.rmSync(file, { force: true });
  passed += sdks.passed;
  failed += sdks.failed + (!ok && sdks.failed === 0 ? 1 : 0);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && mochaOk ? 0 : 1);
