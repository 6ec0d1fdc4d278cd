/**
 * Profiles a `pulumi preview` of a new stack, one `pulumi up`, a no-change `pulumi preview` and a
 * `pulumi destroy` of a bench program against lockbox-local, to find
 * where the engine bench's time goes. Not a benchmark (nothing is compared or recorded in
 * results/): it writes, into the output directory,
 *   - <role>.<pid>.cpuprofile of every Node process (program, language host, dynamic provider),
 *     for Chrome DevTools or any .cpuprofile viewer (bench/profile-hook.js takes them);
 *   - cli.<pid>.cpu, .mem and .trace, the Pulumi CLI's own profiles (`pulumi up --profiling`),
 *     for `go tool pprof -top`;
 * and prints wall time and lockbox-local's CPU time per step.
 *
 * Each step writes into its own subdirectory (preview-new/, up/, preview/, destroy/).
 *
 * Usage: node -r ts-node/register/transpile-only bench/profile.ts [lockbox|noop] [N] [outDir]
 * (outDir defaults to $TMPDIR/lockbox-profile-<side>-<N>)
 * (after `npm run build`, `node scripts/link-self.js` and `npm run pulumi:build`).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createStack } from "../test/helpers/pulumi";
import { REPO, startServer } from "./lib";

/** CPU time (user + system) a process has used so far, in ms (Linux /proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main() {
  const side = process.argv[2] ?? "lockbox";
  const n = Number(process.argv[3] ?? 100);
  const out = resolve(process.argv[4] ?? join(tmpdir(), `lockbox-profile-${side}-${n}`));
  if (!["lockbox", "noop"].includes(side) || !Number.isInteger(n) || n < 1) {
    throw new Error("usage: bench/profile.ts [lockbox|noop] [N] [outDir]");
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const server = await startServer();
  try {
    const stack = await createStack({
      programDir: join(REPO, "bench", "programs", side),
      config: { count: String(n), folderId: "b1gbenchprofile00000" },
      secrets: { value: "bench-value-0123456789" },
      env: { LOCKBOX_ENDPOINT: server.url, YC_IAM_TOKEN: server.token },
      destroyOnCleanup: true,
    });
    const env = { NODE_OPTIONS: `--require ${join(REPO, "bench", "profile-hook.js")}`, PROFILE_DIR: out };
    const steps = [
      ["preview-new", "preview"],
      ["up", "up"],
      ["preview", "preview"],
      ["destroy", "destroy"],
    ] as const;
    for (const [step, verb] of steps) {
      const cpu0 = cpuMs(server.pid);
      const t0 = performance.now();
      const dir = join(out, step);
      mkdirSync(dir, { recursive: true });
      await stack[verb]({
        env: { ...env, PROFILE_DIR: dir },
        args: ["--profiling", join(dir, `cli-${verb}`)],
      });
      const seconds = ((performance.now() - t0) / 1000).toFixed(2);
      console.log(`${side} N=${n} ${step}: ${seconds} s, lockbox-local CPU ${cpuMs(server.pid) - cpu0} ms`);
    }
    await stack.remove();
    console.log(`profiles in ${out}`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
