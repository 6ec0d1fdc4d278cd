/**
 * End-to-end harness: drives the real Pulumi CLI (built into `.tools/bin` by `npm run pulumi:build`)
 * against a program directory, with a fresh file backend, PULUMI_HOME and stack config per stack.
 *
 * Programs live inside this repository, so `require("pulumi-lockbox")` and `@pulumi/pulumi` resolve
 * from the repository's node_modules. Give the program's Pulumi.yaml a `main:` (e.g. `main: index.ts`):
 * without it the runner falls back to the nearest package.json, which is the repository's own.
 *
 * @example
 * const stack = await createStack({ programDir: fixture("engine-program"), config: { dir }, secrets: { token } });
 * await stack.up();
 * const state = await stack.exportStack();
 * await stack.destroy();
 */
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "./hooks";

interface PulumiEnvModule {
  root: string;
  pulumiBin: string;
  pulumiEnv(options?: {
    stateDir?: string;
    pulumiHome?: string;
    base?: NodeJS.ProcessEnv;
  }): NodeJS.ProcessEnv;
}
const pulumiEnvModule = require("../../scripts/pulumi-env") as PulumiEnvModule;

/** Absolute path of the repository root. */
export const repoRoot: string = pulumiEnvModule.root;

/** Absolute path of a directory under `test/fixtures/`. */
export function fixture(name: string): string {
  return path.join(repoRoot, "test", "fixtures", name);
}

/** What a CLI run produced. */
export interface PulumiResult {
  /** The CLI's exit code (non-zero only when the command was allowed to fail). */
  code: number;
  /** Everything the CLI wrote to stdout. */
  stdout: string;
  /** Everything the CLI wrote to stderr. */
  stderr: string;
  /** stdout parsed as JSON when the command ran with `--json` and printed valid JSON. */
  json?: unknown;
}

/** Options for one `up`, `preview`, `refresh` or `destroy`. */
export interface RunOptions {
  /** Policy pack directories, each passed as `--policy-pack <dir>`. */
  policyPacks?: string[];
  /** Policy config JSON files, each passed as `--policy-pack-config <file>` (same order as `policyPacks`). */
  policyPackConfigs?: string[];
  /** Adds `--json` and parses stdout into `result.json`. */
  json?: boolean;
  /** Returns a non-zero exit as a result instead of throwing. */
  allowFailure?: boolean;
  /** Extra CLI arguments, appended last. */
  args?: string[];
  /** Extra environment for this run only. */
  env?: Record<string, string>;
  /** Kills the CLI (and its process group) after this many ms. Default 300 000. */
  timeoutMs?: number;
}

/** Options for {@link createStack}. */
export interface StackOptions {
  /** Directory holding the program's Pulumi.yaml. */
  programDir: string;
  /** Stack name; a unique `t<random>` by default. */
  stackName?: string;
  /** Plain config values, keyed by name (`key` becomes `<project>:key`) or a full `ns:key`. */
  config?: Record<string, string>;
  /** Secret config values; each is encrypted with the passphrase and never put on a command line. */
  secrets?: Record<string, string>;
  /** Environment added to every CLI run of this stack (e.g. `LOCKBOX_ENDPOINT`). */
  env?: Record<string, string>;
  /**
   * Destroys remaining resources before removing the stack at cleanup. Default true, so a failing
   * test leaves nothing behind in the services the program talks to.
   */
  destroyOnCleanup?: boolean;
}

