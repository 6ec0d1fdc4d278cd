/**
 * The counters of `GET /_local/stats`, by route ("POST /lockbox/v1/secrets"): requests answered
 * (whatever the status), kept apart from requests never answered because a fault dropped the
 * connection (`dropped`, before or after committing) or the client went away before its request
 * was read (`aborted`). `mutations` counts the mutating calls the service handled: answered, or
 * committed and then dropped. `inFlight` counts the requests routed and not yet finished.
 */
export type Outcome = "answered" | "dropped" | "committedThenDropped" | "aborted";

/** A snapshot of the counters. */
export interface StatsSnapshot {
  requests: Record<string, number>;
  mutations: number;
  dropped: Record<string, number>;
  aborted: Record<string, number>;
  inFlight: Record<string, number>;
}

/** Request counters. */
export class Stats {
  private requests: Record<string, number> = {};
  private dropped: Record<string, number> = {};
  private aborted: Record<string, number> = {};
  private mutations = 0;
  private inFlight: Record<string, number> = {};

  /** A request was routed; call the returned function once with how it ended. */
  start(key: string, mutating: boolean): (outcome: Outcome) => void {
    const bump = (m: Record<string, number>, by = 1) => {
      m[key] = (m[key] ?? 0) + by;
      if (m[key] === 0) delete m[key];
    };
    bump(this.inFlight);
    let ended = false;
    return (outcome) => {
      if (ended) return;
      ended = true;
      bump(this.inFlight, -1);
      if (outcome === "answered") bump(this.requests);
      else if (outcome === "aborted") bump(this.aborted);
      else bump(this.dropped);
      if (mutating && (outcome === "answered" || outcome === "committedThenDropped")) this.mutations++;
    };
  }

  snapshot(): StatsSnapshot {
    return {
      requests: { ...this.requests },
      mutations: this.mutations,
      dropped: { ...this.dropped },
      aborted: { ...this.aborted },
      inFlight: { ...this.inFlight },
    };
  }

  /** Zeroes the counters (requests in flight stay counted as such). */
  reset(): void {
    this.requests = {};
    this.dropped = {};
    this.aborted = {};
    this.mutations = 0;
  }
}
