/**
 * Environment reading for client configuration.
 * Private to the client (see README.md).
 */

/** The environment variables the client reads, named as the Yandex Cloud tools name them. */
export const ENV = {
  endpoint: "LOCKBOX_ENDPOINT",
  iamToken: "YC_IAM_TOKEN",
  oauthToken: "YC_TOKEN",
  serviceAccountKeyFile: "YC_SERVICE_ACCOUNT_KEY_FILE",
} as const;

/** An environment: `process.env` or a test's injected record. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a variable, trimmed; blank values count as unset.
 * @internal
 */
export function readEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}