/** A stack of a program, with its own state directory, PULUMI_HOME and config file. */
export interface PulumiStack {
  /** The stack name. */
  readonly name: string;
  /** The program directory. */
  readonly programDir: string;
  /** Temporary directory owned by this stack (removed at cleanup). */
  readonly workDir: string;
  /** The stack's config file (`Pulumi.<stack>.yaml`, inside `workDir`). */
  readonly configFile: string;
  /** The environment every CLI run of this stack gets. */
  readonly env: NodeJS.ProcessEnv;
  /** Sets one config value; secrets go through stdin, never the command line. */
  setConfig(key: string, value: string, options?: { secret?: boolean }): Promise<void>;
  /** `pulumi up --yes --skip-preview`. */
  up(options?: RunOptions): Promise<PulumiResult>;
  /** `pulumi preview`. With `json: true`, `result.json` holds the steps. */
  preview(options?: RunOptions): Promise<PulumiResult>;
  /** `pulumi refresh --yes --skip-preview`. */
  refresh(options?: RunOptions): Promise<PulumiResult>;
  /** `pulumi destroy --yes --skip-preview`. */
  destroy(options?: RunOptions): Promise<PulumiResult>;
  /** `pulumi stack export`: the checkpoint (secrets stay encrypted). */
  exportStack(): Promise<StackExport>;
  /** `pulumi stack output --json`; secrets appear as "[secret]" unless `showSecrets`. */
  outputs(options?: { showSecrets?: boolean }): Promise<Record<string, unknown>>;
  /** Any other CLI command, run in the program directory with this stack selected (`-s`). */
  run(args: string[], options?: RunOptions): Promise<PulumiResult>;
  /** Destroys (if `destroyOnCleanup`) and removes the stack and its directory. Runs once. */
  remove(): Promise<void>;
}

/** The parts of `pulumi stack export` tests look at. */
export interface StackExport {
  version: number;
  deployment: {
    resources?: ExportedResource[];
    [key: string]: unknown;
  };
}

/** One resource in a stack export. */
export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Whether the lockbox-local a stack's config points at (`lockbox:endpoint`) still answers; true when
 * the config names no endpoint (the program may reach a server some other way).
 */
async function endpointAnswers(configFile: string): Promise<boolean> {
  const text = fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : "";
  const m = /^\s*lockbox:endpoint:\s*"?([^"\s]+)"?\s*$/m.exec(text);
  if (!m) return true;
  try {
    await fetch(`${m[1]!.replace(/\/+$/, "")}/health`, { signal: AbortSignal.timeout(2000) });
    return true; // any answer: something listens there
  } catch {
    return false;
  }
}

/**
 * Creates a stack for `programDir` in a fresh temporary backend, applies its config and registers
 * its removal with the root cleanup hook (`onCleanup`), so call it inside a test or `before` hook.
 */
