#!/usr/bin/env node
// Makes `require("pulumi-lockbox/...")` resolve inside this repository, as it does in a user's
// project. Pulumi's dynamic-provider host loads provider code from a string and resolves requires
// from the program's directory, so the provider requires its own modules by package name. Also puts
// the package's provider plugin in node_modules/.bin, as `npm install pulumi-lockbox` does for a user.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-lockbox");
fs.mkdirSync(path.dirname(link), { recursive: true });
/**
 * Points `at` to `target` (relative), unless it already resolves there.
 * @param {string} at
 * @param {string} target
 * @param {"dir" | "file"} type
 */
function ensureLink(at, target, type) {
  try {
    const st = fs.lstatSync(at);
    if (st.isSymbolicLink() && fs.realpathSync(at) === fs.realpathSync(target)) return;
    fs.rmSync(at, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(at), target), at, type);
}
ensureLink(link, root, "dir");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
for (const [name, file] of Object.entries(pkg.bin ?? {})) {
  if (name !== "pulumi-resource-lockbox") continue;
  ensureLink(path.join(root, "node_modules", ".bin", name), path.join(link, String(file)), "file");
}
