/** Password generation for generated secrets (lockbox-api.md §10), from node:crypto only. */
import { randomInt } from "node:crypto";
import { DEFAULT_PUNCTUATION } from "../../provider/api/secret";
import { errors } from "../errors";

/** The stored form of a PasswordPayloadSpecification (BoolValues keep "unset" as undefined). */
export interface PasswordSpec {
  passwordKey: string;
  length?: number;
  includeUppercase?: boolean | null;
  includeLowercase?: boolean | null;
  includeDigits?: boolean | null;
  includePunctuation?: boolean | null;
  includedPunctuation?: string;
  excludedPunctuation?: string;
}

/** The length used when the spec leaves it 0 or unset (Terraform's default; §10, §14). */
export const DEFAULT_PASSWORD_LENGTH = 36;

/** The character classes a spec asks for; throws INVALID_ARGUMENT for an impossible spec. */
export function passwordClasses(spec: PasswordSpec): string[] {
  const classes: string[] = [];
  if (spec.includeUppercase !== false) classes.push("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (spec.includeLowercase !== false) classes.push("abcdefghijklmnopqrstuvwxyz");
  if (spec.includeDigits !== false) classes.push("0123456789");
  const included = spec.includedPunctuation ?? "";
  const excluded = spec.excludedPunctuation ?? "";
  if (included !== "" && excluded !== "") {
    throw errors.invalidArgument(
      "passwordPayloadSpecification: includedPunctuation and excludedPunctuation cannot both be set",
    );
  }
  for (const ch of included + excluded) {
    if (!DEFAULT_PUNCTUATION.includes(ch)) {
      throw errors.invalidArgument(
        `passwordPayloadSpecification: ${JSON.stringify(ch)} is not an ASCII punctuation character`,
      );
    }
  }
  if (spec.includePunctuation !== false) {
    let set = included !== "" ? included : DEFAULT_PUNCTUATION;
    if (excluded !== "") set = [...set].filter((c) => !excluded.includes(c)).join("");
    classes.push([...new Set(set)].join(""));
  }
  if (classes.length === 0) {
    throw errors.invalidArgument(
      "passwordPayloadSpecification: at least one character class must be included",
    );
  }
  const length = spec.length || DEFAULT_PASSWORD_LENGTH;
  if (length < classes.length) {
    throw errors.invalidArgument(
      `passwordPayloadSpecification.length: must be at least ${classes.length}, the number of included character classes`,
    );
  }
  return classes;
}

/** Generates a password: one character of every included class, the rest from their union, shuffled. */
export function generatePassword(spec: PasswordSpec): string {
  const classes = passwordClasses(spec);
  const length = spec.length || DEFAULT_PASSWORD_LENGTH;
  const all = classes.join("");
  const chars = classes.map((c) => c[randomInt(c.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