export async function createStack(options: StackOptions): Promise<PulumiStack> {
  if (!fs.existsSync(pulumiEnvModule.pulumiBin)) {
    throw new Error("The Pulumi CLI is not built: run `npm run pulumi:build` (npm test does it first).");
  }
  const programDir = path.resolve(options.programDir);
  if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) {
    throw new Error(`${programDir} has no Pulumi.yaml`);
  }
  const name = options.stackName ?? `t${crypto.randomBytes(5).toString("hex")}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-e2e-"));
  const stateDir = path.join(workDir, "state");
  const pulumiHome = path.join(workDir, "home");
  fs.mkdirSync(stateDir);
  fs.mkdirSync(pulumiHome);
  const configFile = path.join(workDir, `Pulumi.${name}.yaml`);
  const env: NodeJS.ProcessEnv = {
    ...pulumiEnvModule.pulumiEnv({ stateDir, pulumiHome }),
    // `npm run typecheck` already checks programs; skipping ts-node's check saves seconds per run.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...options.env,
  };
  const destroyOnCleanup = options.destroyOnCleanup ?? true;

  const cli = (
    args: string[],
    run: RunOptions & { input?: string; withConfig?: boolean; positional?: string[] } = {},
  ) => {
    const full = [...args, "--stack", name, "--non-interactive"];
    if (run.withConfig !== false) full.push("--config-file", configFile);
    // Values go after "--" so one starting with "-" is not read as a flag.
    if (run.positional) full.push("--", ...run.positional);
    return runPulumi(full, { ...run, cwd: programDir, env: { ...env, ...run.env } });
  };
  const updateArgs = (verb: string, run: RunOptions = {}) => {
    const args = [verb];
    if (verb !== "preview") args.push("--yes", "--skip-preview");
    for (const pack of run.policyPacks ?? []) args.push("--policy-pack", path.resolve(pack));
    for (const cfg of run.policyPackConfigs ?? []) args.push("--policy-pack-config", path.resolve(cfg));
    if (run.json) args.push("--json");
    args.push(...(run.args ?? []));
    return args;
  };

  let removed = false;
  const stack: PulumiStack = {
    name,
    programDir,
    workDir,
    configFile,
    env,
    async setConfig(key, value, opts = {}) {
      if (opts.secret) await cli(["config", "set", "--secret", key], { input: value });
      else await cli(["config", "set"], { positional: [key, value] });
    },
    up: (run) => cli(updateArgs("up", run), run),
    preview: (run) => cli(updateArgs("preview", run), run),
    refresh: (run) => cli(updateArgs("refresh", run), run),
    destroy: (run) => cli(updateArgs("destroy", run), run),
    async exportStack() {
      const r = await cli(["stack", "export"], { withConfig: false });
      return JSON.parse(r.stdout) as StackExport;
    },
    async outputs(opts = {}) {
      const args = ["stack", "output", "--json"];
      if (opts.showSecrets) args.push("--show-secrets");
      const r = await cli(args, { withConfig: false });
      return JSON.parse(r.stdout) as Record<string, unknown>;
    },
    run: (args, run) => cli(args, run),
    async remove() {
      if (removed) return;
      removed = true;
      try {
        // Destroy only what still exists: a stack whose lockbox-local has stopped (its suite's
        // after() ran first) has nothing left to delete, and a destroy would only wait out the
        // provider's retries (about 5 s a stack). The backend and PULUMI_HOME live in workDir, so
        // removing the directory removes the stack; no `pulumi stack rm` is needed.
        if (destroyOnCleanup && (await endpointAnswers(configFile))) {
          const state = await stack.exportStack().catch(() => undefined);
          if ((state?.deployment.resources ?? []).length > 0) await stack.destroy({ allowFailure: true });
        }
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
  onCleanup(() => stack.remove());

  await runPulumi(["stack", "init", name, "--non-interactive"], { cwd: programDir, env });
  // `stack init` has no --config-file: it writes the passphrase salt to Pulumi.<stack>.yaml beside
  // Pulumi.yaml. Move that file into the stack's own directory so the repository stays clean.
  const initial = path.join(programDir, `Pulumi.${name}.yaml`);
  if (fs.existsSync(initial)) {
    fs.copyFileSync(initial, configFile);
    fs.rmSync(initial);
  }
  for (const [key, value] of Object.entries(options.config ?? {})) await stack.setConfig(key, value);
  for (const [key, value] of Object.entries(options.secrets ?? {}))
    await stack.setConfig(key, value, { secret: true });
  return stack;
}

/**
 * Runs the CLI once. The CLI gets its own process group so a timeout can stop it together with
 * the language host and providers it started (docs/pulumi-engine.md#plugin-lookup).
 */
export function runPulumi(
  args: string[],
  options: Omit<RunOptions, "env"> & { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<PulumiResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  return new Promise((resolve, reject) => {
    const child = spawn(pulumiEnvModule.pulumiBin, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.stdin.end(options.input ?? "");
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGINT");
      setTimeout(() => killGroup("SIGKILL"), 10_000).unref();
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const result: PulumiResult = { code: code ?? 1, stdout, stderr };
      if (options.json) {
        try {
          result.json = JSON.parse(stdout) as unknown;
        } catch {
          // not JSON (e.g. the run failed before printing it)
        }
      }
      if (timedOut) {
        reject(
          new Error(`pulumi ${args.join(" ")} timed out after ${timeoutMs} ms\n${tail(stdout, stderr)}`),
        );
      } else if ((code !== 0 || signal) && !options.allowFailure) {
        reject(new Error(`pulumi ${args.join(" ")} exited with ${code ?? signal}\n${tail(stdout, stderr)}`));
      } else {
        resolve(result);
      }
    });
  });
}

/** The last lines of a run's output, for error messages. */
function tail(stdout: string, stderr: string): string {
  const last = (s: string) => s.split("\n").slice(-40).join("\n");
  return `--- stdout (tail) ---\n${last(stdout)}\n--- stderr (tail) ---\n${last(stderr)}`;
}
