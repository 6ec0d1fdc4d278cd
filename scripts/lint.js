#!/usr/bin/env node
// eslint then prettier --check; both must be clean (no warnings allowed).
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const bin = (b) => path.join(root, "node_modules", ".bin", b);
const a = spawnSync(bin("eslint"), ["--max-warnings=0", "."], { cwd: root, stdio: "inherit" });
const b = spawnSync(bin("prettier"), ["--check", "."], { cwd: root, stdio: "inherit" });
process.exit(a.status === 0 && b.status === 0 ? 0 : 1);
