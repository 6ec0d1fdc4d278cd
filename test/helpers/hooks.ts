/**
 * Root hooks shared by every suite. Anything a test starts (servers, child processes) registers a
 * cleanup here so a failing test never leaves a process or port behind.
 */
const cleanups: Array<() => Promise<void> | void> = [];

/** Registers a cleanup that runs after the current test file's tests (in reverse order). */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    while (cleanups.length > 0) {
      const fn = cleanups.pop()!;
      await fn();
    }
  },
};
