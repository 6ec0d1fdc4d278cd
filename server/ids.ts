/** Identifier and token formats (see docs/lockbox-api.md, Identifiers and timestamps; IAM tokens). */
import { hash, randomBytes, randomInt } from "node:crypto";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/** A Lockbox-style id: a 3-character prefix and 17 random characters of [0-9a-v]. */
export function newId(prefix: "e6q" | "abj" | "aje" = "e6q"): string {
  let out = prefix;
  for (let i = 0; i < 17; i++) out += BASE32HEX[randomInt(32)];
  return out;
}

/** A `t1.`-style IAM token matching the documented pattern. */
export function newIamToken(): string {
  return `t1.${newId("e6q")}.${randomBytes(64).toString("base64url")}`;
}

/** An OAuth-style token for the yandexPassportOauthToken exchange. */
export function newOauthToken(): string {
  return `y0_${randomBytes(40).toString("base64url")}`;
}

/** The SHA-256 of a bearer token: the only form in which tokens are stored. */
export function tokenHash(token: string): string {
  return hash("sha256", token, "hex");
}

/** RFC 3339 UTC with millisecond precision, as resource timestamps appear in the service's responses. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 UTC in whole seconds (`2025-05-20T17:27:35Z`), as KMS key timestamps appear in the service's responses (docs/kms.md). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, "Z");
}
