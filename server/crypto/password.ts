/** Password generation for generated secrets (see docs/lockbox-api.md, Password generation), from node:crypto only. */
import { randomInt } from "node:crypto";
import {
  DEFAULT_PASSWORD_LENGTH,
  passwordCharacterClasses,
  passwordLength,
} from "../../provider/api/password-rules";
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

/** The length used when the spec leaves it 0 or unset (from the shared rules). */
export { DEFAULT_PASSWORD_LENGTH };

/**
 * The character classes a spec asks for (computed by the shared rules of provider/api/password-rules);
 * throws INVALID_ARGUMENT for an impossible spec.
 */
export function passwordClasses(spec: PasswordSpec): string[] {
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
  const classes = passwordCharacterClasses(spec);
  if (classes.length === 0) {
    throw errors.invalidArgument(
      "passwordPayloadSpecification: at least one character class must be included",
    );
  }
  if (passwordLength(spec) < classes.length) {
    throw errors.invalidArgument(
      `passwordPayloadSpecification.length: must be at least ${classes.length}, the number of included character classes`,
    );
  }
  return classes;
}

/** Generates a password: one character of every included class, the rest from their union, shuffled. */
export function generatePassword(spec: PasswordSpec): string {
  const classes = passwordClasses(spec);
  const length = passwordLength(spec);
  const all = classes.join("");
  const chars = classes.map((c) => c[randomInt(c.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
