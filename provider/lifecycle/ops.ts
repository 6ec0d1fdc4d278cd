/** Small helpers shared by the lifecycle modules: run a mutation, read its response, classify errors. */
import * as client from "../client";
import type { Operation } from "../api";
import { getClient } from "./context";

/** Sends one mutation and waits for its Operation to finish; returns the finished Operation. */
export async function mutate(call: (c: client.LockboxClient) => Promise<Operation>): Promise<Operation> {
  const c = getClient();
  const op = await call(c);
  return c.awaitOperation(op);
}

/** The `response` of a finished Operation without its `@type`. */
export function responseOf(op: Operation): Record<string, unknown> {
  const { "@type": _type, ...rest } = (op.response ?? {}) as Record<string, unknown>;
  return rest;
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
