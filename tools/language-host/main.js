#!/usr/bin/env node
// @ts-check
"use strict";
// pulumi-language-nodejs for this repository: a LanguageRuntime gRPC server written in JavaScript.
//
// Why it exists: the Go module proxy refuses every version of
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 ("403 This module version is not
// available"), so the official host cannot be built here. The engine (`pulumi`, built from Go
// modules) starts this process with one argument, the engine address, reads the port from the first
// line of stdout and then calls the methods below. Programs and policy packs run on the same Node.js
// binary that runs this host (Node 22 from node_modules), through the entry points shipped in
// @pulumi/pulumi (`cmd/run`, `cmd/run-policy-pack`, `cmd/run-plugin`).
//
// Unimplemented on purpose (the engine gets gRPC UNIMPLEMENTED, which it handles): code generation
// (GenerateProgram/Project/Package), Pack, Link, Template, RuntimeOptionsPrompts.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");
const { grpc, emptyPb, languagePb, languageGrpc, pluginPb, sdkVersion } = require("./proto");
const { createPolicyProxy } = require("./policy-proxy");
const {
  exitError,
  installedVersion,
  locate,
  parsePort,
  resourcePackages,
  runnerConfig,
  runtimeOptions: optionsOf,
  splitEnv,
} = require("./helpers");

/** Preloaded into programs to avoid a Node.js hang when errors are formatted (see preload.js). */
const PRELOAD = path.join(__dirname, "preload.js");

/** Exit code with which @pulumi/pulumi's runner says "the user already saw an actionable message". */
const EXIT_ALREADY_REPORTED = 32;

let engineAddress = process.argv.slice(2).find((a) => !a.startsWith("-")) ?? "";
/** @type {Set<import("node:child_process").ChildProcess>} */
const children = new Set();

/**
 * A gRPC server call. The generated protobuf classes are untyped JavaScript, so requests are `any`.
 * @typedef {{
 *   request: any,
 *   on(event: string, listener: (...args: any[]) => void): unknown,
 *   write(message: unknown): unknown,
 *   end(): void,
 *   destroy(err?: Error): void,
 * }} GrpcCall
 */
/** @typedef {(err: Error | null, res?: unknown) => void} Callback a unary call's answer */
/** @typedef {import("node:child_process").ChildProcess} ChildProcess */

/** How long an interrupted child may take to exit before it is killed. */
const STOP_GRACE_MS = 5000;

/**
 * Spawns a child that dies with this host: it stays in our process group (the engine kills plugins
 * by group), and is signalled when the host exits or the call is cancelled.
 * @param {string[]} args
 * @param {import("node:child_process").SpawnOptions} options
 * @param {string} [file] the executable; this Node.js binary unless given
 */
function spawnChild(args, options, file = process.execPath) {
  const child = spawn(file, args, options);
  children.add(child);
  child.on("exit", () => children.delete(child));
  child.on("error", () => children.delete(child));
  return child;
}

/**
 * Whether a child has exited (or never started).
 * @param {ChildProcess} child
 */
function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null || !children.has(child);
}

/**
 * Interrupts a child, and kills it if it has not exited STOP_GRACE_MS later.
 * @param {ChildProcess} child
 */
function stopChild(child) {
  if (hasExited(child)) return;
  child.kill("SIGINT");
  setTimeout(() => {
    if (!hasExited(child)) child.kill("SIGKILL");
  }, STOP_GRACE_MS).unref();
}

/**
 * Resolves when a child has exited (or failed to start).
 * @param {ChildProcess} child
 * @returns {Promise<void>}
 */
function exited(child) {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
}

/**
 * Reads the runtime options of Pulumi.yaml (`runtime.options`) from a ProgramInfo.
 * @param {any} info
 */
function runtimeOptions(info) {
  return optionsOf(info?.getOptions()?.toJavaScript() ?? {});
}

/**
 * The LanguageRuntime service. Each handler is small; see the file header for what is left out.
 * @type {Record<string, (call: GrpcCall, callback: Callback) => void>}
 */
