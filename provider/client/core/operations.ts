/**
 * The one place that polls an Operation until it is done
 * (docs/conventions.md#one-pagination-helper-one-operation-poller, docs/lockbox-api.md#polling-and-cancel).
 */
import type { z } from "zod";
import type { Operation } from "../../api/common";
import type { Sleep } from "../internal/sleep";
import { LockboxAbortError, LockboxResponseError, LockboxTimeoutError, errorFromStatus } from "./errors";

/** Options of `awaitOperation`. */
export interface AwaitOperationOptions {
  /** Give up after this many ms (default: the client's `operationTimeout`). */
  timeout?: number | undefined;
  /** First poll delay, ms (default: the client's `operationPollInterval`). */
  pollInterval?: number | undefined;
  /** Largest poll delay, ms (default 5000). */
  maxPollInterval?: number | undefined;
  /** Aborts the wait (the operation itself keeps running on the server). */
  signal?: AbortSignal | undefined;
  /** Per-request timeout of each poll, ms (default: the client's `timeout`). */
  requestTimeout?: number | undefined;
  /** Retries of each poll (default: the client's `maxRetries`). */
  maxRetries?: number | undefined;
}

/** What {@link pollOperation} needs from the client. */
export interface PollContext {
  readonly get: (operationId: string, signal: AbortSignal | undefined) => Promise<Operation>;
  readonly sleep: Sleep;
  readonly timeout: number;
  readonly pollInterval: number;
}

/**
 * Polls `op` until `done`, with delays growing 1.5x from `pollInterval` to `maxPollInterval`. Resolves the
 * finished Operation; rejects with the error class of its `error` (e.g. `FailedPreconditionError`) or a
 * `LockboxTimeoutError`.
 */
export async function pollOperation(
  op: Operation,
  ctx: PollContext,
  options: AwaitOperationOptions = {},
): Promise<Operation> {
  const timeout = options.timeout ?? ctx.timeout;
  const maxDelay = options.maxPollInterval ?? 5000;
  let delay = Math.min(options.pollInterval ?? ctx.pollInterval, maxDelay);
  const started = Date.now();
  // Elapsed time is the larger of the wall clock and the sum of delays, so an injected sleep that
  // returns at once still reaches the timeout after the same number of polls.
  let slept = 0;
  let current = op;
  while (!current.done) {
    const elapsed = Math.max(Date.now() - started, slept);
    if (elapsed + delay > timeout) {
      const what = current.description ? ` (${current.description})` : "";
      throw new LockboxTimeoutError(`operation ${current.id}${what} was not done after ${timeout} ms`);
    }
    try {
      await ctx.sleep(delay, options.signal);
    } catch (err) {
      throw new LockboxAbortError(`waiting for operation ${current.id} was aborted`, { cause: err });
    }
    slept += delay;
    current = await ctx.get(current.id, options.signal);
    delay = Math.min(maxDelay, Math.round(delay * 1.5));
  }
  if (current.error !== undefined) throw errorFromStatus(current.error, { operationId: current.id });
  return current;
}

type SchemaOrFactory<S extends z.ZodType> = S | (() => S);

function schemaOf<S extends z.ZodType>(s: SchemaOrFactory<S>): S {
  return typeof s === "function" ? (s as () => S)() : s;
}

/**
 * The typed `response` of a finished Operation, parsed with a `provider/api` schema (factory or instance).
 *
 * @example const secret = responseOf(await client.awaitOperation(op), api.secrets.secret);
 */
export function responseOf<S extends z.ZodType>(op: Operation, schema: SchemaOrFactory<S>): z.output<S> {
  if (!op.done) throw new LockboxResponseError(`operation ${op.id} is not done yet`);
  if (op.error !== undefined) throw errorFromStatus(op.error, { operationId: op.id });
  const parsed = schemaOf(schema).safeParse(op.response);
  if (!parsed.success) {
    throw new LockboxResponseError(`operation ${op.id} has no response of the expected shape`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * The typed `metadata` of an Operation (known before it is done,
 * docs/lockbox-api.md#operation-metadata-and-responses).
 */
export function metadataOf<S extends z.ZodType>(op: Operation, schema: SchemaOrFactory<S>): z.output<S> {
  const parsed = schemaOf(schema).safeParse(op.metadata);
  if (!parsed.success) {
    throw new LockboxResponseError(`operation ${op.id} has no metadata of the expected shape`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
