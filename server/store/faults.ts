/**
 * Fault injection: a rate of 503 UNAVAILABLE and 429 RESOURCE_EXHAUSTED answers, dropped
 * connections, and "commit then drop the connection" (the request's effects are committed, then
 * the socket is destroyed before any reply: the case that proves idempotent retries).
 */
import { z } from "zod";
import { formatZodError } from "../errors";

/** A fault configuration; each rate is a probability in [0, 1]. */
export interface FaultSpec {
  /** Rate of 503 UNAVAILABLE answers (nothing executed). */
  unavailable: number;
  /** Rate of 429 RESOURCE_EXHAUSTED answers (nothing executed). */
  rateLimited: number;
  /** Rate of connections destroyed before the request runs. */
  drop: number;
  /** Rate of requests that run and commit, after which the connection is destroyed unanswered. */
  commitThenDrop: number;
  /** Which requests are eligible: only mutating calls, or every API call. */
  only: "mutations" | "all";
  /** Stop injecting after this many faults (0 = no limit). */
  times: number;
}

/** What the fault injector decided for one request. */
export type FaultDecision = "none" | "unavailable" | "rateLimited" | "drop" | "commitThenDrop";

const rate = () => z.number().min(0).max(1);

/** The schema of `POST /_local/faults` and of `--faults` once parsed. */
export const faultSpecSchema = () =>
  z.strictObject({
    unavailable: rate().default(0),
    rateLimited: rate().default(0),
    drop: rate().default(0),
    commitThenDrop: rate().default(0),
    only: z.enum(["mutations", "all"]).default("mutations"),
    times: z.number().int().min(0).default(0),
  });

/** No faults. */
export const NO_FAULTS: FaultSpec = {
  unavailable: 0,
  rateLimited: 0,
  drop: 0,
  commitThenDrop: 0,
  only: "mutations",
  times: 0,
};

/**
 * Parses a `--faults` string such as `unavailable=0.1,commitThenDrop=0.05,only=all,times=3`
 * (a JSON object is accepted too).
 */
export function parseFaultSpec(text: string): FaultSpec {
  let raw: Record<string, unknown> = {};
  const t = text.trim();
  if (t.startsWith("{")) raw = JSON.parse(t) as Record<string, unknown>;
  else if (t !== "") {
    for (const part of t.split(",")) {
      const [k, v] = part.split("=").map((s) => s.trim());
      if (!k || v === undefined) throw new Error(`--faults: "${part}" is not key=value`);
      raw[k] = k === "only" ? v : Number(v);
    }
  }
  const parsed = faultSpecSchema().safeParse(raw);
  if (!parsed.success) throw new Error(`--faults: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/** Decides faults for requests; holds the current spec and how many faults it has injected. */
export class FaultInjector {
  private spec: FaultSpec = NO_FAULTS;
  private injected = 0;

  constructor(
    spec?: FaultSpec,
    private readonly random: () => number = Math.random,
  ) {
    if (spec) this.set(spec);
  }

  /** Replaces the configuration and resets the injected-fault counter. */
  set(spec: FaultSpec): void {
    this.spec = { ...spec };
    this.injected = 0;
  }

  /** The current configuration and the number of faults injected so far. */
  current(): FaultSpec & { injected: number } {
    return { ...this.spec, injected: this.injected };
  }

  /** Picks the fault (if any) for one request. */
  decide(mutating: boolean): FaultDecision {
    const s = this.spec;
    if (s.only === "mutations" && !mutating) return "none";
    if (s.times > 0 && this.injected >= s.times) return "none";
    let r = this.random();
    for (const kind of ["unavailable", "rateLimited", "drop", "commitThenDrop"] as const) {
      if (r < s[kind]) {
        this.injected++;
        return kind;
      }
      r -= s[kind];
    }
    return "none";
  }
}