const runtime = {
  handshake(call, callback) {
    engineAddress = call.request.getEngineAddress() || engineAddress;
    callback(null, new languagePb.LanguageHandshakeResponse());
  },

  getPluginInfo(_call, callback) {
    callback(null, new pluginPb.PluginInfo().setVersion(sdkVersion));
  },

  getRequiredPlugins(call, callback) {
    const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getPwd();
    const res = new languagePb.GetRequiredPluginsResponse();
    for (const p of resourcePackages(dir)) {
      res.addPlugins(
        new pluginPb.PluginDependency().setName(p.name).setKind("resource").setVersion(p.version),
      );
    }
    callback(null, res);
  },

  getRequiredPackages(call, callback) {
    const dir = call.request.getInfo()?.getProgramDirectory() ?? "";
    const res = new languagePb.GetRequiredPackagesResponse();
    for (const p of resourcePackages(dir)) {
      res.addPackages(
        new pluginPb.PackageDependency().setName(p.name).setKind("resource").setVersion(p.version),
      );
    }
    callback(null, res);
  },

  run(call, callback) {
    const req = call.request;
    const info = req.getInfo();
    const programDir = info?.getProgramDirectory() || req.getPwd() || process.cwd();
    let replied = false;
    // A child that fails to spawn may emit both "error" and "exit": answer once.
    const reply = (/** @type {string} */ error, bail = false) => {
      if (replied) return;
      replied = true;
      callback(null, new languagePb.RunResponse().setError(error).setBail(bail));
    };
    let args;
    let env;
    try {
      const opts = runtimeOptions(info);
      const runPath =
        process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH ||
        locate("@pulumi/pulumi/cmd/run", programDir, "npm install");
      args = [...opts.nodeargs, "--require", PRELOAD, runPath];
      const flag = (/** @type {string} */ name, /** @type {unknown} */ value) => {
        if (value) args.push(`--${name}`, String(value));
      };
      flag("monitor", req.getMonitorAddress());
      flag("engine", engineAddress);
      flag("organization", req.getOrganization());
      flag("project", req.getProject());
      flag("root-directory", info?.getRootDirectory());
      flag("stack", req.getStack());
      flag("pwd", programDir);
      if (req.getDryrun()) args.push("--dry-run");
      flag("parallel", req.getParallel());
      args.push(info?.getEntryPoint() || req.getProgram() || ".", ...req.getArgsList());
      env = {
        ...process.env,
        ...opts.env,
        PULUMI_CONFIG: JSON.stringify(runnerConfig(req.getConfigMap().entries())),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
      };
    } catch (err) {
      reply(err instanceof Error ? err.message : String(err));
      return;
    }
    const child = spawnChild(args, { cwd: programDir, env, stdio: ["ignore", "inherit", "inherit"] });
    call.on("cancelled", () => stopChild(child));
    child.on("error", (err) =>
      reply(`Problem executing program (could not run language executor): ${err.message}`),
    );
    child.on("exit", (code, signal) => {
      if (code === EXIT_ALREADY_REPORTED) reply("", true);
      else reply(exitError(code, signal));
    });
  },

  installDependencies(call) {
    // Programs and packs in this repository resolve @pulumi/pulumi from the repository's own
    // node_modules (one `npm ci` at the root). Only a directory that cannot resolve it gets an
    // `npm install`, so a run never mutates the shared tree behind other processes.
    const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getDirectory();
    try {
      require.resolve("@pulumi/pulumi/package.json", { paths: [dir] });
      call.end();
      return;
    } catch {
      // not resolvable: install below
    }
    const npmCli = path.join(
      path.dirname(process.execPath),
      "..",
      "lib",
      "node_modules",
      "npm",
      "bin",
      "npm-cli.js",
    );
    const npmArgs = fs.existsSync(npmCli) ? [npmCli, "install"] : null;
    const child = npmArgs
      ? spawnChild(npmArgs, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
      : spawnChild(["install"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }, "npm");
    call.on("cancelled", () => stopChild(child));
    child.stdout?.on("data", (b) => call.write(new languagePb.InstallDependenciesResponse().setStdout(b)));
    child.stderr?.on("data", (b) => call.write(new languagePb.InstallDependenciesResponse().setStderr(b)));
    child.on("error", (err) => call.destroy(Object.assign(err, { code: grpc.status.UNKNOWN })));
    child.on("exit", (code) => {
      if (code === 0) call.end();
      else
        call.destroy(
          Object.assign(new Error(`npm install exited with code ${code}`), { code: grpc.status.UNKNOWN }),
        );
    });
  },

  about(_call, callback) {
    const res = new languagePb.AboutResponse().setExecutable(process.execPath).setVersion(process.version);
    res.getMetadataMap().set("host", "pulumi-lockbox tools/language-host");
    callback(null, res);
  },

  getProgramDependencies(call, callback) {
    const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getPwd();
    const res = new languagePb.GetProgramDependenciesResponse();
    /** @type {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} */
    let manifest = {};
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    } catch {
      // a program without package.json has no declared dependencies
    }
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).sort();
    for (const name of names) {
      const version = installedVersion(name, dir);
      if (version) res.addDependencies(new languagePb.DependencyInfo().setName(name).setVersion(version));
    }
    callback(null, res);
  },

  runPlugin(call) {
    runPlugin(call).catch((err) => {
      call.destroy(
        Object.assign(err instanceof Error ? err : new Error(String(err)), { code: grpc.status.UNKNOWN }),
      );
    });
  },

  cancel(_call, callback) {
    for (const child of children) stopChild(child);
    callback(null, new emptyPb.Empty());
  },
};

