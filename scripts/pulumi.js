#!/usr/bin/env node
// @ts-check
"use strict";
// npm run pulumi -- <args>: the locally built CLI with the repository's offline settings (file
// backend in .pulumi-state/, passphrase secrets, no update check, no plugin downloads).
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const { pulumiBin, pulumiEnv } = require("./pulumi-env");

if (!fs.existsSync(pulumiBin)) {
  console.error("The Pulumi CLI is not built yet: run `npm run pulumi:build` first.");
  process.exit(1);
}
const env = pulumiEnv();
fs.mkdirSync(String(env.PULUMI_BACKEND_URL).slice("file://".length), { recursive: true });
const child = spawn(pulumiBin, process.argv.slice(2), { stdio: "inherit", env });
// Ctrl-C reaches the CLI through the terminal's process group: a second SIGINT from here would make
// it terminate immediately instead of cancelling cleanly, so on SIGINT only stay alive until it exits.
// SIGTERM (sent to this process alone) is forwarded, once.
process.on("SIGINT", () => {});
let terminated = false;
process.on("SIGTERM", () => {
  if (terminated) return;
  terminated = true;
  child.kill("SIGTERM");
});
child.on("exit", (code, signal) =>
  process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 0)),
);
