// @ts-check
"use strict";
// Where the locally built Pulumi CLI lives and the environment it runs with. Shared by
// `npm run pulumi`, `npm run pulumi:build`, `npm start` and the e2e test harness, so every caller
// runs the same offline configuration (docs/pulumi-engine.md#offline-environment).
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** The Pulumi release this repository pins (CLI build, npm @pulumi/pulumi and language host). */
const PULUMI_VERSION = "v3.259.0";

/** Directory with `pulumi` and `pulumi-resource-pulumi-nodejs`. */
const binDir = path.join(root, ".tools", "bin");

/**
 * Directory with the launcher of our own language host (tools/language-host), named
 * `pulumi-language-nodejs`. It goes LAST on PATH: the engine takes the first
 * `pulumi-language-nodejs` on PATH (docs/pulumi-engine.md#plugin-lookup), so an official host the
 * user installed wins, and ours is the fallback. LOCKBOX_LANGUAGE_HOST=bundled puts ours first.
 */
const fallbackHostDir = path.join(root, ".tools", "language-host-bin");

/** The executable name the engine looks for. */
const LANGUAGE_HOST = "pulumi-language-nodejs";

/** Absolute path of the built CLI. */
const pulumiBin = path.join(binDir, "pulumi");

/** Passphrase used for the local secrets provider when the caller sets none. */
const DEFAULT_PASSPHRASE = "lockbox-local-dev";

/**
 * Builds the environment for running the CLI.
 * @param {{ stateDir?: string, pulumiHome?: string, base?: NodeJS.ProcessEnv }} [options]
 *   stateDir: file backend directory (default `<repo>/.pulumi-state`);
 *   pulumiHome: PULUMI_HOME (default `<repo>/.tools/pulumi-home`);
 *   base: environment to start from (default `process.env`).
 * @returns {NodeJS.ProcessEnv}
 */
function pulumiEnv(options = {}) {
  const base = options.base ?? process.env;
  const stateDir = options.stateDir ?? path.join(root, ".pulumi-state");
  const pulumiHome = options.pulumiHome ?? path.join(root, ".tools", "pulumi-home");
  const env = { ...base };
  // Node 22 from node_modules first, so the engine's plugins (language host, dynamic provider shim)
  // and the programs they start never fall back to the machine's older node.
  const bundledFirst = base.LOCKBOX_LANGUAGE_HOST === "bundled";
  env.PATH = [
    binDir,
    bundledFirst ? fallbackHostDir : "",
    path.join(root, "node_modules", ".bin"),
    base.PATH ?? "",
    bundledFirst ? "" : fallbackHostDir,
  ]
    .filter(Boolean)
    .join(path.delimiter);
  env.PULUMI_BACKEND_URL = `file://${stateDir}`;
  env.PULUMI_HOME = pulumiHome;
  if (!env.PULUMI_CONFIG_PASSPHRASE && !env.PULUMI_CONFIG_PASSPHRASE_FILE) {
    env.PULUMI_CONFIG_PASSPHRASE = DEFAULT_PASSPHRASE;
  }
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
  env.PULUMI_DISABLE_REGISTRY_RESOLVE = "true";
  env.PULUMI_SKIP_CONFIRMATIONS = "true";
  // The shims must be found on PATH / next to the CLI (docs/pulumi-engine.md#plugin-lookup).
  delete env.PULUMI_IGNORE_AMBIENT_PLUGINS;
  return env;
}

/**
 * The first executable file called `name` on a PATH value, or undefined.
 * @param {string} name
 * @param {string | undefined} pathValue
 */
function findOnPath(name, pathValue) {
  for (const dir of (pathValue ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The language host the engine will start with this environment: the first
 * `pulumi-language-nodejs` on its PATH, and whether it is our fallback.
 * @param {NodeJS.ProcessEnv} env an environment from pulumiEnv()
 * @returns {{ path: string, bundled: boolean } | undefined}
 */
function languageHost(env) {
  const found = findOnPath(LANGUAGE_HOST, env.PATH);
  if (found === undefined) return undefined;
  return { path: found, bundled: path.dirname(found) === fallbackHostDir };
}

/**
 * The environment of every `go` command of ours: the local toolchain (no toolchain download), module
 * mode, static binaries.
 * @returns {NodeJS.ProcessEnv}
 */
function goEnv() {
  return { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
}

/**
 * Copies a file via a temporary name and rename, so a reader never sees half a binary.
 * @param {string} from
 * @param {string} to
 * @param {number} [mode] the copy's mode (default: executable)
 */
function copyAtomic(from, to, mode = 0o755) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, tmp);
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, to);
}

module.exports = {
  root,
  binDir,
  fallbackHostDir,
  pulumiBin,
  PULUMI_VERSION,
  DEFAULT_PASSPHRASE,
  LANGUAGE_HOST,
  pulumiEnv,
  findOnPath,
  languageHost,
  goEnv,
  copyAtomic,
};
