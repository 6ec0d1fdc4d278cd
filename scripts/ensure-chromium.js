#!/usr/bin/env node
// Finds Debian's Chromium for the browser tests, installing it with apt-get when it is missing and
// this process may (root on a system with apt-get). Prints the executable's path, or the reason it
// cannot be had (exit 1). Usage: node scripts/ensure-chromium.js
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");

// The real binary first: Debian's /usr/bin/chromium is a shell wrapper around it.
const CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

function find() {
  const fromEnv = process.env.LOCKBOX_CHROMIUM;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** @param {string[]} args */
function apt(args) {
  const r = spawnSync("apt-get", args, {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return {
    ok: r.status === 0,
    out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-5).join("\n"),
  };
}

/** Returns { path } or { reason }. */
function ensureChromium() {
  const found = find();
  if (found) return { path: found };
  if (process.env.LOCKBOX_CHROMIUM)
    return { reason: `LOCKBOX_CHROMIUM names ${process.env.LOCKBOX_CHROMIUM}, which does not exist` };
  if (process.platform !== "linux" || !fs.existsSync("/usr/bin/apt-get"))
    return {
      reason:
        "Chromium is not installed and there is no apt-get to install it; install Chromium and set LOCKBOX_CHROMIUM to its executable",
    };
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    return {
      reason:
        "Chromium is not installed and the tests do not run as root; run `sudo apt-get install -y chromium` once",
    };
  process.stderr.write(
    "Chromium is missing: running apt-get update and apt-get install -y chromium (once)...\n",
  );
  const update = apt(["update", "-q"]);
  if (!update.ok) return { reason: `apt-get update failed:\n${update.out}` };
  const install = apt(["install", "-y", "-q", "chromium"]);
  if (!install.ok) return { reason: `apt-get install chromium failed:\n${install.out}` };
  const installed = find();
  return installed
    ? { path: installed }
    : { reason: "apt-get installed chromium, but no executable was found" };
}

module.exports = { ensureChromium };

if (require.main === module) {
  const r = ensureChromium();
  if (r.path) console.log(r.path);
  else {
    console.error(r.reason);
    process.exit(1);
  }
}
