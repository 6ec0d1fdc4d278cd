#!/usr/bin/env node
// npm start: the demo, end to end. Builds the package, starts lockbox-local as a child process
// (data in .lockbox-local/), runs `pulumi up --yes --policy-pack policy` on the root Pulumi.yaml
// (examples/quickstart) with the repository's CLI and file backend, prints the policy result, the
// outputs and how to look at the result, then stops the server. Credentials go through stdin into
// encrypted stack config, never argv.
// @ts-check
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { pulumiBin, pulumiEnv } = require("./pulumi-env");

const root = path.resolve(__dirname, "..");
// The directories and port can be moved (the e2e test runs the demo in temp dirs on a free port).
const dataDir = path.resolve(process.env.LOCKBOX_DEMO_DATA_DIR || path.join(root, ".lockbox-local"));
const stateDir = path.resolve(process.env.LOCKBOX_DEMO_STATE_DIR || path.join(root, ".pulumi-state"));
const stack = process.env.LOCKBOX_DEMO_STACK || "demo";
const configFile = path.join(stateDir, `Pulumi.${stack}.yaml`);
const port = process.env.LOCKBOX_LOCAL_PORT || "4588";
const folderId = "b1gdemo";
const policyDir = path.join(root, "policy");

const startTimeoutMs = 60_000;

/** @param {string} line */
const say = (line) => console.log(`\n> ${line}`);

// Set by SIGINT/SIGTERM: the demo then waits for the running CLI to finish, stops the server and exits.
/** @type {NodeJS.Signals | null} */
let interrupted = null;
// The CLI run asynchronously (pulumi up), while it runs; and the server, from spawn until it exits.
/** @type {import("node:child_process").ChildProcess | null} */
let cliChild = null;
/** @type {import("node:child_process").ChildProcess | null} */
let serverChild = null;

/**
 * @typedef {import("node:child_process").SpawnSyncOptions & {
 *   allowFailure?: boolean, noStack?: boolean, config?: boolean, positional?: string[]
 * }} RunOptions `input` goes to stdin; `allowFailure` returns a failed run instead of throwing;
 *   the others shape the CLI's arguments (pulumiArgs)
 */

/**
 * Runs a command to completion; throws when it fails unless `allowFailure`.
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions} [opts]
 */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: opts.input !== undefined ? ["pipe", "inherit", "inherit"] : "inherit",
    ...opts,
  });
  if (r.status !== 0 && !opts.allowFailure)
    throw new Error(`${path.basename(cmd)} ${args[0]} failed (exit ${r.status ?? r.signal})`);
  return r;
}

const env = pulumiEnv({ stateDir });
/**
 * The CLI's arguments: the stack, non-interactive, the config file, and values after "--".
 * @param {string[]} args
 * @param {RunOptions} [opts]
 */
function pulumiArgs(args, opts = {}) {
  const full = opts.noStack
    ? [...args, "--non-interactive"]
    : [...args, "--stack", stack, "--non-interactive"];
  if (opts.config !== false) full.push("--config-file", configFile);
  // Values go last, after "--", so one starting with "-" is not read as a flag.
  if (opts.positional) full.push("--", ...opts.positional);
  return full;
}
/**
 * @param {string[]} args
 * @param {RunOptions} [opts]
 */
function pulumi(args, opts = {}) {
  return run(pulumiBin, pulumiArgs(args, opts), { env, ...opts });
}

/**
 * Runs the CLI with its output shown as it comes and also returned (to read the policy result).
 * @param {string[]} args
 * @returns {Promise<{ code: number | string | null, output: string }>}
 */
function pulumiTee(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumiBin, pulumiArgs(args), { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    cliChild = child;
    let output = "";
    child.stdout.on("data", (/** @type {Buffer} */ b) => {
      process.stdout.write(b);
      output += b.toString("utf8");
    });
    child.stderr.on("data", (/** @type {Buffer} */ b) => {
      process.stderr.write(b);
      output += b.toString("utf8");
    });
    child.on("error", (err) => {
      cliChild = null;
      reject(err);
    });
    child.on("close", (code, signal) => {
      cliChild = null;
      resolve({ code: code ?? signal, output });
    });
  });
}