/** What the cancellation promise of a RunPlugin call resolves to. */
const CANCELLED = Symbol("cancelled");

/**
 * RunPlugin: policy packs (kind "analyzer") go through the proxy; other plugins run `cmd/run-plugin`.
 * @param {GrpcCall} call
 */
async function runPlugin(call) {
  const req = call.request;
  const info = req.getInfo();
  const pluginDir = info?.getProgramDirectory() || req.getPwd();
  const isPolicyPack = req.getKind() === "analyzer";
  const opts = runtimeOptions(info);
  const write = (/** @type {"stdout" | "stderr"} */ field, /** @type {Buffer} */ chunk) => {
    const res = new languagePb.RunPluginResponse();
    if (field === "stdout") res.setStdout(chunk);
    else res.setStderr(chunk);
    call.write(res);
  };
  const envList = req.getEnvList();
  /** @type {Record<string, string | undefined>} */
  const env = envList.length > 0 ? Object.fromEntries(envList.map(splitEnv)) : { ...process.env };
  Object.assign(env, opts.env);

  const hint = `npm install in ${pluginDir}`;
  const runPath = isPolicyPack
    ? locate("@pulumi/pulumi/cmd/run-policy-pack", pluginDir, hint)
    : process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || locate("@pulumi/pulumi/cmd/run-plugin", pluginDir, hint);
  // Policy packs take the pack directory last; other plugins take it first (Pulumi's host does the same).
  // Node options come before the script, as in run(); the preload also keeps failing packs from stalling.
  const nodeArgs = [...opts.nodeargs, "--require", PRELOAD, runPath];
  const args = isPolicyPack
    ? [...nodeArgs, ...req.getArgsList(), pluginDir]
    : [...nodeArgs, pluginDir, ...req.getArgsList()];

  // Listen for cancellation before anything is awaited: a cancel while the proxy waits for
  // ConfigureStack must end the call and close the proxy, not leave both behind.
  /** @type {import("node:child_process").ChildProcess | null} */
  let child = null;
  let cancelled = false;
  /** @type {() => void} */
  let onCancel = () => {};
  const cancellation = new Promise((resolve) => {
    onCancel = () => resolve(CANCELLED);
  });
  call.on("cancelled", () => {
    cancelled = true;
    onCancel();
    if (child) stopChild(child);
  });

  let proxy = null;
  if (isPolicyPack) {
    proxy = createPolicyProxy();
    let config;
    try {
      const port = await proxy.start();
      if (cancelled) throw CANCELLED;
      write("stdout", Buffer.from(`${port}\n`));
      config = await Promise.race([proxy.awaitConfiguration(), cancellation]);
      if (config === CANCELLED) throw CANCELLED;
    } catch (err) {
      proxy.close();
      if (err === CANCELLED) return;
      throw err;
    }
    if (config) {
      const set = (/** @type {string} */ k, /** @type {string} */ v) => {
        if (v) env[k] = v;
      };
      set("PULUMI_NODEJS_ORGANIZATION", config.getOrganization());
      set("PULUMI_NODEJS_PROJECT", config.getProject());
      set("PULUMI_NODEJS_STACK", config.getStack());
      set("PULUMI_NODEJS_DRY_RUN", String(config.getDryRun()));
      set("PULUMI_CONFIG", JSON.stringify(Object.fromEntries(config.getConfigMap().entries())));
    }
  }
  if (cancelled) return;

  // Packs always ran with the pack directory as cwd; other plugins run in the engine's pwd.
  const c = spawnChild(args, {
    cwd: isPolicyPack ? pluginDir : req.getPwd() || pluginDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = c;
  c.stderr?.on("data", (b) => write("stderr", b));

  if (proxy) {
    const p = proxy;
    // The pack prints its Analyzer port as the first stdout line; the rest is passed through.
    if (!c.stdout) throw new Error("the policy pack's stdout is not a pipe");
    const lines = readline.createInterface({ input: c.stdout });
    let attached = false;
    lines.on("line", (line) => {
      if (attached) {
        write("stdout", Buffer.from(`${line}\n`));
        return;
      }
      attached = true;
      const port = parsePort(line);
      if (port === undefined) {
        p.fail(new Error(`could not read policy pack port from "${line}"`));
        stopChild(c);
        return;
      }
      p.attach(port).catch((err) => {
        p.fail(new Error(`policy pack configuration failed: ${err.message}`));
        stopChild(c);
      });
    });
  } else {
    c.stdout?.on("data", (b) => write("stdout", b));
  }

  await new Promise((resolve) => {
    let finished = false;
    const finish = (/** @type {string} */ error) => {
      if (finished) return;
      finished = true;
      proxy?.close();
      if (error) call.destroy(Object.assign(new Error(error), { code: grpc.status.UNKNOWN }));
      else call.end();
      resolve(undefined);
    };
    c.on("error", (err) =>
      finish(`Problem executing plugin program (could not run language executor): ${err.message}`),
    );
    c.on("close", (code, signal) => finish(exitError(code, signal)));
  });
}

function main() {
  const server = new grpc.Server();
  server.addService(languageGrpc.LanguageRuntimeService, runtime);
  server.bindAsync(
    "127.0.0.1:0",
    grpc.ServerCredentials.createInsecure(),
    (/** @type {Error | null} */ err, /** @type {number} */ port) => {
      if (err) {
        console.error(`could not start language host RPC server: ${err.message}`);
        process.exit(1);
      }
      // The engine reads this first line to find us.
      process.stdout.write(`${port}\n`);
    },
  );

  // Interrupt the children, give them STOP_GRACE_MS to exit (the timer keeps us alive meanwhile),
  // then kill whatever is left and exit. The "exit" handler is only the last resort.
  let shuttingDown = false;
  const shutdown = () => {
    if (shuttingDown) return;
    shuttingDown = true;
    server.forceShutdown();
    const running = [...children].filter((c) => !hasExited(c));
    for (const child of running) stopChild(child);
    const deadline = setTimeout(() => process.exit(0), STOP_GRACE_MS);
    // exited() never rejects.
    void Promise.all(running.map(exited)).then(() => {
      clearTimeout(deadline);
      process.exit(0);
    });
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("exit", () => {
    for (const child of children) if (!hasExited(child)) child.kill("SIGKILL");
  });
  // If the engine dies without stopping us, we are re-parented: exit rather than linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 1000).unref();
}

if (process.argv.includes("--version")) {
  console.log(sdkVersion);
} else {
  main();
}
