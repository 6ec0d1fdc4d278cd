#!/usr/bin/env node
// @ts-check
"use strict";
// npm run pulumi:build — puts the Pulumi engine into .tools/bin/:
//   pulumi                          built from Go modules (tools/pulumi pins the release), reused when
//                                   it already prints the pinned version, or copied from a machine
//                                   cache (~/.cache/pulumi-lockbox/pulumi-<version>/) filled by an
//                                   earlier build, so a fresh clone on a warm machine does not relink;
//   pulumi-resource-pulumi-nodejs   the dynamic-provider shim shipped in @pulumi/pulumi;
//   pulumi-language-yaml            Pulumi's YAML language host, built from the Go module proxy
//                                   (scripts/pulumi-yaml-build.js), for YAML programs (examples/yaml);
// and into .tools/language-host-bin/:
//   pulumi-language-nodejs          launcher for our own language host (tools/language-host/), since
//                                   the Go proxy refuses Pulumi's (see tools/language-host/main.js).
//                                   That directory goes last on PATH (scripts/pulumi-env.js), so an
//                                   official pulumi-language-nodejs on the user's PATH is preferred.
// Usage: node scripts/pulumi-build.js [--force]   (--force rebuilds the CLI and the YAML host)
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const {
  root,
  binDir,
  fallbackHostDir,
  pulumiBin,
  PULUMI_VERSION,
  LANGUAGE_HOST,
  pulumiEnv,
  languageHost,
} = require("./pulumi-env");
const { installYamlHost } = require("./pulumi-yaml-build");

const force = process.argv.includes("--force");
const cacheDir = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"),
  "pulumi-lockbox",
  `pulumi-${PULUMI_VERSION}`,
);
const cachedBin = path.join(cacheDir, "pulumi");

/** @param {string} msg */
const log = (msg) => console.log(`[pulumi:build] ${msg}`);

/**
 * The version a pulumi binary prints, or "" when it is missing or broken.
 * @param {string} bin
 */
function versionOf(bin) {
  if (!fs.existsSync(bin)) return "";
  const r = spawnSync(bin, ["version"], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return r.status === 0 ? r.stdout.trim() : "";
}

/**
 * Copies a file via a temporary name and rename, so a reader never sees half a binary.
 * @param {string} from
 * @param {string} to
 * @param {number} mode
 */
function copyAtomic(from, to, mode) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, tmp);
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, to);
}

function buildCli() {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.status !== 0) {
    throw new Error(
      "`go` is not on PATH: the Pulumi CLI is built from Go modules (Go >= 1.25 needed, see tools/pulumi/go.mod)",
    );
  }
  log(`building the Pulumi CLI ${PULUMI_VERSION} from Go modules with ${go.stdout.trim()}`);
  log(
    "a cold build downloads ~340 MB of module zips (1.6 GB unpacked) and takes ~5 min on 2 cores; output follows",
  );
  const started = Date.now();
  const out = path.join(binDir, `pulumi.tmp-${process.pid}`);
  fs.mkdirSync(binDir, { recursive: true });
  const r = spawnSync(
    "go",
    [
      "build",
      "-o",
      out,
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      // Without the version ldflag `pulumi version` prints nothing (docs/pulumi-engine.md#building-the-cli).
      `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}`,
      "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    ],
    {
      cwd: path.join(root, "tools", "pulumi"),
      stdio: "inherit",
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" },
    },
  );
  if (r.status !== 0) {
    fs.rmSync(out, { force: true });
    throw new Error(`go build failed (exit ${r.status ?? r.signal})`);
  }
  fs.renameSync(out, pulumiBin);
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function installCli() {
  if (!force) {
    const have = versionOf(pulumiBin);
    if (have === PULUMI_VERSION) {
      log(`pulumi ${have} already in .tools/bin`);
      fillCache();
      return;
    }
    if (versionOf(cachedBin) === PULUMI_VERSION) {
      copyAtomic(cachedBin, pulumiBin, 0o755);
      log(`pulumi ${PULUMI_VERSION} copied from the machine cache ${cacheDir}`);
      return;
    }
  }
  buildCli();
  const built = versionOf(pulumiBin);
  if (built !== PULUMI_VERSION) {
    throw new Error(`the built CLI prints version "${built}", expected ${PULUMI_VERSION}`);
  }
  fillCache();
}

/** Keeps a copy of a good CLI in the machine cache for other clones (best effort). */
function fillCache() {
  if (versionOf(cachedBin) === PULUMI_VERSION) return;
  try {
    copyAtomic(pulumiBin, cachedBin, 0o755);
    log(`cached for other clones in ${cacheDir}`);
  } catch (err) {
    log(`could not fill the machine cache (${err instanceof Error ? err.message : String(err)}); continuing`);
  }
}

function installShims() {
  // Relative paths, so a moved or re-cloned repository keeps working.
  const launcher = [
    "#!/bin/sh",
    "# Generated by scripts/pulumi-build.js: runs tools/language-host on the repository's Node 22.",
    'here=$(cd "$(dirname "$0")" && pwd)',
    'node="$here/../../node_modules/.bin/node"',
    '[ -x "$node" ] || node=node',
    'exec "$node" "$here/../../tools/language-host/main.js" "$@"',
    "",
  ].join("\n");
  const target = path.join(fallbackHostDir, LANGUAGE_HOST);
  fs.mkdirSync(fallbackHostDir, { recursive: true });
  // Earlier builds put the launcher next to the CLI, where it would shadow an official host.
  fs.rmSync(path.join(binDir, LANGUAGE_HOST), { force: true });
  fs.writeFileSync(`${target}.tmp`, launcher, { mode: 0o755 });
  fs.renameSync(`${target}.tmp`, target);

  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
  copyAtomic(
    path.join(sdkDir, "pulumi-resource-pulumi-nodejs"),
    path.join(binDir, "pulumi-resource-pulumi-nodejs"),
    0o755,
  );
  log("installed pulumi-language-nodejs (tools/language-host) and pulumi-resource-pulumi-nodejs");
  const host = languageHost(pulumiEnv());
  if (host && !host.bundled) {
    log(`the engine will use the official language host found on PATH: ${host.path}`);
    log("(set LOCKBOX_LANGUAGE_HOST=bundled to use tools/language-host instead)");
  }
}

try {
  installCli();
  installShims();
  installYamlHost({ force });
} catch (err) {
  console.error(`[pulumi:build] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
