/**
 * The client's one error hierarchy (docs/conventions.md#one-error-hierarchy). {@link errorFromResponse} and
 * {@link errorFromStatus} are the only places that map an HTTP status or API code to a class.
 *
 * Classification survives two loaded copies of this module (a provider bundled next to the SDK):
 * each error carries its class names under a `Symbol.for` key, `instanceof` checks that brand, and the
 * `isNotFound(err)`-style guards read it too.
 */
import { GRPC_CODES, HTTP_STATUS_BY_CODE, codeName as grpcCodeName } from "../../api/common";
import { redactHeaders, type HeaderRecord } from "../internal/headers";

const KINDS = Symbol.for("pulumi-lockbox.error.kinds");

function kindsOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) ? (kinds as string[]) : undefined;
}

function hasKind(value: unknown, kind: string): boolean {
  return kindsOf(value)?.includes(kind) ?? false;
}

/** The request an error came from, with credential headers redacted. */
export interface RequestSummary {
  /** HTTP method. */
  readonly method: string;
  /** Full URL (paths and query never carry secret values). */
  readonly url: string;
  /** Request headers; `Authorization` reads `[REDACTED]`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Builds a {@link RequestSummary}, redacting credentials. */
export function summarizeRequest(method: string, url: string, headers: HeaderRecord): RequestSummary {
  return { method, url, headers: redactHeaders(headers) };
}

/** Root of every error the client throws. */
export class LockboxError extends Error {
  /** Brand name of this class; also its `name`. */
  static readonly kind: string = "LockboxError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && "kind" in c; c = Object.getPrototypeOf(c)) {
      const kind = (c as { kind: string }).kind;
      if (!kinds.includes(kind)) kinds.push(kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
    Object.defineProperty(this, "name", {
      value: kinds[0] ?? "LockboxError",
      enumerable: false,
      writable: true,
    });
  }

  /** `instanceof` checks the brand, so it works across two loaded copies of the client. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, this.kind);
  }
}

/** Configuration is missing or invalid (for example no credentials); the message names option and env variable. */
export class LockboxConfigError extends LockboxError {
  static override readonly kind: string = "LockboxConfigError";
}

/** A request body or argument failed the wire schema before anything was sent. */
export class LockboxValidationError extends LockboxError {
  static override readonly kind: string = "LockboxValidationError";
  /** One `path: message` line per problem; never the offending value. */
  readonly issues: readonly string[];

