#!/usr/bin/env node
// lockbox-local: a Lockbox-compatible local server. Runs the compiled server (npm run build emits dist/).
// @ts-check
"use strict";
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `lockbox-local needs Node.js 22 or newer (node:sqlite); this is Node.js ${process.versions.node}.\n`,
  );
  process.exit(1);
}
// node:sqlite prints an ExperimentalWarning on load in Node 22; it is expected, so keep stderr clean.
const emitWarning = process.emitWarning;
process.emitWarning = /** @type {typeof process.emitWarning} */ (
  /**
   * @param {string | Error} warning
   * @param {any[]} rest
   */
  function (warning, ...rest) {
    const text = typeof warning === "string" ? warning : warning && warning.message;
    if (typeof text === "string" && text.includes("SQLite is an experimental feature")) return;
    return emitWarning.call(process, warning, ...rest);
  }
);
let entry;
try {
  entry = require("../dist/server/main.js");
} catch (e) {
  const err = /** @type {NodeJS.ErrnoException} */ (e);
  if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes("dist/server/main")) {
    process.stderr.write("lockbox-local: dist/ is missing; run `npm run build` first.\n");
    process.exit(1);
  }
  throw err;
}
// main() reports its own failures and sets the exit code; it never rejects.
void entry.main(process.argv.slice(2));
