/**
 * Shared pieces of the benchmarks: a lockbox-local child process, statistics, and the figure record
 * every bench returns. Benchmarks only talk to loopback servers they start, and every loop is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "..");

/** One measured figure: a value, the baseline measured in the same run, and their ratio. */
export interface Figure {
  /** Stable id, also the name `--only` takes (e.g. "engine.up.100"). */
  id: string;
  /** What was measured, for the table. */
  label: string;
  unit: string;
  value: number;
  /** The same measurement of the baseline, in the same run (absent where a figure has none). */
  baseline?: number;
  baselineLabel?: string;
  /** value / baseline, or the figure's own ratio where the baseline is implicit. */
  ratio?: number;
  /** The goal, as text ("<= 1.25x") and as a check on `ratio` (or `value` where there is no ratio). */
  target?: { text: string; met: boolean };
  /** Anything else worth keeping: per-round values, p99, sample sizes. */
  detail?: Record<string, unknown>;
}

/** Options every bench receives. */
export interface BenchOptions {
  /** Small sizes, for the smoke test in `npm test`: proves the harness, measures nothing useful. */
  quick: boolean;
  /** Engine bench: the program sizes to run instead of the defaults. */
  sizes?: number[];
  /** Engine bench: time only the preview of a new stack (no up, preview or destroy). */
  previewNewOnly?: boolean;
  /** Progress lines go here (stderr), so a long run shows where it is. */
  log(line: string): void;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** Builds the target record of a "lower is better" ratio. */
export function atMost(ratio: number, limit: number, suffix = "x"): Figure["target"] {
  return { text: `<= ${limit}${suffix}`, met: ratio <= limit };
}

/** Builds the target record of a "higher is better" ratio. */
export function atLeast(ratio: number, limit: number, suffix = "x"): Figure["target"] {
  return { text: `>= ${limit}${suffix}`, met: ratio >= limit };
}

/** A running lockbox-local child process. */
export interface LocalServer {
  url: string;
  token: string;
  pid: number;
  dataDir: string;
  /** Resident set size of the server process, in bytes (Linux /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/**
 * Starts lockbox-local from the sources (ts-node), on a free loopback port, with its own data dir.
 * Its log goes to a file in the data dir at `logLevel` (default "info", the server's own default,
 * so every request writes its log line as it would for a user), not through a pipe to this
 * process: the load loops run here and must not pay for reading the server's log.
 */
export async function startServer(extraArgs: string[] = [], logLevel = "info"): Promise<LocalServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "lockbox-bench-"));
  const logFile = join(dataDir, "server.log");
  const logFd = openSync(logFile, "a");
  const code = "require('./server/main.ts').main(process.argv.slice(1))";
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "-e",
      code,
      "serve",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--log-level",
      logLevel,
      ...extraArgs,
    ],
    { cwd: REPO, stdio: ["ignore", logFd, logFd], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
  );
  closeSync(logFd);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((r) =>
    child.once("exit", (c) => {
      exitCode = c;
      r();
    }),
  );
  const url = await (async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const out = readFileSync(logFile, "utf8");
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m) return m[1]!;
      if (exitCode !== undefined) throw new Error(`lockbox-local exited (${exitCode}):\n${out}`);
      if (Date.now() > deadline) throw new Error(`lockbox-local did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const token = readFileSync(join(dataDir, "root-token"), "utf8").trim();
  return {
    url,
    token,
    pid: child.pid!,
    dataDir,
    rss: () => rssOf(child.pid!),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident set size of a process, in bytes (0 where /proc is not there). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `sides` in alternating order for `rounds` rounds (a b, b a, a b …), so load from other
 * processes on a shared machine falls on both alike; returns each side's per-round results.
 */
export async function alternate<K extends string, T>(
  rounds: number,
  sides: Record<K, (round: number) => Promise<T>>,
): Promise<Record<K, T[]>> {
  const keys = Object.keys(sides) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) out[k].push(await sides[k](r));
  }
  return out;
}
