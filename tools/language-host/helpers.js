// @ts-check
"use strict";
// The language host's pure parts (no gRPC, no child processes), kept apart from main.js so they can
// be unit-tested (test/unit/language-host/). main.js wires them to the LanguageRuntime service.
const fs = require("node:fs");
const path = require("node:path");

/**
 * What a program's or pack's `runtime.options` (Pulumi.yaml / PulumiPolicy.yaml) asks for: the
 * environment for @pulumi/pulumi's runner and extra arguments for Node. TypeScript is on unless
 * `typescript: false`. Throws on an option of the wrong type, as Pulumi's host does.
 * @param {Record<string, unknown>} opts the options as plain JavaScript (ProgramInfo.options)
 * @returns {{ env: Record<string, string>, nodeargs: string[] }}
 */
function runtimeOptions(opts) {
  const typescript = opts.typescript === undefined ? true : opts.typescript;
  if (typeof typescript !== "boolean") throw new Error("typescript option must be a boolean");
  if (opts.tsconfig !== undefined && typeof opts.tsconfig !== "string")
    throw new Error("tsconfig option must be a string");
  if (opts.nodeargs !== undefined && typeof opts.nodeargs !== "string")
    throw new Error("nodeargs option must be a string");
  /** @type {Record<string, string>} */
  const env = {};
  if (typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (opts.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = /** @type {string} */ (opts.tsconfig);
  const nodeargs = /** @type {string} */ (opts.nodeargs ?? "").split(/\s+/).filter(Boolean);
  return { env, nodeargs };
}

/**
 * The runner reads config keys in the old `<namespace>:config:<name>` form (Pulumi's own host
 * rewrites them the same way for older SDKs), so `proj:key` becomes `proj:config:key`. A key
 * without a namespace is an error.
 * @param {Iterable<[string, string]>} entries
 * @returns {Record<string, string>}
 */
function runnerConfig(entries) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [key, value] of entries) {
    const i = key.indexOf(":");
    if (i < 0) throw new Error(`config key "${key}" has no namespace`);
    const ns = key.slice(0, i);
    const name = key.slice(i + 1);
    out[name.startsWith("config:") ? key : `${ns}:config:${name}`] = value;
  }
  return out;
}

/**
 * Turns a child's exit into the engine's error text ("" when it succeeded).
 * @param {number | null} code
 * @param {NodeJS.Signals | null} signal
 */
function exitError(code, signal) {
  if (code === 0) return "";
  if (code !== null) return `Program exited with non-zero exit code: ${code}`;
  return `Program exited unexpectedly: killed by ${signal}`;
}

/**
 * "K=V" → [K, V]; an entry without "=" is a key with an empty value.
 * @param {string} entry
 * @returns {[string, string]}
 */
function splitEnv(entry) {
  const i = entry.indexOf("=");
  return i < 0 ? [entry, ""] : [entry.slice(0, i), entry.slice(i + 1)];
}

/**
 * Resolves a module the way `node -e "require.resolve(id)"` would from `dir`; a missing module
 * becomes the message Pulumi's host gives for an SDK that is not installed.
 * @param {string} id
 * @param {string} dir
 * @param {string} hint what the user should run
 */
function locate(id, dir, hint) {
  try {
    return require.resolve(id, { paths: [dir] });
  } catch (err) {
    if (err && /** @type {NodeJS.ErrnoException} */ (err).code === "MODULE_NOT_FOUND") {
      throw new Error(`It looks like the Pulumi SDK has not been installed. Have you run ${hint}?`);
    }
    throw err;
  }
}

/**
 * Version of an installed package as seen from `dir`, or undefined.
 * @param {string} name
 * @param {string} dir
 * @returns {string | undefined}
 */
function installedVersion(name, dir) {
  try {
    const file = require.resolve(`${name}/package.json`, { paths: [dir] });
    return JSON.parse(fs.readFileSync(file, "utf8")).version;
  } catch {
    return undefined;
  }
}

/**
 * Resource-plugin packages (package.json `"pulumi": { "resource": true }`) directly under
 * `<dir>/node_modules`, as Pulumi's host reports them: the name without `@pulumi/` (or `@`), the
 * version with a leading `v`. The dynamic provider needs none: the engine loads it by name
 * (`pulumi-resource-pulumi-nodejs`, next to the CLI).
 * @param {string} dir
 * @returns {{ name: string, version: string }[]}
 */
function resourcePackages(dir) {
  const root = path.join(dir, "node_modules");
  /** @type {{ name: string, version: string }[]} */
  const out = [];
  /** @param {string} pkgDir */
  const inspect = (pkgDir) => {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
      if (pkg.pulumi && pkg.pulumi.resource) {
        const name = String(pkg.pulumi.name ?? pkg.name)
          .replace(/^@pulumi\//, "")
          .replace(/^@/, "");
        const v = String(pkg.pulumi.version ?? pkg.version);
        out.push({ name, version: v.startsWith("v") ? v : `v${v}` });
      }
    } catch {
      // not a package
    }
  };
  /** @type {string[]} */
  let entries = [];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return out;
  }
  for (const e of entries.sort()) {
    if (e.startsWith("@")) {
      for (const s of fs.readdirSync(path.join(root, e)).sort()) inspect(path.join(root, e, s));
    } else if (!e.startsWith(".")) {
      inspect(path.join(root, e));
    }
  }
  return out;
}

/**
 * The port a plugin announces on its first stdout line, or undefined when the line is not a port.
 * @param {string} line
 */
function parsePort(line) {
  const text = line.trim();
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port > 0 && port < 65536 ? port : undefined;
}

module.exports = {
  runtimeOptions,
  runnerConfig,
  exitError,
  splitEnv,
  locate,
  installedVersion,
  resourcePackages,
  parsePort,
};
