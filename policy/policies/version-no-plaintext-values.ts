import {
  isKind,
  isRecord,
  known,
  knownElements,
  q,
  resourcePolicy,
  SECRET_VERSION_TYPE,
  SelectionConfig,
  UNKNOWN,
} from "./common";

/** Options of {@link versionNoPlaintextValues}. */
export interface NoPlaintextValuesConfig extends SelectionConfig {
  /** Entry keys whose values may be plain strings (non-sensitive values such as a user name). */
  allowedPlaintextKeys: string[];
  /**
   * What to do with a known value whose origin the SDK did not record in `entrySources`:
   * `deny` reports it (a Pulumi secret and a literal look the same to a policy), `allow` passes it.
   */
  whenSourceUnknown: "deny" | "allow";
}

/**
 * A Lockbox secret version should take its values from Pulumi secrets or resource outputs, not
 * program literals.
 *
 * Policies see Pulumi secrets unwrapped, so the value alone cannot tell a literal from a secret. The
 * SDK records each entry's origin in `entrySources` (`plaintext`, `secret` or `computed`) when the
 * program builds the resource; this policy refuses `plaintext`. A literal ends up in the program's
 * source and history, and is shown wherever the program's values are shown.
 */
export const versionNoPlaintextValues = resourcePolicy<NoPlaintextValuesConfig>({
  name: "lockbox-version-no-plaintext-values",
  description:
    "A Lockbox secret version should take its values from Pulumi secrets or resource outputs, not program literals.",
  enforcementLevel: "mandatory",
  options: {
    allowedPlaintextKeys: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Entry keys whose values may be plain strings (non-sensitive values such as a user name).",
    },
    whenSourceUnknown: {
      type: "string",
      enum: ["deny", "allow"],
      default: "deny",
      description:
        "What to do with a known value whose origin the SDK did not record in entrySources: deny or allow.",
    },
  },
  appliesTo: (type) => isKind(type, SECRET_VERSION_TYPE),
  validate: (args, config, reportViolation) => {
    const entries = known(() => args.props.entries as unknown);
    if (!Array.isArray(entries)) return; // no entries, or unknown in preview
    const sources = known(() => args.props.entrySources as unknown);
    if (sources === UNKNOWN) return; // checked again in `up`, when it is known

    for (const entry of knownElements(entries)) {
      if (!isRecord(entry)) continue;
      const key = known(() => entry.key);
      if (typeof key !== "string" || config.allowedPlaintextKeys.includes(key)) continue;
      // The provider's checked inputs hold a marker per entry (no value) that carries its origin.
      const marked = known(() => entry.source);
      const source =
        typeof marked === "string" ? marked : isRecord(sources) ? known(() => sources[key]) : undefined;
      if (source === UNKNOWN || source === "secret" || source === "computed") continue;
      if (source === "plaintext") {
        reportViolation(
          `Entry ${q(key)} of Lockbox secret version ${q(args.name)} should not be a plain string in the program: ` +
            "wrap it in pulumi.secret(...), read it with config.requireSecret(...), or pass an output of another " +
            "resource (such as a generated password).",
        );
        continue;
      }
      // No recorded origin (an SDK that does not set entrySources): only a known value is suspect.
      if (config.whenSourceUnknown === "allow") continue;
      const value = known(() => (entry.textValue ?? entry.binaryValue) as unknown);
      if (typeof value === "string") {
        reportViolation(
          `Entry ${q(key)} of Lockbox secret version ${q(args.name)} should come from a Pulumi secret or a ` +
            "resource output, but entrySources does not record its origin, so it cannot be told from a plain " +
            "string: create the version with the pulumi-lockbox SDK (which records entrySources) and pass " +
            "pulumi.secret(...) or an output, or set whenSourceUnknown to allow.",
        );
      }
    }
  },
});