  constructor(what: string, issues: readonly string[]) {
    super(`invalid ${what}: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

/** Fields shared by every error the API answered. */
export interface APIErrorInit {
  /** HTTP status (for an Operation error: the status Yandex maps its code to). */
  readonly status: number;
  /** google.rpc.Status code, when the body carried one. */
  readonly code?: number | undefined;
  /** The API's message. */
  readonly message: string;
  /** google.rpc.Status details (`@type` + fields). */
  readonly details?: readonly unknown[] | undefined;
  /** Request id from the response header or a RequestInfo detail, else the id the client sent. */
  readonly requestId?: string | undefined;
  /** The request, credentials redacted. */
  readonly request?: RequestSummary | undefined;
  /** Id of the Operation whose `error` this is, when it came from one. */
  readonly operationId?: string | undefined;
  /** Response headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The API answered with an error: an HTTP error status, or a finished Operation carrying `error`. */
export class LockboxAPIError extends LockboxError {
  static override readonly kind: string = "LockboxAPIError";
  /** HTTP status. */
  readonly status: number;
  /** google.rpc code (e.g. 5), when known. */
  readonly code: number | undefined;
  /** Name of the code (e.g. "NOT_FOUND"), when known. */
  readonly codeName: string | undefined;
  /** The API's own message, without the prefix this error's `message` adds. */
  readonly apiMessage: string;
  /** google.rpc.Status details. */
  readonly details: readonly unknown[];
  /** Request id, for support tickets and server logs. */
  readonly requestId: string | undefined;
  /** The request, with `Authorization` redacted. */
  readonly request: RequestSummary | undefined;
  /** Operation id when the error came from a finished Operation. */
  readonly operationId: string | undefined;
  /** Response headers (non-credential). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: APIErrorInit) {
    const name = init.code !== undefined ? grpcCodeName(init.code) : undefined;
    const where = init.operationId !== undefined ? ` (operation ${init.operationId})` : "";
    const rid = init.requestId !== undefined ? ` [request id ${init.requestId}]` : "";
    super(`${init.status} ${name ?? "error"}: ${init.message || "no message"}${where}${rid}`);
    this.status = init.status;
    this.code = init.code;
    this.codeName = name;
    this.apiMessage = init.message;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.request = init.request;
    this.operationId = init.operationId;
    this.headers = init.headers ?? {};
  }

  /** A plain summary that is safe to log. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      status: this.status,
      code: this.code,
      codeName: this.codeName,
      message: this.apiMessage,
      requestId: this.requestId,
      operationId: this.operationId,
      request: this.request,
    };
  }
}

/** INVALID_ARGUMENT / OUT_OF_RANGE, or HTTP 400 without a code. */
export class BadRequestError extends LockboxAPIError {
  static override readonly kind: string = "BadRequestError";
}
/** UNAUTHENTICATED (401): the token is missing, invalid or expired. */
export class UnauthenticatedError extends LockboxAPIError {
  static override readonly kind: string = "UnauthenticatedError";
}
/** PERMISSION_DENIED (403). */
export class PermissionDeniedError extends LockboxAPIError {
  static override readonly kind: string = "PermissionDeniedError";
}
/** NOT_FOUND (404). */
export class NotFoundError extends LockboxAPIError {
  static override readonly kind: string = "NotFoundError";
}
/** HTTP 409 that is not ALREADY_EXISTS: ABORTED (a concurrent change) or a bare 409. */
export class ConflictError extends LockboxAPIError {
  static override readonly kind: string = "ConflictError";
}
/** ALREADY_EXISTS (409). */
export class AlreadyExistsError extends ConflictError {
  static override readonly kind: string = "AlreadyExistsError";
}
/** FAILED_PRECONDITION (Yandex answers it with HTTP 400, docs/lockbox-api.md#status-codes). */
export class FailedPreconditionError extends LockboxAPIError {
  static override readonly kind: string = "FailedPreconditionError";
}
/** RESOURCE_EXHAUSTED (429): rate limit or quota. */
export class RateLimitError extends LockboxAPIError {
  static override readonly kind: string = "RateLimitError";
}
/** INTERNAL / UNKNOWN / DATA_LOSS, or another 5xx without a code. */
export class InternalServerError extends LockboxAPIError {
  static override readonly kind: string = "InternalServerError";
}
/** UNAVAILABLE (503). */
export class ServiceUnavailableError extends InternalServerError {
  static override readonly kind: string = "ServiceUnavailableError";
}
/** DEADLINE_EXCEEDED (504): the server gave up. */
export class DeadlineExceededError extends InternalServerError {
  static override readonly kind: string = "DeadlineExceededError";
}
/** UNIMPLEMENTED (501): the service (e.g. lockbox-local) does not serve this method. */
export class NotImplementedError extends LockboxAPIError {
  static override readonly kind: string = "NotImplementedError";
}
/** CANCELLED (499): the operation was cancelled. */
export class CancelledError extends LockboxAPIError {
  static override readonly kind: string = "CancelledError";
}

/** The request never got an HTTP answer (refused, reset, dropped). `cause` holds the transport error. */
export class LockboxConnectionError extends LockboxError {
  static override readonly kind: string = "LockboxConnectionError";
  /** The request, with `Authorization` redacted. */
  readonly request: RequestSummary | undefined;

  constructor(message: string, options?: { cause?: unknown; request?: RequestSummary | undefined }) {
    super(message, options);
    this.request = options?.request;
  }
}

/** A per-request timeout or an `awaitOperation` timeout fired. */
export class LockboxTimeoutError extends LockboxConnectionError {
  static override readonly kind: string = "LockboxTimeoutError";
}

/** The caller's `AbortSignal` aborted the call; never retried. */
export class LockboxAbortError extends LockboxError {
  static override readonly kind: string = "LockboxAbortError";
}

/** A 2xx response did not match the wire schema. */
export class LockboxResponseError extends LockboxError {
  static override readonly kind: string = "LockboxResponseError";
  /** The request, with `Authorization` redacted. */
  readonly request: RequestSummary | undefined;

  constructor(message: string, options?: { cause?: unknown; request?: RequestSummary | undefined }) {
    super(message, options);
    this.request = options?.request;
  }
}

type APIErrorClass = new (init: APIErrorInit) => LockboxAPIError;

/** The one status/code → class table: the API's code wins, the HTTP status decides otherwise. */
function classFor(status: number, code: number | undefined): APIErrorClass {
  switch (code) {
    case GRPC_CODES.INVALID_ARGUMENT:
    case GRPC_CODES.OUT_OF_RANGE:
      return BadRequestError;
    case GRPC_CODES.UNAUTHENTICATED:
      return UnauthenticatedError;
    case GRPC_CODES.PERMISSION_DENIED:
      return PermissionDeniedError;
    case GRPC_CODES.NOT_FOUND:
      return NotFoundError;
    case GRPC_CODES.ALREADY_EXISTS:
      return AlreadyExistsError;
    case GRPC_CODES.ABORTED:
      return ConflictError;
    case GRPC_CODES.FAILED_PRECONDITION:
      return FailedPreconditionError;
    case GRPC_CODES.RESOURCE_EXHAUSTED:
      return RateLimitError;
    case GRPC_CODES.UNAVAILABLE:
      return ServiceUnavailableError;
    case GRPC_CODES.DEADLINE_EXCEEDED:
      return DeadlineExceededError;
    case GRPC_CODES.UNIMPLEMENTED:
      return NotImplementedError;
    case GRPC_CODES.CANCELLED:
      return CancelledError;
    case GRPC_CODES.INTERNAL:
    case GRPC_CODES.UNKNOWN:
    case GRPC_CODES.DATA_LOSS:
      return InternalServerError;
  }
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return UnauthenticatedError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 429:
      return RateLimitError;
    case 499:
      return CancelledError;
    case 501:
      return NotImplementedError;
    case 503:
      return ServiceUnavailableError;
    case 504:
      return DeadlineExceededError;
  }
  return status >= 500 ? InternalServerError : LockboxAPIError;
}

function requestIdFromDetails(details: readonly unknown[] | undefined): string | undefined {
  for (const d of details ?? []) {
    if (typeof d !== "object" || d === null) continue;
    const rec = d as Record<string, unknown>;
    if (String(rec["@type"]).endsWith("google.rpc.RequestInfo") && typeof rec["requestId"] === "string") {
      return rec["requestId"];
    }
  }
  return undefined;
}

function asStatusBody(body: unknown): { code?: number; message?: string; details?: unknown[] } {
  if (typeof body !== "object" || body === null) return {};
  const rec = body as Record<string, unknown>;
  return {
    ...(typeof rec["code"] === "number" && Number.isInteger(rec["code"]) ? { code: rec["code"] } : {}),
    ...(typeof rec["message"] === "string" ? { message: rec["message"] } : {}),
    ...(Array.isArray(rec["details"]) ? { details: rec["details"] as unknown[] } : {}),
  };
}

/**
 * Builds the error for an HTTP error response. `body` is the parsed JSON (a google.rpc.Status,
 * docs/lockbox-api.md#error-body) or the raw text when it was not JSON.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: HeaderRecord = {},
  context: { request?: RequestSummary | undefined; requestId?: string | undefined } = {},
): LockboxAPIError {
  const parsed = asStatusBody(body);
  const text = typeof body === "string" ? body.slice(0, 200) : "";
  const responseHeaders = redactHeaders(headers);
  const Class = classFor(status, parsed.code);
  return new Class({
    status,
    code: parsed.code,
    message: parsed.message ?? text,
    details: parsed.details,
    requestId: requestIdFromDetails(parsed.details) ?? responseHeaders["x-request-id"] ?? context.requestId,
    request: context.request,
    headers: responseHeaders,
  });
}

/** Builds the error for a finished Operation's `error` (a google.rpc.Status). */
export function errorFromStatus(
  status: { code: number; message?: string | undefined; details?: readonly unknown[] | undefined },
  context: { operationId?: string | undefined; request?: RequestSummary | undefined } = {},
): LockboxAPIError {
  const http = HTTP_STATUS_BY_CODE[status.code] ?? 500;
  const Class = classFor(http, status.code);
  return new Class({
    status: http,
    code: status.code,
    message: status.message ?? "",
    details: status.details,
    requestId: requestIdFromDetails(status.details),
    operationId: context.operationId,
    request: context.request,
  });
}

/** True for any error this client threw (from any loaded copy). */
export const isLockboxError = (err: unknown): err is LockboxError => hasKind(err, LockboxError.kind);
/** True when the API answered with an error. */
export const isAPIError = (err: unknown): err is LockboxAPIError => hasKind(err, LockboxAPIError.kind);
/** True for NOT_FOUND. */
export const isNotFound = (err: unknown): err is NotFoundError => hasKind(err, NotFoundError.kind);
/** True for ALREADY_EXISTS. */
export const isAlreadyExists = (err: unknown): err is AlreadyExistsError =>
  hasKind(err, AlreadyExistsError.kind);
/** True for ALREADY_EXISTS, ABORTED or a bare 409. */
export const isConflict = (err: unknown): err is ConflictError => hasKind(err, ConflictError.kind);
/** True for PERMISSION_DENIED. */
export const isPermissionDenied = (err: unknown): err is PermissionDeniedError =>
  hasKind(err, PermissionDeniedError.kind);
/** True for UNAUTHENTICATED. */
export const isUnauthenticated = (err: unknown): err is UnauthenticatedError =>
  hasKind(err, UnauthenticatedError.kind);
/** True for FAILED_PRECONDITION. */
export const isFailedPrecondition = (err: unknown): err is FailedPreconditionError =>
  hasKind(err, FailedPreconditionError.kind);
/** True for INVALID_ARGUMENT / OUT_OF_RANGE / bare 400. */
export const isBadRequest = (err: unknown): err is BadRequestError => hasKind(err, BadRequestError.kind);
/** True for RESOURCE_EXHAUSTED / 429. */
export const isRateLimit = (err: unknown): err is RateLimitError => hasKind(err, RateLimitError.kind);
/** True for UNAVAILABLE / 503. */
export const isServiceUnavailable = (err: unknown): err is ServiceUnavailableError =>
  hasKind(err, ServiceUnavailableError.kind);
/** True when the request got no HTTP answer (includes timeouts). */
export const isConnectionError = (err: unknown): err is LockboxConnectionError =>
  hasKind(err, LockboxConnectionError.kind);
/** True for a client-side timeout. */
export const isTimeout = (err: unknown): err is LockboxTimeoutError => hasKind(err, LockboxTimeoutError.kind);
/** True when the caller's signal aborted the call. */
export const isAbort = (err: unknown): err is LockboxAbortError => hasKind(err, LockboxAbortError.kind);
/** True for missing or invalid configuration. */
export const isConfigError = (err: unknown): err is LockboxConfigError =>
  hasKind(err, LockboxConfigError.kind);
/** True for a request rejected by the client's own schema check. */
export const isValidationError = (err: unknown): err is LockboxValidationError =>
  hasKind(err, LockboxValidationError.kind);
