/**
 * Client options, resolved once in the constructor: explicit option, then environment, then default
 * (docs/conventions.md#configuration-flows-one-way).
 */
import { readFileSync } from "node:fs";
import type { Dispatcher } from "undici";
import { authorizedKey } from "../../api/iam";
import { ENV, readEnv, type Env } from "../internal/env";
import type { Sleep } from "../internal/sleep";
import type { Credentials } from "./credentials";
import { LockboxConfigError } from "./errors";

/**
 * The services the client talks to, each with its own host in Yandex Cloud
 * (docs/lockbox-api.md#hosts-and-paths).
 */
export type Service = "lockbox" | "payload" | "operation" | "iam" | "kms" | "resourceManager";

/** The real Yandex Cloud hosts of each service (docs/lockbox-api.md#hosts-and-paths). */
export function defaultEndpoints(): Readonly<Record<Service, string>> {
  return {
    lockbox: "https://lockbox.api.cloud.yandex.net",
    payload: "https://payload.lockbox.api.cloud.yandex.net",
    operation: "https://operation.api.cloud.yandex.net",
    iam: "https://iam.api.cloud.yandex.net",
    kms: "https://kms.api.cloud.yandex.net",
    resourceManager: "https://resource-manager.api.cloud.yandex.net",
  };
}

/** The authorized key JSON of `yc iam key create`. */
export interface ServiceAccountKey {
  /** Key id (JWT `kid`). */
  readonly id: string;
  /** Service account id (JWT `iss`). */
  readonly service_account_id: string;
  /** PEM private key. */
  readonly private_key: string;
  /** Creation time (unused). */
  readonly created_at?: string;
  /** "RSA_2048" (unused). */
  readonly key_algorithm?: string;
  /** PEM public key (unused). */
  readonly public_key?: string;
}

/** A debug hook; it receives request summaries only, never credentials or payload values. */
export interface Logger {
  debug(fields: Record<string, unknown>, message?: string): void;
}

/** Options of {@link LockboxClient}. Every field is optional. */
export interface ClientOptions {
  /** One base URL for every service, e.g. lockbox-local's `http://127.0.0.1:8080`. Env `LOCKBOX_ENDPOINT`. */
  endpoint?: string | undefined;
  /** Per-service base URLs; win over `endpoint`. */
  endpoints?: Partial<Record<Service, string>> | undefined;
  /** An IAM token used as is. Env `YC_IAM_TOKEN`. */
  iamToken?: string | undefined;
  /** A Yandex OAuth token, exchanged for IAM tokens. Env `YC_TOKEN`. */
  oauthToken?: string | undefined;
  /** A service-account authorized key (object or JSON text), exchanged for IAM tokens via a PS256 JWT. */
  serviceAccountKey?: ServiceAccountKey | string | undefined;
  /** Path of an authorized key JSON file. Env `YC_SERVICE_ACCOUNT_KEY_FILE`. */
  serviceAccountKeyFile?: string | undefined;
  /** A custom token source; wins over every other credential option. */
  credentials?: Credentials | undefined;
  /** The undici dispatcher; default: a keep-alive `Agent` the client owns and closes. */
  dispatcher?: Dispatcher | undefined;
  /** Per-attempt timeout, ms (default 30000). */
  timeout?: number | undefined;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number | undefined;
  /** First delay between Operation polls, ms (default 500, growing to 5000). */
  operationPollInterval?: number | undefined;
  /** How long `awaitOperation` waits, ms (default 300000). */
  operationTimeout?: number | undefined;
  /** Debug hook (pino-compatible `debug(fields, message)`). */
  logger?: Logger | undefined;
  /** The environment to read (default `process.env`). */
  env?: Env | undefined;
  /** Sleep used between retries and polls; tests inject one that does not wait. */
  sleep?: Sleep | undefined;
  /** Delay before the first retry, ms (default 250). */
  baseDelay?: number | undefined;
  /** Clock in ms, for token expiry (default `Date.now`). */
  now?: (() => number) | undefined;
  /** Extra headers sent on every request (never logged). */
  defaultHeaders?: Record<string, string> | undefined;
}

/** Where a credential came from, before any I/O. */
export type CredentialSpec =
  | { readonly kind: "custom"; readonly credentials: Credentials }
  | { readonly kind: "iamToken"; readonly token: string; readonly source: string }
  | { readonly kind: "oauth"; readonly token: string; readonly source: string }
  | { readonly kind: "serviceAccountKey"; readonly key: ServiceAccountKey; readonly source: string };

/** A parsed base URL: the origin and a path prefix without a trailing slash ("" for none). */
export interface BaseUrl {
  readonly origin: string;
  readonly basePath: string;
}

