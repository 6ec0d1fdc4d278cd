#!/usr/bin/env node
// eslint then prettier --check; both must be clean (no warnings allowed).
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const fs = require("node:fs");
// Run each tool on this process's Node rather than the first `node` on PATH.
const tool = (b, args) =>
  spawnSync(process.execPath, [fs.realpathSync(path.join(root, "node_modules", ".bin", b)), ...args], {
    cwd: root,
    stdio: "inherit",
  });
const a = tool("eslint", ["--max-warnings=0", "."]);
const b = tool("prettier", ["--check", "."]);
process.exit(a.status === 0 && b.status === 0 ? 0 : 1);
