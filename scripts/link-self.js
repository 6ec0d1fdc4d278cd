#!/usr/bin/env node
// Makes `require("pulumi-lockbox/...")` resolve inside this repository, as it does in a user's
// project. Pulumi's dynamic-provider host loads provider code from a string and resolves requires
// from the program's directory, so the provider requires its own modules by package name.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-lockbox");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  const st = fs.lstatSync(link);
  if (st.isSymbolicLink() && fs.realpathSync(link) === fs.realpathSync(root)) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // not there yet
}
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
