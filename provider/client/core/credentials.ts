/**
 * IAM token sources (docs/lockbox-api.md#iam): a fixed IAM token, or one exchanged at `POST /iam/v1/tokens`
 * for an OAuth token or a service-account JWT, cached and refreshed before it expires.
 */
import { LockboxAbortError } from "./errors";

/** Supplies the bearer token of each request. */
export interface Credentials {
  /** What the token comes from, for messages (never the token): e.g. "YC_TOKEN (OAuth exchange)". */
  readonly source: string;
  /** Whether {@link Credentials.invalidate} can produce a different token. */
  readonly refreshable: boolean;
  /** Resolves a currently valid IAM token. */
  token(signal?: AbortSignal): Promise<string>;
  /** Forgets `token` after the API rejected it, so the next {@link Credentials.token} exchanges again. */
  invalidate(token: string): void;
}

/** A fixed IAM token (`iamToken` / `YC_IAM_TOKEN`); it cannot be refreshed. */
export class StaticCredentials implements Credentials {
  readonly refreshable = false;
  readonly #token: string;

  constructor(
    token: string,
    readonly source: string,
  ) {
    this.#token = token;
  }

  token(): Promise<string> {
    return Promise.resolve(this.#token);
  }

  invalidate(): void {}
}

/** An IAM token as the exchange returns it. */
export interface ExchangedToken {
  /** The IAM token. */
  readonly iamToken: string;
  /** RFC 3339 expiry. */
  readonly expiresAt: string;
}

/**
 * Refresh no later than this long after an exchange: IAM tokens should be renewed about hourly
 * (docs/lockbox-api.md#iam-tokens).
 */
const MAX_TOKEN_AGE_MS = 60 * 60 * 1000;
/** Refresh at least this long before expiry. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
/** A token this close to expiry is not handed out; callers wait for a fresh one instead. */
const EXPIRY_SAFETY_MS = 30 * 1000;
/** After a failed background refresh, wait this long before trying again. */
const RETRY_REFRESH_MS = 30 * 1000;

interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/**
 * A token obtained by an exchange and cached. Once it is due for refresh (an hour old, or 5 minutes before
 * expiry) callers keep getting the cached token while one background exchange runs; only a missing or
 * nearly expired token makes callers wait. Concurrent callers share one in-flight exchange (single flight),
 * and a failed refresh keeps the still-valid token and tries again 30 s later.
 */
export class ExchangedCredentials implements Credentials {
  readonly refreshable = true;
  readonly #exchange: () => Promise<ExchangedToken>;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    exchange: () => Promise<ExchangedToken>,
    readonly source: string,
    now: () => number = Date.now,
  ) {
    this.#exchange = exchange;
    this.#now = now;
  }

  token(signal?: AbortSignal): Promise<string> {
    const now = this.#now();
    const cached = this.#cached;
    if (cached !== undefined && now < cached.refreshAt) return Promise.resolve(cached.token);
    const pending = this.#startRefresh();
    if (cached !== undefined && now < cached.expiresAt - EXPIRY_SAFETY_MS)
      return Promise.resolve(cached.token);
    return signal === undefined ? pending : raceAbort(pending, signal);
  }

  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  #startRefresh(): Promise<string> {
    if (this.#pending === undefined) {
      const pending = this.#refresh().finally(() => {
        this.#pending = undefined;
      });
      // A background refresh has no awaiting caller; its failure is handled in #refresh or by the next caller.
      pending.catch(() => undefined);
      this.#pending = pending;
    }
    return this.#pending;
  }

  async #refresh(): Promise<string> {
    const obtainedAt = this.#now();
    let result: ExchangedToken;
    try {
      result = await this.#exchange();
    } catch (err) {
      const previous = this.#cached;
      const now = this.#now();
      if (previous !== undefined && now < previous.expiresAt - EXPIRY_SAFETY_MS) {
        this.#cached = {
          ...previous,
          refreshAt: Math.min(now + RETRY_REFRESH_MS, previous.expiresAt - EXPIRY_SAFETY_MS),
        };
        return previous.token;
      }
      throw err;
    }
    const parsed = Date.parse(result.expiresAt);
    const expiresAt = Number.isNaN(parsed) ? obtainedAt + MAX_TOKEN_AGE_MS : parsed;
    const margin = Math.min(EXPIRY_MARGIN_MS, Math.max(0, expiresAt - obtainedAt) / 2);
    const refreshAt = Math.min(expiresAt - margin, obtainedAt + MAX_TOKEN_AGE_MS);
    this.#cached = { token: result.iamToken, refreshAt, expiresAt };
    return result.iamToken;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted)
    return Promise.reject(new LockboxAbortError("the request was aborted", { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LockboxAbortError("the request was aborted", { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e as Error);
      },
    );
  });
}
