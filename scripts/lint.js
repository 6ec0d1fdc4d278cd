#!/usr/bin/env node
// eslint, prettier --check and the layer rules; all must be clean (no warnings allowed).
// @ts-check
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const fs = require("node:fs");
// Run each tool on this process's Node rather than the first `node` on PATH.
/** @type {(b: string, args: string[]) => import("node:child_process").SpawnSyncReturns<Buffer>} */
const tool = (b, args) =>
  spawnSync(process.execPath, [fs.realpathSync(path.join(root, "node_modules", ".bin", b)), ...args], {
    cwd: root,
    stdio: "inherit",
  });
const a = tool("eslint", ["--max-warnings=0", "."]);
const b = tool("prettier", ["--check", "."]);
// The layer rules: which folder may import which (scripts/layers.js).
const c = spawnSync(process.execPath, [path.join(root, "scripts", "layers.js")], {
  cwd: root,
  stdio: "inherit",
});
process.exit(a.status === 0 && b.status === 0 && c.status === 0 ? 0 : 1);
