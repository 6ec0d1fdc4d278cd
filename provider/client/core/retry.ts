/**
 * The retry policy: two pure functions the request loop calls
 * (docs/conventions.md#retries-are-two-pure-functions).
 */
import { GRPC_CODES } from "../../api/common";
import { isAPIError, isAbort, isConnectionError, isLockboxError } from "./errors";

/** Methods that never change state, so a retry is always safe. */
const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];

/** API codes that will not change on a retry (docs/lockbox-api.md#status-codes). */
const NEVER_RETRY_CODES: readonly number[] = [
  GRPC_CODES.INVALID_ARGUMENT,
  GRPC_CODES.PERMISSION_DENIED,
  GRPC_CODES.NOT_FOUND,
  GRPC_CODES.FAILED_PRECONDITION,
  GRPC_CODES.ALREADY_EXISTS,
  GRPC_CODES.UNAUTHENTICATED,
  GRPC_CODES.OUT_OF_RANGE,
  GRPC_CODES.UNIMPLEMENTED,
  GRPC_CODES.CANCELLED,
  GRPC_CODES.DATA_LOSS,
];

/** API codes that describe a transient condition. */
const RETRY_CODES: readonly number[] = [
  GRPC_CODES.UNAVAILABLE,
  GRPC_CODES.RESOURCE_EXHAUSTED,
  GRPC_CODES.ABORTED,
  GRPC_CODES.INTERNAL,
  GRPC_CODES.DEADLINE_EXCEEDED,
  GRPC_CODES.UNKNOWN,
];

/** HTTP statuses retried when the body carries no API code. */
const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/** What went wrong on one attempt: an error the client threw, or a bare status (and optional API code). */
export type AttemptFailure =
  unknown | number | { readonly status: number; readonly code?: number | undefined };

function classify(
  failure: AttemptFailure,
): { kind: "connection" } | { kind: "api"; status: number; code?: number } | undefined {
  if (typeof failure === "number") return { kind: "api", status: failure };
  if (isAbort(failure)) return undefined;
  if (isConnectionError(failure)) return { kind: "connection" };
  if (isAPIError(failure)) {
    return failure.code === undefined
      ? { kind: "api", status: failure.status }
      : { kind: "api", status: failure.status, code: failure.code };
  }
  if (isLockboxError(failure)) return undefined;
  if (
    typeof failure === "object" &&
    failure !== null &&
    typeof (failure as { status?: unknown }).status === "number"
  ) {
    const f = failure as { status: number; code?: unknown };
    return typeof f.code === "number"
      ? { kind: "api", status: f.status, code: f.code }
      : { kind: "api", status: f.status };
  }
  return undefined;
}

/**
 * Decides whether one failed attempt may be retried.
 *
 * A mutating call (POST, PATCH, DELETE) is retried only with an `Idempotency-Key`, which the Lockbox API
 * honours by returning the first call's Operation (docs/lockbox-api.md#idempotency-keys); without one a retry
 * after a dropped response could run the mutation twice. Classification uses the API's code when the body has
 * one, the HTTP status otherwise; a bare 409 is not retried because it usually means a real conflict.
 *
 * @param failure the error of the attempt, an HTTP status, or `{ status, code }`
 * @param method the HTTP method
 * @param hasIdempotencyKey whether the request carried an `Idempotency-Key`
 */
export function shouldRetry(failure: AttemptFailure, method: string, hasIdempotencyKey: boolean): boolean {
  const c = classify(failure);
  if (c === undefined) return false;
  if (!SAFE_METHODS.includes(method.toUpperCase()) && !hasIdempotencyKey) return false;
  if (c.kind === "connection") return true;
  if (c.code !== undefined) {
    if (NEVER_RETRY_CODES.includes(c.code)) return false;
    if (RETRY_CODES.includes(c.code)) return true;
  }
  return RETRY_STATUSES.includes(c.status);
}

/** Tunables of {@link backoffDelay}; every field has a default. */
export interface BackoffOptions {
  /** Delay before the first retry, ms (default 250). */
  readonly baseDelay?: number;
  /** Largest computed delay, ms (default 8000). */
  readonly maxDelay?: number;
  /** Largest `Retry-After` honoured, ms (default 30000); longer values are capped to it. */
  readonly maxRetryAfter?: number;
  /** A number in [0, 1) used for jitter (default `Math.random()`); pass one to make the result exact. */
  readonly random?: number;
  /** Current time in ms, for `Retry-After` given as an HTTP date (default `Date.now()`). */
  readonly now?: number;
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only an HTTP date is accepted besides seconds; Date.parse would also read "-1" as a year.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry).
 *
 * A readable `Retry-After` wins, capped at `maxRetryAfter`; otherwise exponential backoff
 * `baseDelay * 2^(attempt-1)` up to `maxDelay`, minus up to 25% jitter so concurrent clients spread out.
 */
export function backoffDelay(
  attempt: number,
  retryAfterHeader?: string | null,
  options: BackoffOptions = {},
): number {
  const { baseDelay = 250, maxDelay = 8000, maxRetryAfter = 30_000 } = options;
  const retryAfter = parseRetryAfter(retryAfterHeader, options.now ?? Date.now());
  if (retryAfter !== undefined) return Math.min(retryAfter, maxRetryAfter);
  const random = options.random ?? Math.random();
  const exp = Math.min(maxDelay, baseDelay * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (1 - 0.25 * random));
}
