/** Small helpers shared by the lifecycle modules: run a mutation, read its response, classify errors. */
import * as client from "../client";
import type { Operation } from "../api";
import { getClient } from "./context";
import { clean } from "./diff";
import { TIMEOUTS_KEY, deadlineLabel, remainingTime } from "./timeouts";

/** Waits for `op` within the current step's deadline (customTimeouts), else the client's default. */
async function awaitOp(c: client.LockboxClient, op: Operation): Promise<Operation> {
  try {
    return await c.awaitOperation(op, { timeout: remainingTime() });
  } catch (err) {
    const label = deadlineLabel();
    if (label === undefined || !client.isTimeout(err)) throw err;
    throw new client.LockboxTimeoutError(`${(err as Error).message}: the limit is the resource's ${label}`, {
      cause: err,
    });
  }
}

/** Sends one mutation and waits for its Operation to finish; returns the finished Operation. */
export async function mutate(call: (c: client.LockboxClient) => Promise<Operation>): Promise<Operation> {
  const c = getClient();
  const op = await call(c);
  return awaitOp(c, op);
}

/**
 * An error the dynamic-provider host turns into `ErrorResourceInitFailed` because it has an `id`
 * (docs/pulumi-engine.md#errors-and-timeouts): the engine records the resource with `properties`, so a
 * resource the service made while the provider stopped waiting is tracked, not orphaned.
 */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ResourceInitError";
  }
}

/** What a create records when it stops waiting: the new resource's id and its known outputs. */
export interface HalfCreated {
  id: string;
  properties: Record<string, unknown>;
}

/**
 * {@link mutate} for creates. If waiting for the operation fails (timeout, a failed poll) after the
 * service accepted it, the resource may exist: `started` (the operation's metadata names it) gives
 * its id and outputs, and a {@link ResourceInitError} is thrown so the engine records it. An
 * operation that finished with an error made nothing, and its error is thrown as is. `inputs` is
 * what create received: its `__provider` goes into the properties, so later steps can run.
 */
export async function mutateCreate(
  what: string,
  call: (c: client.LockboxClient) => Promise<Operation>,
  inputs: object,
  started: (op: Operation) => HalfCreated | undefined,
): Promise<Operation> {
  const c = getClient();
  const op = await call(c);
  try {
    return await awaitOp(c, op);
  } catch (err) {
    // Errors of a finished operation carry its id; waiting errors (timeouts, polls) do not.
    if ((err as { operationId?: unknown }).operationId !== undefined) throw err;
    const made = started(op);
    if (!made) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const { __provider: provider, [TIMEOUTS_KEY]: timeouts } = inputs as Record<string, unknown>;
    const properties = clean({
      ...made.properties,
      ...(provider !== undefined ? { __provider: provider } : {}),
      ...(timeouts !== undefined ? { [TIMEOUTS_KEY]: timeouts } : {}),
    });
    throw new ResourceInitError(
      `${what} ${made.id} was created, but waiting for operation ${op.id} failed: ${reason}. ` +
        `It is recorded in the stack: run pulumi refresh or pulumi up again to finish`,
      made.id,
      properties,
      [`waiting for operation ${op.id} failed: ${reason}`],
      { cause: err },
    );
  }
}

/** A string field of the Operation's metadata (e.g. `secretId`, `versionId`). */
export function metadataField(op: Operation, field: string): string | undefined {
  const v = (op.metadata as Record<string, unknown> | undefined)?.[field];
  return typeof v === "string" ? v : undefined;
}

/** Whether the error is the API's NOT_FOUND. */
export function isNotFound(err: unknown): boolean {
  return client.isNotFound(err);
}

/** Whether the error is the API's FAILED_PRECONDITION. */
export function isFailedPrecondition(err: unknown): boolean {
  return client.isFailedPrecondition(err);
}

/** Whether the error is the API's PERMISSION_DENIED. */
export function isPermissionDenied(err: unknown): boolean {
  return client.isPermissionDenied(err);
}

/** Collects an async iterable (a paginated List) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
