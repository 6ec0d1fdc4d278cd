#!/usr/bin/env node
// pulumi-resource-lockbox: the lockbox provider plugin. The Pulumi engine starts it (found on PATH,
// e.g. node_modules/.bin) and talks to it over gRPC; `--print-schema` prints the package schema.
// @ts-check
"use strict";
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `pulumi-resource-lockbox needs Node.js 22 or newer; this is Node.js ${process.versions.node}.\n`,
  );
  process.exit(1);
}
let entry;
try {
  entry = require("../dist/provider/native/main.js");
} catch (e) {
  const err = /** @type {NodeJS.ErrnoException} */ (e);
  if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes("dist/provider/native/main")) {
    process.stderr.write("pulumi-resource-lockbox: dist/ is missing; run `npm run build` first.\n");
    process.exit(1);
  }
  throw err;
}
// main() reports its own failures and sets the exit code; it never rejects.
void entry.main(process.argv.slice(2));
