/**
 * Idempotency-Key support shared by the request pipeline and the store: what identifies a request
 * (method, path and a keyed digest of its body) and the access checks a replay must pass again.
 */
import { errors } from "../errors";
import { authorize } from "../iam/roles";
import type { Caller } from "../iam/subjects";
import type { OperationRecord, Store } from "./store";

/** JSON with object keys sorted, so two bodies that differ only in member order compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const obj = value as Record<string, unknown>;
    const members = Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The operation an earlier call with this Idempotency-Key produced, after checking that the caller
 * still holds every permission the first call needed (a role removed since then means
 * PERMISSION_DENIED, not the old operation). A key reused for another request is refused.
 */
export function replayIdempotent(
  store: Store,
  caller: Caller,
  key: string,
  fingerprint: string,
): OperationRecord | undefined {
  const prior = store.findIdempotent(caller.id, key, fingerprint);
  if (!prior) return undefined;
  for (const check of prior.checks) authorize(store, caller, check.permission, check.resources);
  return prior.operation;
}

/** The error for a key that was first used with a different method, path or body. */
export function keyReused(): Error {
  return errors.invalidArgument(
    "Idempotency-Key was already used with another request (a different method, path or body); use a new key for a new request",
  );
}
