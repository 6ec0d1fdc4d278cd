#!/usr/bin/env node
// @ts-check
// npm run bench: every performance figure of the project, each a ratio against a baseline measured in
// the same run (bench/*.bench.ts). Writes bench/results/latest.json, and bench/README.md's table and
// bench/results/chart.svg from it. Timings are reported, never asserted: the exit code is 0 unless a
// bench crashes.
//
// Usage: node scripts/bench.js [--only engine|server|client[,…]] [--quick] [--out FILE]
//   --only   run some benches; their figures replace the same figures in latest.json, the rest stay
//   --quick  tiny sizes, to prove the harness works (npm test); writes bench/results/quick.json and
//            leaves the README alone
//   --out    write the JSON there instead (and leave the README alone)
//   --sizes  engine only: the program sizes N to run (default 10,100,1000)
//   --preview-new-only  engine only: time just `pulumi preview` of a new stack (nothing deployed)
//   --no-build  skip building dist/ and the CLI (the caller has just done it, as npm test has)
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const BENCHES = ["engine", "server", "client"];

/** @param {string} name */
function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith("--")) {
    console.error(`--${name} needs a value`);
    process.exit(2);
  }
  return v;
}

const quick = process.argv.includes("--quick");
const only = (option("only") ?? BENCHES.join(",")).split(",").filter(Boolean);
for (const name of only) {
  if (!BENCHES.includes(name)) {
    console.error(`unknown bench "${name}"; use ${BENCHES.join(", ")}`);
    process.exit(2);
  }
}
const outOption = option("out");
const sizesOption = option("sizes");
const sizes = sizesOption?.split(",").map(Number);
if (sizes && sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("--sizes takes positive whole numbers, e.g. --sizes 10,100");
  process.exit(2);
}
const resultsDir = path.join(root, "bench", "results");
const out = outOption ? path.resolve(outOption) : path.join(resultsDir, quick ? "quick.json" : "latest.json");
const renderDocs = !quick && !outOption;

/**
 * Runs a set-up step on this Node; stops the bench when it fails.
 * @param {string} label @param {string[]} args
 */
function step(label, args) {
  process.stderr.write(`bench: ${label}\n`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) {
    console.error(`bench: ${label} failed`);
    process.exit(1);
  }
}

async function main() {
  if (Number(process.versions.node.split(".")[0]) < 22) {
    console.error("Node >= 22 is required: run it as `npm run bench` (node@22 comes from devDependencies).");
    process.exit(1);
  }
  if (only.includes("engine") && !process.argv.includes("--no-build")) {
    // The engine bench runs programs that require("pulumi-lockbox"): dist/, the self-link and the CLI.
    step("build dist/", [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
    step("link the package", ["scripts/link-self.js"]);
    step("Pulumi CLI (cached)", ["scripts/pulumi-build.js"]);
  }
  process.chdir(root);
  require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
  /** @type {{ figures: any[] }} */
  let previous = { figures: [] };
  if (!quick && !outOption && only.length < BENCHES.length && fs.existsSync(out)) {
    previous = JSON.parse(fs.readFileSync(out, "utf8"));
  }
  const figures = [];
  const started = Date.now();
  for (const name of only) {
    const mod = require(path.join(root, "bench", `${name}.bench.ts`));
    const t0 = Date.now();
    const got = await mod.run({
      quick,
      sizes,
      previewNewOnly: process.argv.includes("--preview-new-only"),
      log: (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(`bench: ${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    figures.push(...got);
  }
  const ids = new Set(figures.map((f) => f.id));
  const merged = [...previous.figures.filter((f) => !ids.has(f.id)), ...figures];
  const result = {
    generatedAt: new Date().toISOString(),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    ran: only,
    seconds: Math.round((Date.now() - started) / 1000),
    figures: merged,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  const { table, chart } = require(path.join(root, "bench", "render.js"));
  console.log(table(result));
  console.log(`\nresults: ${path.relative(root, out)}`);
  if (renderDocs) {
    const readme = path.join(root, "bench", "README.md");
    const text = fs.readFileSync(readme, "utf8");
    const start = "<!-- results:start -->";
    const end = "<!-- results:end -->";
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a === -1 || b === -1) throw new Error(`bench/README.md lacks the ${start} / ${end} markers`);
    const body = `${start}\n_Measured ${result.generatedAt.slice(0, 10)} on ${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}._\n\n${table(result)}\n\n![figures against their targets](results/chart.svg)\n`;
    fs.writeFileSync(readme, text.slice(0, a) + body + text.slice(b));
    fs.writeFileSync(path.join(resultsDir, "chart.svg"), chart(result));
    console.log("updated bench/README.md and bench/results/chart.svg");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
