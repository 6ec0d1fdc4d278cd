import {
  isKind,
  isRecord,
  known,
  list,
  Maybe,
  q,
  resourcePolicy,
  SECRET_TYPE,
  SelectionConfig,
  UNKNOWN,
} from "./common";

/** The four character classes of a generated password (docs/lockbox-api.md#password-generation). */
export const CHARACTER_CLASSES = ["uppercase", "lowercase", "digits", "punctuation"] as const;

/** One character class of a generated password. */
export type CharacterClass = (typeof CHARACTER_CLASSES)[number];

/** Options of {@link passwordSpecStrength}. */
export interface PasswordSpecStrengthConfig extends SelectionConfig {
  /** Shortest generated password allowed. */
  minLength: number;
  /** Fewest character classes a generated password must draw from. */
  minCharacterClasses: number;
  /** Classes that must always be included. */
  requiredCharacterClasses: CharacterClass[];
}

// The service's default length when `length` is absent or 0: Terraform's 36, which lockbox-local
// also uses (docs/lockbox-api.md#password-generation; the API itself does not publish one).
const DEFAULT_LENGTH = 36;
// The default punctuation set has exactly 32 characters (docs/lockbox-api.md#password-generation).
const DEFAULT_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

const FLAG: Record<CharacterClass, string> = {
  uppercase: "includeUppercase",
  lowercase: "includeLowercase",
  digits: "includeDigits",
  punctuation: "includePunctuation",
};

/**
 * A generated Lockbox password should be long enough and draw from enough character classes.
 */
export const passwordSpecStrength = resourcePolicy<PasswordSpecStrengthConfig>({
  name: "lockbox-password-spec-strength",
  description: "A generated Lockbox password should be long enough and draw from enough character classes.",
  enforcementLevel: "mandatory",
  options: {
    minLength: {
      type: "integer",
      minimum: 1,
      maximum: 256,
      default: 20,
      description: "Shortest generated password allowed.",
    },
    minCharacterClasses: {
      type: "integer",
      minimum: 0,
      maximum: 4,
      default: 3,
      description: "Fewest character classes (uppercase, lowercase, digits, punctuation) to draw from.",
    },
    requiredCharacterClasses: {
      type: "array",
      items: { type: "string", enum: [...CHARACTER_CLASSES] },
      default: [],
      description: "Character classes that must always be included.",
    },
  },
  appliesTo: (type) => isKind(type, SECRET_TYPE),
  validate: (args, config, reportViolation) => {
    const spec = known(() => args.props.passwordPayloadSpecification as unknown);
    if (!isRecord(spec)) return; // not a generated secret (or unknown in preview)
    const name = q(args.name);

    const length = known(() => spec.length as unknown);
    if (length !== UNKNOWN) {
      const effective = typeof length === "number" && length > 0 ? length : DEFAULT_LENGTH;
      if (effective < config.minLength) {
        reportViolation(
          `Lockbox secret ${name} should generate passwords of at least ${config.minLength} characters, ` +
            `but its passwordPayloadSpecification.length gives ${effective}: raise length to ${config.minLength} or more.`,
        );
      }
    }

    const included = new Map<CharacterClass, Maybe<boolean>>();
    for (const cls of CHARACTER_CLASSES) included.set(cls, classIncluded(spec, cls));
    // A class whose flag is unknown in preview counts as included: no violation without proof.
    const counted = CHARACTER_CLASSES.filter((cls) => included.get(cls) !== false);
    if (counted.length < config.minCharacterClasses) {
      const missing = CHARACTER_CLASSES.filter((cls) => included.get(cls) === false);
      reportViolation(
        `Lockbox secret ${name} should generate passwords from at least ${config.minCharacterClasses} ` +
          `character classes, but it uses ${counted.length}: turn on more of ${list(missing)} ` +
          "in passwordPayloadSpecification.",
      );
    }
    for (const cls of config.requiredCharacterClasses) {
      if (included.get(cls) === false) {
        reportViolation(
          `Lockbox secret ${name} should include ${cls} characters in generated passwords: ` +
            `set passwordPayloadSpecification.${FLAG[cls]} to true` +
            (cls === "punctuation" ? " and leave at least one punctuation character allowed." : "."),
        );
      }
    }
  },
});

/** Whether the spec includes `cls`: flags default to true; punctuation also needs a non-empty set. */
function classIncluded(spec: Record<string, unknown>, cls: CharacterClass): Maybe<boolean> {
  const flag = known(() => spec[FLAG[cls]]);
  if (flag === UNKNOWN) return UNKNOWN;
  if (flag === false) return false;
  if (cls !== "punctuation") return true;
  const includedSet = known(() => spec.includedPunctuation);
  const excludedSet = known(() => spec.excludedPunctuation);
  if (includedSet === UNKNOWN || excludedSet === UNKNOWN) return UNKNOWN;
  if (typeof includedSet === "string" && includedSet !== "") return true;
  if (typeof excludedSet === "string" && excludedSet !== "") {
    return [...DEFAULT_PUNCTUATION].some((c) => !excludedSet.includes(c));
  }
  return true;
}