/** Options after defaults and environment were applied. */
export interface ResolvedConfig {
  readonly endpoints: Readonly<Record<Service, BaseUrl>>;
  readonly credential: CredentialSpec;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly operationPollInterval: number;
  readonly operationTimeout: number;
  readonly baseDelay: number;
}

/** The message for missing credentials names every option and variable that would fix it. */
export const MISSING_CREDENTIALS_MESSAGE =
  "no Lockbox credentials: set the `iamToken`, `oauthToken`, `serviceAccountKey` or `serviceAccountKeyFile` " +
  `option, or the ${ENV.iamToken}, ${ENV.oauthToken} or ${ENV.serviceAccountKeyFile} environment variable`;

function parseBaseUrl(value: string, what: string): BaseUrl {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LockboxConfigError(`${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LockboxConfigError(`${what} must use http or https`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new LockboxConfigError(`${what} must not carry a query, fragment or user info`);
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}

function parseKey(value: unknown, source: string): ServiceAccountKey {
  let data = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      throw new LockboxConfigError(
        `${source} is not valid JSON (expected the output of \`yc iam key create\`)`,
      );
    }
  }
  const parsed = authorizedKey().safeParse(data);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new LockboxConfigError(`${source} is not an authorized key: missing or invalid ${fields}`);
  }
  return parsed.data as ServiceAccountKey;
}

function readKeyFile(file: string, source: string): ServiceAccountKey {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new LockboxConfigError(
      `${source}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  return parseKey(text, `${source} (${file})`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function resolveCredential(options: ClientOptions, env: Env): CredentialSpec {
  if (options.credentials !== undefined) return { kind: "custom", credentials: options.credentials };
  const iamToken = nonEmpty(options.iamToken);
  if (iamToken !== undefined) return { kind: "iamToken", token: iamToken, source: "the iamToken option" };
  const oauth = nonEmpty(options.oauthToken);
  if (oauth !== undefined) return { kind: "oauth", token: oauth, source: "the oauthToken option" };
  if (options.serviceAccountKey !== undefined) {
    const source = "the serviceAccountKey option";
    return { kind: "serviceAccountKey", key: parseKey(options.serviceAccountKey, source), source };
  }
  const keyFile = nonEmpty(options.serviceAccountKeyFile);
  if (keyFile !== undefined) {
    const source = "the serviceAccountKeyFile option";
    return { kind: "serviceAccountKey", key: readKeyFile(keyFile, source), source };
  }
  const envIam = readEnv(env, ENV.iamToken);
  if (envIam !== undefined) return { kind: "iamToken", token: envIam, source: ENV.iamToken };
  const envOauth = readEnv(env, ENV.oauthToken);
  if (envOauth !== undefined) return { kind: "oauth", token: envOauth, source: ENV.oauthToken };
  const envKeyFile = readEnv(env, ENV.serviceAccountKeyFile);
  if (envKeyFile !== undefined) {
    return {
      kind: "serviceAccountKey",
      key: readKeyFile(envKeyFile, ENV.serviceAccountKeyFile),
      source: ENV.serviceAccountKeyFile,
    };
  }
  throw new LockboxConfigError(MISSING_CREDENTIALS_MESSAGE);
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new LockboxConfigError(`${name} must be a non-negative number`);
  return value;
}

/** Applies options, environment and defaults; throws {@link LockboxConfigError} naming what to set. */
export function resolveConfig(options: ClientOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const defaults = defaultEndpoints();
  const explicit = nonEmpty(options.endpoint);
  const fromEnv = readEnv(env, ENV.endpoint);
  const shared =
    explicit !== undefined
      ? parseBaseUrl(explicit, "the endpoint option")
      : fromEnv !== undefined
        ? parseBaseUrl(fromEnv, ENV.endpoint)
        : undefined;
  const endpoints = {} as Record<Service, BaseUrl>;
  for (const service of Object.keys(defaults) as Service[]) {
    const own = nonEmpty(options.endpoints?.[service]);
    endpoints[service] =
      own !== undefined
        ? parseBaseUrl(own, `endpoints.${service}`)
        : (shared ?? parseBaseUrl(defaults[service], service));
  }
  return {
    endpoints,
    credential: resolveCredential(options, env),
    timeout: nonNegative(options.timeout, 30_000, "timeout"),
    maxRetries: Math.floor(nonNegative(options.maxRetries, 4, "maxRetries")),
    operationPollInterval: nonNegative(options.operationPollInterval, 500, "operationPollInterval"),
    operationTimeout: nonNegative(options.operationTimeout, 300_000, "operationTimeout"),
    baseDelay: nonNegative(options.baseDelay, 250, "baseDelay"),
  };
}
