/**
 * The one error catalogue and error boundary of lockbox-local (see docs/lockbox-api.md, Errors).
 *
 * Every failure a route can report is an {@link ApiError} carrying a gRPC code name; the HTTP status
 * comes from Yandex's table (Status codes, where FAILED_PRECONDITION is 400, not 409). Anything else that
 * escapes a handler becomes INTERNAL with a generic message, so no value or stack ever leaks.
 */
import type { z } from "zod";
import { GRPC_CODES, HTTP_STATUS_BY_CODE, type GrpcCodeName } from "../provider/api/common";

/** An API error with a gRPC code name and a message safe to show to the caller. */
export class ApiError extends Error {
  /** The gRPC code name, e.g. "NOT_FOUND". */
  readonly codeName: GrpcCodeName;
  /** Extra headers to send (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  constructor(codeName: GrpcCodeName, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.codeName = codeName;
    this.headers = headers;
  }

  /** The numeric gRPC code. */
  get code(): number {
    return GRPC_CODES[this.codeName];
  }

  /** The HTTP status of this code. */
  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code] ?? 500;
  }
}

/** Shorthands for the codes lockbox-local uses. */
export const errors = {
  invalidArgument: (message: string) => new ApiError("INVALID_ARGUMENT", message),
  notFound: (message: string) => new ApiError("NOT_FOUND", message),
  alreadyExists: (message: string) => new ApiError("ALREADY_EXISTS", message),
  permissionDenied: (message = "Permission denied") => new ApiError("PERMISSION_DENIED", message),
  unauthenticated: (message = "The token is invalid or has expired.") =>
    new ApiError("UNAUTHENTICATED", message),
  failedPrecondition: (message: string) => new ApiError("FAILED_PRECONDITION", message),
  resourceExhausted: (message: string, retryAfterSeconds?: number) =>
    new ApiError(
      "RESOURCE_EXHAUSTED",
      message,
      retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) },
    ),
  unavailable: (message = "The service is temporarily unavailable, try again.") =>
    new ApiError("UNAVAILABLE", message, { "retry-after": "1" }),
  unimplemented: (message: string) => new ApiError("UNIMPLEMENTED", message),
  internal: () => new ApiError("INTERNAL", "Internal error"),
};

/** google.rpc.Status as the body of an HTTP error or a failed Operation (docs/lockbox-api.md, Error body). */
export interface StatusBody {
  code: number;
  message: string;
  details: Array<{ "@type": string; requestId: string }>;
}

/** Converts any thrown value into an ApiError; unknown errors become INTERNAL (message withheld). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return errors.internal();
}

/** Renders the error body for a request. */
export function renderStatus(err: ApiError, requestId: string): StatusBody {
  return {
    code: err.code,
    message: err.message,
    details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", requestId }],
  };
}

/** Formats zod issues into one message that names each offending field. */
export function formatZodError(error: z.ZodError, prefix = ""): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== "").join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys.map((k) => (path ? `${path}.${k}` : k));
      return `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`;
    }
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return parts.join("; ");
}

/** Parses input with a schema, or throws INVALID_ARGUMENT naming the failing fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix = ""): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw errors.invalidArgument(formatZodError(result.error, prefix));
  return result.data;
}
