import { known, q, resourcePolicy, SelectionConfig } from "./common";

/** Options of {@link providerNoEmbeddedCredentials}. */
export interface NoEmbeddedCredentialsConfig extends SelectionConfig {
  /** Largest serialized provider code accepted, in characters. */
  maxProviderSize: number;
  /** Extra regular expressions (JavaScript syntax) that identify a credential. */
  extraPatterns: string[];
}

// Credential shapes that must never sit in serialized provider code (which the state stores in
// plain text, docs/pulumi-engine.md#credentials-and-secrets). The IAM token shape: docs/lockbox-api.md#iam-tokens.
const PATTERNS: [string, RegExp][] = [
  ["an IAM token", /t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2}/],
  ["a private key", /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/],
  ["a bearer token", /Bearer [A-Za-z0-9._~+/-]{20,}={0,2}/],
];

/**
 * A Lockbox resource's serialized provider code should not embed credentials and should stay
 * small.
 *
 * The engine stores `__provider` in the state in plain text and sends it on every call; a token read
 * into a captured variable at program load ends up there (docs/pulumi-engine.md#serialized-provider-code). A very large value
 * means the provider captured whole modules or configuration objects.
 */
export const providerNoEmbeddedCredentials = resourcePolicy<NoEmbeddedCredentialsConfig>({
  name: "lockbox-provider-no-embedded-credentials",
  description:
    "A Lockbox resource's serialized provider code should not embed credentials and should stay small.",
  enforcementLevel: "mandatory",
  options: {
    maxProviderSize: {
      type: "integer",
      minimum: 1,
      default: 1048576,
      description: "Largest serialized provider code accepted, in characters.",
    },
    extraPatterns: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description: "Extra regular expressions (JavaScript syntax) that identify a credential.",
    },
  },
  appliesTo: (type) => type.startsWith("pulumi-nodejs:dynamic/lockbox:"),
  validate: (args, config, reportViolation) => {
    const code = known(() => args.props.__provider as unknown);
    if (typeof code !== "string") return;
    const patterns: [string, RegExp][] = [
      ...PATTERNS,
      ...config.extraPatterns.map((p, i): [string, RegExp] => [
        `a value matching extraPatterns[${i}]`,
        new RegExp(p),
      ]),
    ];
    for (const [what, pattern] of patterns) {
      // The message never repeats the match: it is a credential.
      if (pattern.test(code)) {
        reportViolation(
          `The serialized provider of ${q(args.name)} should not contain ${what}: read credentials at run time ` +
            "(stack configuration passed to configure(), or the provider process's environment) instead of " +
            "capturing them in a variable, then rotate the exposed credential.",
        );
      }
    }
    if (code.length > config.maxProviderSize) {
      reportViolation(
        `The serialized provider of ${q(args.name)} should be at most ${config.maxProviderSize} characters, ` +
          `but it is ${code.length}: keep the provider object thin and require the client by package name ` +
          "at run time instead of capturing modules or configuration objects.",
      );
    }
  },
});
