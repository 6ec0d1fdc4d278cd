/**
 * Root hooks shared by every suite. Anything a test starts (servers, child processes, Pulumi stacks)
 * registers a cleanup here so a failing test never leaves a process, port or stack behind.
 */
import type { Context } from "mocha";

const cleanups: Array<{ label: string; fn: () => Promise<void> | void }> = [];

/**
 * Registers a cleanup that runs once, after every test of the run has finished (in reverse order of
 * registration). A suite that needs its resources gone sooner should release them in its own `after`.
 */
export function onCleanup(fn: () => Promise<void> | void, label = fn.name || "cleanup"): void {
  cleanups.push({ label, fn });
}

/** The longest the whole cleanup may take: destroying leftover stacks costs seconds per CLI call. */
const CLEANUP_TIMEOUT_MS = 10 * 60_000;

export const mochaHooks = {
  async afterAll(this: Context): Promise<void> {
    this.timeout(CLEANUP_TIMEOUT_MS);
    const failures: string[] = [];
    while (cleanups.length > 0) {
      const { label, fn } = cleanups.pop()!;
      try {
        await fn();
      } catch (err) {
        // Keep going: one failed cleanup must not leave the others' processes behind.
        failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join("\n")}`);
  },
};
