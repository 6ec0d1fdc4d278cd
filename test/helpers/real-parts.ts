/**
 * The real parts a suite cannot test without (Chromium, the Pulumi CLI, Go for a language host).
 * When one is missing the suite fails, naming what is missing and why: a skipped suite would let a
 * run that tested nothing look green. For local work on a machine without the part,
 * LOCKBOX_TEST_ALLOW_MISSING (a comma-separated list of part names, or "all") turns that failure
 * into a skip, and the closing summary of scripts/test.js lists each such skip with its reason.
 * Under CI=true the variable is ignored: CI always fails.
 */
import * as fs from "node:fs";
import type { Context } from "mocha";

/** Names of the parts a suite may require (LOCKBOX_TEST_ALLOW_MISSING takes these). */
export type RealPart = "chromium" | "pulumi" | "go";

/** Whether a missing `part` may be skipped in this run (never under CI=true). */
export function mayBeMissing(part: RealPart, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CI === "true" || env.CI === "1") return false;
  const allowed = (env.LOCKBOX_TEST_ALLOW_MISSING ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return allowed.includes("all") || allowed.includes(part);
}

/**
 * Call from a `before` hook when `part` cannot be had: throws (the suite fails with `reason`), or,
 * when LOCKBOX_TEST_ALLOW_MISSING allows it, records the skip for the summary and skips the suite.
 */
export function missingRealPart(ctx: Context, part: RealPart, reason: string): never {
  if (!mayBeMissing(part)) {
    throw new Error(
      `${part} is needed by this suite and cannot be used here: ${reason}. ` +
        `(For local work only: LOCKBOX_TEST_ALLOW_MISSING=${part} skips the suite instead; CI=true never does.)`,
    );
  }
  const line = `${part}: ${reason} (allowed by LOCKBOX_TEST_ALLOW_MISSING)`;
  console.log(`      skipped: ${line}`);
  if (process.env.LOCKBOX_TEST_SKIPS) fs.appendFileSync(process.env.LOCKBOX_TEST_SKIPS, line + "\n");
  ctx.skip();
  throw new Error("unreachable: mocha's skip() throws");
}