/**
 * Reads the policy result from `pulumi up` output: the pack's name and version when it ran, and the
 * distinct violation lines per enforcement level.
 * @param {string} output
 */
function policyResult(output) {
  const text = output.replace(/\u001b\[[0-9;]*m/g, "");
  const pack = /\blockbox@v\d+\.\d+\.\d+\S*/.exec(text)?.[0];
  const violations = (/** @type {string} */ level) =>
    new Set(
      text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.includes(`[${level}]`)),
    ).size;
  return { pack, mandatory: violations("mandatory"), advisory: violations("advisory") };
}

/**
 * Starts lockbox-local and resolves with its URL and root token once it prints its ready line. Any
 * failure while starting (early exit, no ready line within the time limit, unreadable token) stops
 * the server before rejecting. The server runs in its own process group: Ctrl-C goes to the CLI,
 * which cancels against a server that is still up, and the server is stopped afterwards.
 * @returns {Promise<{ child: import("node:child_process").ChildProcess, url: string, token: string }>}
 */
function startServer() {
  const child = spawn(
    process.execPath,
    [
      path.join(root, "bin", "lockbox-local.js"),
      "serve",
      "--port",
      port,
      "--data-dir",
      dataDir,
      "--log-level",
      "warn",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  serverChild = child;
  child.once("exit", () => {
    if (serverChild === child) serverChild = null;
  });
  const envToken = process.env.LOCKBOX_LOCAL_ROOT_TOKEN;
  return new Promise((resolve, reject) => {
    let out = "";
    let settled = false;
    const fail = (/** @type {Error} */ err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // stopServer never rejects.
      void stopServer(child).then(() => reject(err));
    };
    const timer = setTimeout(
      () =>
        fail(
          new Error(`lockbox-local did not report that it is listening within ${startTimeoutMs / 1000} s`),
        ),
      startTimeoutMs,
    );
    child.on("error", fail);
    child.on("exit", (code, signal) =>
      fail(new Error(`lockbox-local exited early (${code ?? signal}); is port ${port} in use?`)),
    );
    child.stdout.setEncoding("utf8").on("data", (/** @type {string} */ chunk) => {
      if (settled) return;
      out += chunk;
      const ready = /listening on (https?:\/\/\S+)/.exec(out);
      if (!ready) return;
      try {
        let token = envToken;
        if (!token) {
          const file = /root token file: (.+)/.exec(out);
          if (!file) throw new Error("lockbox-local did not report its root token file");
          token = fs.readFileSync(String(file[1]).trim(), "utf8").trim();
        }
        settled = true;
        clearTimeout(timer);
        child.removeAllListeners("error");
        child.removeAllListeners("exit");
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolve({ child, url: String(ready[1]), token });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        fail(new Error(`lockbox-local started but its root token could not be read: ${reason}`));
      }
    });
  });
}

/**
 * Stops the server (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited.
 * @param {import("node:child_process").ChildProcess | null} child
 * @returns {Promise<void>}
 */
function stopServer(child) {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

async function main() {
  // The e2e test sets LOCKBOX_DEMO_SKIP_BUILD: npm test has just built dist/.
  if (!process.env.LOCKBOX_DEMO_SKIP_BUILD) {
    say("build (tsc -p tsconfig.build.json)");
    run(process.execPath, [
      path.join(root, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "tsconfig.build.json",
    ]);
    run(process.execPath, [path.join(root, "scripts", "link-self.js")]);
  }
  if (!fs.existsSync(pulumiBin)) {
    say("build the Pulumi CLI from Go modules (first run only; takes minutes)");
    run(process.execPath, [path.join(root, "scripts", "pulumi-build.js")]);
  }

  say(`start lockbox-local (data in ${path.relative(root, dataDir)}/)`);
  const server = await startServer();
  if (interrupted) throw new Error(`interrupted (${interrupted})`);
  console.log(`lockbox-local is listening on ${server.url}`);
  try {
    fs.mkdirSync(stateDir, { recursive: true });
    if (!fs.existsSync(configFile)) {
      say(`create stack "${stack}" (file backend in ${path.relative(root, stateDir)}/)`);
      pulumi(["stack", "select", "--create", stack], { config: false, noStack: true });
      // `stack select --create` writes its passphrase salt beside Pulumi.yaml: keep it with the state.
      const initial = path.join(root, `Pulumi.${stack}.yaml`);
      if (fs.existsSync(initial)) fs.renameSync(initial, configFile);
      else fs.writeFileSync(configFile, "");
    }
    pulumi(["stack", "select", stack], { config: false, noStack: true });
    say(
      "configure: endpoint, folder, and the root token and a database password as encrypted secrets (via stdin)",
    );
    pulumi(["config", "set", "lockbox:endpoint"], { positional: [server.url] });
    pulumi(["config", "set", "lockbox:folderId"], { positional: [folderId] });
    pulumi(["config", "set", "--secret", "lockbox:token"], { input: server.token });
    const hasPassword =
      pulumi(["config", "get", "dbPassword"], { allowFailure: true, stdio: "ignore" }).status === 0;
    if (!hasPassword)
      pulumi(["config", "set", "--secret", "dbPassword"], {
        input: crypto.randomBytes(18).toString("base64url"),
      });

    say("pulumi up --yes --policy-pack policy (examples/quickstart, checked by the Lockbox policy pack)");
    const up = await pulumiTee(["up", "--yes", "--skip-preview", "--policy-pack", policyDir]);
    if (interrupted) throw new Error(`interrupted (${interrupted}); pulumi up exited (${up.code})`);
    const policy = policyResult(up.output);
    if (up.code !== 0) {
      if (policy.mandatory > 0)
        throw new Error(
          `policy pack ${policy.pack ?? "lockbox"} failed: ${policy.mandatory} mandatory violation(s) ` +
            "(listed above) stopped the update",
        );
      throw new Error(`pulumi up failed (exit ${up.code})`);
    }
    if (!policy.pack) throw new Error("pulumi up succeeded but the policy pack did not report that it ran");
    say(
      `policy pack ${policy.pack}: passed, 0 mandatory violations` +
        (policy.advisory
          ? `, ${policy.advisory} advisory warning(s) listed above (advisory policies warn, they do not block)`
          : ", no advisory warnings"),
    );
    say("stack outputs");
    pulumi(["stack", "output"], { config: false });

    console.log(`
Done. lockbox-local has been stopped; its data stays in .lockbox-local/ and the Pulumi state in .pulumi-state/.
Look at the result:
  npm run server                                          # lockbox-local again, same data, port ${port}
  npm run pulumi -- stack output --stack ${stack}          # ids of the KMS key, secret and version
  npm run pulumi -- stack export --stack ${stack}          # state: entry values only as encrypted secrets (docs/state-and-secrets.md)
  curl -s -H "Authorization: Bearer $(cat .lockbox-local/root-token)" \\
    "http://127.0.0.1:${port}/lockbox/v1/secrets?folderId=${folderId}"   # the secret, as the API shows it
Clean up:
  npm run server & npm run pulumi -- destroy --yes --stack ${stack} --config-file .pulumi-state/Pulumi.${stack}.yaml
Switch to Yandex Cloud: leave lockbox:endpoint unset, set lockbox:token (IAM token) or lockbox:serviceAccountKeyFile,
and lockbox:folderId to your folder (see README.md).`);
  } finally {
    say("stop lockbox-local");
    await stopServer(server.child);
  }
}

// Ctrl-C reaches the running CLI through the terminal's process group (SIGTERM is forwarded to it):
// let it cancel, then stop the server (main's finally) and exit 130. With no CLI running (the server
// starting), stop the server and exit at once. A CLI run with spawnSync gets the signal from the
// process group too; main then stops at its failure. Repeated signals are ignored.
/** @param {NodeJS.Signals} sig */
function onSignal(sig) {
  if (interrupted) return;
  interrupted = sig;
  if (cliChild) {
    if (sig === "SIGTERM") cliChild.kill("SIGTERM");
    return;
  }
  void stopServer(serverChild).then(() => process.exit(130));
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// Last resort (an unexpected exit): never leave the server running.
process.on("exit", () => serverChild?.kill("SIGKILL"));

main().then(
  () => {
    if (interrupted) process.exit(130);
  },
  (err) => {
    console.error(`\nnpm start ${interrupted ? "interrupted" : "failed"}: ${err.message}`);
    if (interrupted) process.exit(130);
    process.exitCode = 1;
  },
);
