/**
 * Wire conventions shared by every Lockbox-compatible service (docs/lockbox-api.md#wire-format, #operations,
 * #errors).
 *
 * Every schema is built by a memoised factory, never held in a top-level constant that provider
 * lifecycle code could capture: Pulumi serializes captured values into state
 * (docs/pulumi-engine.md#serialized-provider-code).
 */
import { z } from "zod";

/** Memoises a schema factory so each schema is built once per process, on first use. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** A resource id: at most 50 characters (docs/lockbox-api.md#validation-limits). */
export const id = lazy(() => z.string().min(1, "must not be empty").max(50, "must be at most 50 characters"));

/** An optional id field: may be absent or empty, at most 50 characters. */
export const optionalId = lazy(() => z.string().max(50, "must be at most 50 characters"));

/** RFC 3339 UTC timestamp as printed by proto3 JSON. */
export const timestamp = lazy(() =>
  z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
      "must be an RFC 3339 timestamp",
    ),
);

/**
 * int64 on the wire: a string in responses, a number or a string in requests
 * (docs/lockbox-api.md#wire-format).
 */
export const int64 = lazy(() =>
  z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "must be a whole number")])
    .transform(Number),
);

/** google.protobuf.Duration as JSON: seconds with an "s" suffix, e.g. "604800s". */
export const duration = lazy(() =>
  z.string().regex(/^\d+(\.\d{1,9})?s$/, 'must be a duration such as "604800s"'),
);

/** Parses a Duration string into milliseconds. */
export function durationToMs(value: string): number {
  return Math.round(Number(value.slice(0, -1)) * 1000);
}

/** Formats milliseconds as a Duration string. */
export function msToDuration(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? `${seconds}s` : `${seconds.toFixed(3).replace(/0+$/, "")}s`;
}

/**
 * A request enum: the value's name, or its number (protojson accepts both on input). `values`
 * lists the names in proto order, so `values[n]` is the name of number `n`. Responses print names.
 */
export function inputEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  options: { whenMissing?: string } = {},
) {
  const invalid = `must be one of ${values.join(", ")} (or its number, 0..${values.length - 1})`;
  const missing = options.whenMissing;
  const message = missing
    ? (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? missing : invalid)
    : invalid;
  return z.union(
    [
      z.enum(values),
      z
        .number()
        .int()
        .min(0)
        .max(values.length - 1)
        .transform((n) => values[n] as T[number]),
    ],
    { error: message },
  );
}

/**
 * labels: at most 64 pairs; key `[a-z][-_0-9a-z]*` ≤63, value `[-_0-9a-z]*` ≤63
 * (docs/lockbox-api.md#validation-limits).
 */
export const labels = lazy(() =>
  z
    .record(
      z
        .string()
        .max(63, "label keys must be at most 63 characters")
        .regex(/^[a-z][-_0-9a-z]*$/, "label keys must match [a-z][-_0-9a-z]*"),
      z
        .string()
        .max(63, "label values must be at most 63 characters")
        .regex(/^[-_0-9a-z]*$/, "label values must match [-_0-9a-z]*"),
    )
    .refine((m) => Object.keys(m).length <= 64, "at most 64 labels are allowed"),
);

/** pageSize: 0..1000, 0 or absent means the default of 100. */
export const pageSize = lazy(() => int64().pipe(z.number().max(1000, "pageSize must be at most 1000")));

/** A google.protobuf.Any: an object with "@type" and the message's fields. */
export const any = lazy(() => z.looseObject({ "@type": z.string() }));

/**
 * google.rpc.Status, the body of every HTTP error and of a failed Operation (docs/lockbox-api.md#error-body).
 */
export const status = lazy(() =>
  z.looseObject({
    code: z.number().int(),
    message: z.string().default(""),
    details: z.array(any()).optional(),
  }),
);
export type Status = z.infer<ReturnType<typeof status>>;

/** The Operation envelope every mutation returns (docs/lockbox-api.md#the-operation-object). */
export const operation = lazy(() =>
  z.looseObject({
    id: z.string(),
    description: z.string().optional(),
    createdAt: timestamp().optional(),
    createdBy: z.string().optional(),
    modifiedAt: timestamp().optional(),
    done: z.boolean().default(false),
    metadata: any().optional(),
    error: status().optional(),
    response: any().optional(),
  }),
);
export type Operation = z.infer<ReturnType<typeof operation>>;

/** gRPC status codes and the HTTP status Yandex Cloud maps each to (docs/lockbox-api.md#status-codes). */
export const GRPC_CODES = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCodeName = keyof typeof GRPC_CODES;

/** HTTP status for each gRPC code, Yandex's table: note FAILED_PRECONDITION is 400. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<number, number>> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** The name of a gRPC code, e.g. 5 → "NOT_FOUND". */
export function codeName(code: number): GrpcCodeName | undefined {
  return (Object.keys(GRPC_CODES) as GrpcCodeName[]).find((k) => GRPC_CODES[k] === code);
}

/**
 * A page of a List call: the items under `key` and an optional next token (docs/lockbox-api.md#pagination).
 */
export function page<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.looseObject({ [key]: z.array(item).default([]), nextPageToken: z.string().optional() } as {
    [P in K]: z.ZodDefault<z.ZodArray<T>>;
  } & { nextPageToken: z.ZodOptional<z.ZodString> });
}

/** Query parameters of every List call. */
export const listQuery = lazy(() =>
  z.strictObject({
    pageSize: pageSize().optional(),
    pageToken: z.string().max(100, "pageToken must be at most 100 characters").optional(),
  }),
);
