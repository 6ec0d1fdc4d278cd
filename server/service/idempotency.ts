/**
 * Idempotency-Key support: what identifies a request (its method and a keyed digest of its
 * canonical JSON) and the error for a key reused with another request. The lookup and the replay
 * are in ./context (mutation).
 */
import { errors } from "../errors";

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

/** The error for a key that was first used with a different request. */
export function keyReused(): Error {
  return errors.invalidArgument(
    "Idempotency-Key was already used with another request (a different method, path or body); use a new key for a new request",
  );
}
