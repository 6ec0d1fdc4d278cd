/**
 * The rules a PasswordPayloadSpecification must follow beyond its field shapes
 * (docs/lockbox-api.md#password-generation): which character classes a password draws from, and which
 * specs no password can satisfy. Pure functions without I/O, so lifecycle `check` refuses at preview what
 * the service would refuse at `up`, and lockbox-local can refuse it with the same rules.
 */
import { DEFAULT_PUNCTUATION } from "./secret";

/**
 * The length used when the spec leaves it 0 or unset (Terraform's default, see
 * docs/lockbox-api.md#password-generation).
 */
export const DEFAULT_PASSWORD_LENGTH = 36;

/** The fields the rules read; `include*` are BoolValues, so unset (or null) means true. */
export interface PasswordSpecFields {
  /** Not read by the rules (its shape is the entry-key schema's business). */
  passwordKey?: string;
  length?: number | string | null;
  includeUppercase?: boolean | null;
  includeLowercase?: boolean | null;
  includeDigits?: boolean | null;
  includePunctuation?: boolean | null;
  includedPunctuation?: string | null;
  excludedPunctuation?: string | null;
}

/** One broken rule: the spec field at fault ("" for the spec as a whole) and a sentence. */
export interface PasswordSpecProblem {
  field: "" | "length" | "includedPunctuation" | "excludedPunctuation";
  reason: string;
}

/** The password's length: the spec's, or the default when it is 0 or unset. */
export function passwordLength(spec: PasswordSpecFields): number {
  return Number(spec.length ?? 0) || DEFAULT_PASSWORD_LENGTH;
}

/**
 * The character classes a password draws from, each as its characters: uppercase, lowercase,
 * digits, then punctuation (the included list, else all 32, minus the excluded list). Does not
 * check the rules: see {@link passwordSpecProblems}.
 */
export function passwordCharacterClasses(spec: PasswordSpecFields): string[] {
  const classes: string[] = [];
  if (spec.includeUppercase !== false) classes.push("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (spec.includeLowercase !== false) classes.push("abcdefghijklmnopqrstuvwxyz");
  if (spec.includeDigits !== false) classes.push("0123456789");
  if (spec.includePunctuation !== false) {
    const included = spec.includedPunctuation ?? "";
    const excluded = spec.excludedPunctuation ?? "";
    let set = included !== "" ? included : DEFAULT_PUNCTUATION;
    if (excluded !== "") set = [...set].filter((c) => !excluded.includes(c)).join("");
    const unique = [...new Set(set)].join("");
    if (unique !== "") classes.push(unique);
  }
  return classes;
}

/**
 * Every rule the spec breaks (none for a usable spec): both punctuation lists set, a character
 * outside the 32 ASCII punctuation characters in either list, no character class left, or a
 * length below the number of classes (each class appears at least once). Messages name the
 * characters of the lists, which are never secret.
 */
export function passwordSpecProblems(spec: PasswordSpecFields): PasswordSpecProblem[] {
  const problems: PasswordSpecProblem[] = [];
  const included = spec.includedPunctuation ?? "";
  const excluded = spec.excludedPunctuation ?? "";
  if (included !== "" && excluded !== "") {
    problems.push({
      field: "includedPunctuation",
      reason: "includedPunctuation and excludedPunctuation cannot both be set",
    });
  }
  for (const [field, list] of [
    ["includedPunctuation", included],
    ["excludedPunctuation", excluded],
  ] as const) {
    for (const ch of new Set(list)) {
      if (!DEFAULT_PUNCTUATION.includes(ch)) {
        problems.push({
          field,
          reason: `${JSON.stringify(ch)} is not one of the 32 ASCII punctuation characters ${DEFAULT_PUNCTUATION}`,
        });
      }
    }
  }
  if (problems.length > 0) return problems;
  const classes = passwordCharacterClasses(spec).length;
  if (classes === 0) {
    problems.push({ field: "", reason: "at least one character class must be included" });
  } else if (passwordLength(spec) < classes) {
    problems.push({
      field: "length",
      reason: `length must be at least ${classes}, the number of included character classes`,
    });
  }
  return problems;
}
