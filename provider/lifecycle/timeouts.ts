/**
 * Operation timeouts. Dynamic providers do not receive a resource's `customTimeouts` from the engine
 * (the Node.js dynamic-provider host drops the timeout of each request), so the SDK classes copy
 * `opts.customTimeouts` into a hidden `__timeouts` input (milliseconds per step; `__` properties are
 * not shown in diffs). Each step of the provider runs with a deadline from it; every operation wait
 * of the step gets what is left. Without one, the client's `operationTimeout` applies: the stack
 * config `lockbox:operationTimeout`, else 5 minutes.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The hidden input that carries a resource's custom timeouts. */
export const TIMEOUTS_KEY = "__timeouts";

/** A step of a resource that waits for operations. */
export type TimedStep = "create" | "update" | "delete";

/** Custom timeouts per step, in milliseconds. */
export type Timeouts = Partial<Record<TimedStep, number>>;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration the way Pulumi's `customTimeouts` are written ("30s", "5m", "1h30m", "1.5h",
 * "500ms"); a bare number is seconds. Returns milliseconds, or undefined for anything else.
 */
export function parseTimeout(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimeout(Number(text));
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * UNITS[m[2]!]!;
  return ms > 0 ? Math.round(ms) : undefined;
}

/** The custom timeout of `step` recorded in a resource's inputs or outputs, if any. */
export function timeoutOf(props: Record<string, unknown> | undefined, step: TimedStep): number | undefined {
  const t = props?.[TIMEOUTS_KEY] as Timeouts | undefined;
  const v = t?.[step];
  return typeof v === "number" && v > 0 ? v : undefined;
}

interface Deadline {
  at: number;
  /** Names the limit in errors, e.g. "customTimeouts.create (200 ms)". */
  label: string;
}

const deadlines = new AsyncLocalStorage<Deadline>();

/** Runs step `step` of a resource with a deadline `timeoutMs` from now (no deadline when undefined). */
export function withDeadline<T>(
  step: TimedStep,
  timeoutMs: number | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (timeoutMs === undefined) return fn();
  return deadlines.run({ at: Date.now() + timeoutMs, label: `customTimeouts.${step} (${timeoutMs} ms)` }, fn);
}

/** How long an operation wait may take under the current step's deadline (undefined: the client's default). */
export function remainingTime(): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : Math.max(0, deadline.at - Date.now());
}

/** The limit the current step runs under, for error messages (undefined: the client's default). */
export function deadlineLabel(): string | undefined {
  return deadlines.getStore()?.label;
}
