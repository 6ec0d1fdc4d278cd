/**
 * Input checks the zod wire schemas cannot express, run by the routes before any store work:
 * entry counts (checked before any per-entry work), strict base64, Duration and Timestamp ranges,
 * and map keys named `__proto__` (which zod's record parser skips without checking). The choices
 * are listed in server/COMPATIBILITY.md, their sources in docs/limits.md.
 */
import { errors } from "./errors";

/**
 * Entries per request and per resulting version. The current Lockbox proto sets no cap (an older
 * one allowed 32); lockbox-local caps at 1,000, like the API's other repeated fields.
 */
export const MAX_ENTRIES = 1000;

/** google.protobuf.Duration: at most 315,576,000,000 s (10,000 years). */
export const MAX_DURATION_SECONDS = 315_576_000_000;

/** google.protobuf.Timestamp: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z (milliseconds here). */
export const MIN_TIMESTAMP_MS = Date.parse("0001-01-01T00:00:00Z");
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Refuses a request whose `field` holds more than MAX_ENTRIES items. Runs on the raw body, before
 * the schema visits each entry, so an oversized request costs one length check.
 */
export function checkEntryCount(body: unknown, field: string): void {
  if (typeof body !== "object" || body === null) return;
  const list = (body as Record<string, unknown>)[field];
  if (Array.isArray(list) && list.length > MAX_ENTRIES) {
    throw errors.invalidArgument(
      `${field}: at most ${MAX_ENTRIES} entries are allowed in one request, got ${list.length}`,
    );
  }
}

/**
 * Refuses a map (e.g. `labels`) that has an own `__proto__` key: zod's record parser skips that key
 * without validating it, and no valid label key can be spelled that way.
 */
export function checkMapKeys(body: unknown, field: string, message: string): void {
  if (typeof body !== "object" || body === null) return;
  const map = Object.getOwnPropertyDescriptor(body, field)?.value as unknown;
  if (typeof map === "object" && map !== null && Object.prototype.hasOwnProperty.call(map, "__proto__")) {
    throw errors.invalidArgument(`${field}.__proto__: ${message}`);
  }
}

/**
 * Decodes proto3 JSON `bytes`: the standard or the URL-safe alphabet (not mixed), with or without
 * `=` padding. Anything else (a stray character, a length of 4n+1, wrong padding) is refused rather
 * than decoded partially, as Node's lenient decoder would.
 */
export function decodeBase64(value: string, field: string): Buffer {
  const m = /^(?:([A-Za-z0-9+/]*)|([A-Za-z0-9_-]*))(={0,2})$/.exec(value);
  const body = m?.[1] ?? m?.[2];
  const pad = m?.[3] ?? "";
  if (body === undefined || body.length % 4 === 1 || (pad !== "" && (body.length + pad.length) % 4 !== 0)) {
    throw errors.invalidArgument(`${field}: must be base64 (standard or URL-safe alphabet)`);
  }
  return Buffer.from(body, m?.[2] !== undefined ? "base64url" : "base64");
}

/**
 * Converts a Duration string the schema accepted ("<seconds>[.<fraction>]s") to milliseconds,
 * refusing values outside google.protobuf.Duration's range.
 */
export function durationMs(value: string, field: string): number {
  const seconds = Number(value.slice(0, -1));
  if (!Number.isFinite(seconds) || seconds > MAX_DURATION_SECONDS) {
    throw errors.invalidArgument(`${field}: must be at most ${MAX_DURATION_SECONDS}s`);
  }
  return Math.round(seconds * 1000);
}

/** Refuses a computed time that a google.protobuf.Timestamp cannot hold (years 0001 to 9999). */
export function checkTimestamp(ms: number, field: string): number {
  if (!Number.isFinite(ms) || ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    throw errors.invalidArgument(`${field}: the resulting time must lie between years 0001 and 9999`);
  }
  return ms;
}
