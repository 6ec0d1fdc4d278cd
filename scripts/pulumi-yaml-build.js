// @ts-check
"use strict";
// Part of `npm run pulumi:build`: puts Pulumi's YAML language host, `pulumi-language-yaml`, into
// .tools/bin/ (on the engine's PATH, scripts/pulumi-env.js), so YAML programs such as examples/yaml
// run. It is built from the Go module proxy like the CLI: `go mod download` the pinned module,
// copy it into a writable directory (the module cache is read-only) and `go build` the host there.
// Nothing of pulumi-yaml is committed. A built host is kept in the machine cache
// (~/.cache/pulumi-lockbox/pulumi-language-yaml-<version>/) for other clones, and reused when the
// stamp file next to .tools/bin/pulumi-language-yaml names the pinned version.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { binDir, goEnv, copyAtomic } = require("./pulumi-env");

/** The pulumi-yaml release this repository pins; its language host is built from this module. */
const YAML_MODULE = "github.com/pulumi/pulumi-yaml";
const YAML_VERSION = "v1.25.0";
const YAML_HOST = "pulumi-language-yaml";

const yamlBin = path.join(binDir, YAML_HOST);
const cacheDir = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"),
  "pulumi-lockbox",
  `${YAML_HOST}-${YAML_VERSION}`,
);
const cachedBin = path.join(cacheDir, YAML_HOST);

/** @param {string} msg */
const log = (msg) => console.log(`[pulumi:build] ${msg}`);

/** @param {string} file */
const stampOf = (file) => {
  try {
    return fs.readFileSync(`${file}.version`, "utf8").trim();
  } catch {
    return "";
  }
};

/**
 * True when `file` is an executable with a stamp naming the pinned version.
 * @param {string} file
 */
const current = (file) => fs.existsSync(file) && stampOf(file) === YAML_VERSION;

/** @param {string} file */
function stamp(file) {
  fs.writeFileSync(`${file}.version`, `${YAML_VERSION}\n`);
}

/** Builds the host into .tools/bin from the Go module proxy. */
function build() {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.status !== 0) {
    throw new Error(
      `\`go\` is not on PATH: ${YAML_HOST} (needed by YAML programs) is built from the Go module ${YAML_MODULE}`,
    );
  }
  const started = Date.now();
  log(`building ${YAML_HOST} ${YAML_VERSION} from the Go module proxy with ${go.stdout.trim()}`);
  log("a cold build downloads its modules and takes a few minutes on 2 cores; output follows");
  const dl = spawnSync("go", ["mod", "download", "-json", `${YAML_MODULE}@${YAML_VERSION}`], {
    encoding: "utf8",
    env: goEnv(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (dl.status !== 0) throw new Error(`go mod download ${YAML_MODULE}@${YAML_VERSION} failed`);
  const moduleDir = /** @type {{ Dir?: string }} */ (JSON.parse(dl.stdout)).Dir;
  if (!moduleDir || !fs.existsSync(moduleDir)) throw new Error(`go mod download gave no directory`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-yaml-build-"));
  try {
    const src = path.join(work, "src");
    fs.cpSync(moduleDir, src, { recursive: true });
    // The module cache is read-only; `go build -mod=mod` may update go.sum in the copy.
    for (const f of ["go.mod", "go.sum"]) fs.chmodSync(path.join(src, f), 0o644);
    const out = path.join(binDir, `${YAML_HOST}.tmp-${process.pid}`);
    fs.mkdirSync(binDir, { recursive: true });
    log(`go build ./cmd/${YAML_HOST} in ${src}`);
    const r = spawnSync(
      "go",
      [
        "build",
        "-o",
        out,
        "-trimpath",
        "-ldflags",
        `-s -w -X ${YAML_MODULE}/pkg/version.Version=${YAML_VERSION}`,
        `./cmd/${YAML_HOST}`,
      ],
      { cwd: src, stdio: "inherit", env: goEnv() },
    );
    if (r.status !== 0) {
      fs.rmSync(out, { force: true });
      throw new Error(`go build of ${YAML_HOST} failed (exit ${r.status ?? r.signal})`);
    }
    fs.renameSync(out, yamlBin);
    stamp(yamlBin);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  log(`built ${YAML_HOST} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Installs `pulumi-language-yaml` into .tools/bin: kept when already there at the pinned version,
 * copied from the machine cache, or built.
 * @param {{ force?: boolean }} [options] force: rebuild even when present
 */
function installYamlHost(options = {}) {
  if (!options.force) {
    if (current(yamlBin)) {
      log(`${YAML_HOST} ${YAML_VERSION} already in .tools/bin`);
      fillCache();
      return;
    }
    if (current(cachedBin)) {
      copyAtomic(cachedBin, yamlBin);
      stamp(yamlBin);
      log(`${YAML_HOST} ${YAML_VERSION} copied from the machine cache ${cacheDir}`);
      return;
    }
  }
  build();
  fillCache();
}

/** Keeps a copy of the built host in the machine cache for other clones (best effort). */
function fillCache() {
  if (current(cachedBin)) return;
  try {
    copyAtomic(yamlBin, cachedBin);
    stamp(cachedBin);
    log(`${YAML_HOST} cached for other clones in ${cacheDir}`);
  } catch (err) {
    log(`could not fill the machine cache (${err instanceof Error ? err.message : String(err)}); continuing`);
  }
}

module.exports = { installYamlHost, YAML_HOST, YAML_VERSION, yamlBin };
