#!/usr/bin/env node
// npm run bench: the client's overhead against raw undici.request, same calls, same run (bench/*.bench.ts).
// Usage: node scripts/bench.js [--scale 0.2] [--batch 20]. Prints one table per bench file; exits 0 unless a
// bench crashes (timings are reported, never asserted).
// @ts-check
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const root = path.resolve(__dirname, "..");
process.chdir(root);
require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });

/**
 * @param {string} name
 * @param {number} fallback
 */
function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} needs a positive number`);
    process.exit(2);
  }
  return v;
}

async function main() {
  const scale = flag("scale", 1);
  const batch = Math.round(flag("batch", 20));
  const files = fs
    .readdirSync(path.join(root, "bench"))
    .filter((f) => f.endsWith(".bench.ts"))
    .sort();
  for (const file of files) {
    const mod = require(path.join(root, "bench", file));
    await mod.run({ scale, batch });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
