/** Request fields several methods share: update masks, entry changes, password specifications. */
import * as api from "../../provider/api/secret";
import { errors } from "../errors";
import { decodeBase64 } from "../limits";
import { passwordClasses, type PasswordSpec } from "../crypto/password";
import type { Entry } from "../store/store";

/** Label keys are checked whatever their name (a `__proto__` key included). */
export const LABEL_KEY_MESSAGE = "label keys must match [a-z][-_0-9a-z]*";

/** Converts wire entries into store changes (binary values are strict base64, url-safe accepted). */
export function toChanges(entries: api.PayloadEntryChange[] | undefined, field: string): Entry[] {
  return (entries ?? []).map((e, i) => {
    const c: Entry = { key: e.key };
    if (e.textValue !== undefined) c.text = e.textValue;
    if (e.binaryValue !== undefined) c.binary = decodeBase64(e.binaryValue, `${field}[${i}].binaryValue`);
    return c;
  });
}

/** Normalises a parsed spec (null BoolValues mean unset) and checks it can produce a password. */
export function toPasswordSpec(
  spec: ReturnType<ReturnType<typeof api.passwordPayloadSpecification>["parse"]>,
): PasswordSpec {
  const out: PasswordSpec = { passwordKey: spec.passwordKey };
  if (spec.length) out.length = spec.length;
  for (const k of ["includeUppercase", "includeLowercase", "includeDigits", "includePunctuation"] as const) {
    const v = spec[k];
    if (v === true || v === false) out[k] = v;
  }
  if (spec.includedPunctuation) out.includedPunctuation = spec.includedPunctuation;
  if (spec.excludedPunctuation) out.excludedPunctuation = spec.excludedPunctuation;
  passwordClasses(out);
  return out;
}

const SNAKE_TO_CAMEL: Record<string, string> = {
  deletion_protection: "deletionProtection",
  password_payload_specification: "passwordPayloadSpecification",
  default_algorithm: "defaultAlgorithm",
  rotation_period: "rotationPeriod",
};

/** Parses updateMask: comma-separated paths, camelCase or snake_case (see docs/lockbox-api.md). */
export function parseUpdateMask(mask: string, allowed: readonly string[]): string[] {
  const paths = mask
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (paths.length === 0) throw errors.invalidArgument("updateMask: at least one field path is required");
  return paths.map((p) => {
    const camel = SNAKE_TO_CAMEL[p] ?? p;
    if (!allowed.includes(camel)) throw errors.invalidArgument(`updateMask: field "${p}" cannot be updated`);
    return camel;
  });
}

/**
 * Splits the fields a transport puts next to the message body (the REST path's `secretId`, say)
 * off a request, leaving the body for its strict schema.
 */
export function split<K extends string>(request: unknown, ...keys: K[]): [Record<K, unknown>, unknown] {
  const head = {} as Record<K, unknown>;
  if (typeof request !== "object" || request === null || Array.isArray(request)) return [head, request];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    if ((keys as string[]).includes(k)) head[k as K] = v;
    else Object.defineProperty(rest, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return [head, rest];
}
