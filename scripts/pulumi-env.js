"use strict";
// Where the locally built Pulumi CLI lives and the environment it runs with. Shared by
// `npm run pulumi`, `npm run pulumi:build`, `npm start` and the e2e test harness, so every caller
// runs the same offline configuration (docs/pulumi-engine.md#offline-environment).
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** The Pulumi release this repository pins (CLI build, npm @pulumi/pulumi and language host). */
const PULUMI_VERSION = "v3.259.0";

/** Directory with `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
const binDir = path.join(root, ".tools", "bin");

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
  env.PATH = [binDir, path.join(root, "node_modules", ".bin"), base.PATH ?? ""]
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

module.exports = { root, binDir, pulumiBin, PULUMI_VERSION, DEFAULT_PASSPHRASE, pulumiEnv };
