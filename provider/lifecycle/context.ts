/**
 * Where the provider process gets its client. `configure` (called once per provider by the
 * dynamic-provider host, with the stack's whole config) records the explicit settings; the client
 * is built on first use. Nothing here is captured by a serialized provider: providers reach this
 * module through `require("pulumi-lockbox/provider/lifecycle")` at run time
 * (docs/conventions.md#provider-code-is-serialized).
 */
import type * as client from "../client";
import { parseTimeout } from "./timeouts";

/**
 * provider/client, loaded on first use: the SDK imports this module for the stack config keys and
 * settings, and a Pulumi program that only declares resources must not load the client and its
 * schemas (zod) for that.
 */
function lib(): typeof client {
  return require("../client") as typeof client;
}

/** The stack config keys `configure` reads (namespace `lockbox`). */
export const CONFIG_KEYS = {
  endpoint: "lockbox:endpoint",
  token: "lockbox:token",
  serviceAccountKeyFile: "lockbox:serviceAccountKeyFile",
  folderId: "lockbox:folderId",
  operationTimeout: "lockbox:operationTimeout",
} as const;

/** What `configure` receives: a config reader (pulumi `dynamic.ConfigureRequest`). */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

/** Explicit settings from stack config; anything unset falls back to the client's env variables. */
export interface ProviderSettings {
  endpoint?: string;
  token?: string;
  serviceAccountKeyFile?: string;
  folderId?: string;
  /** How long a step waits for an operation by default ("10m", "90s"; a bare number is seconds). */
  operationTimeout?: string;
}

interface State {
  settings: ProviderSettings;
  client?: client.LockboxClient;
}

// Per process, not per provider: every Lockbox provider of one stack sees the same config.
const state: State = { settings: {} };

/** Reads the `lockbox:*` stack config into settings (empty strings count as unset). */
export function settingsFromConfig(req: ConfigureRequest): ProviderSettings {
  const out: ProviderSettings = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS) as [keyof ProviderSettings, string][]) {
    const v = req.config.get(key);
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}

/** Records the stack config; the next `getClient()` builds a client from it. */
export async function configure(req: ConfigureRequest): Promise<void> {
  const settings = settingsFromConfig(req);
  if (JSON.stringify(settings) !== JSON.stringify(state.settings)) {
    state.settings = settings;
    delete state.client;
  }
}

/** The settings `configure` recorded last (a copy): the native provider's defaults (folderId). */
export function configuredSettings(): ProviderSettings {
  return { ...state.settings };
}

/** Client options for the settings: explicit values only, so the client's env fallback applies. */
export function clientOptions(settings: ProviderSettings): client.ClientOptions {
  const opts: client.ClientOptions = {};
  if (settings.endpoint) opts.endpoint = settings.endpoint;
  if (settings.token) opts.iamToken = settings.token;
  if (settings.serviceAccountKeyFile) opts.serviceAccountKeyFile = settings.serviceAccountKeyFile;
  if (settings.operationTimeout) {
    const ms = parseTimeout(settings.operationTimeout);
    if (ms === undefined) {
      throw new (lib().LockboxConfigError)(
        `stack config ${CONFIG_KEYS.operationTimeout} must be a duration such as "10m" or "90s", ` +
          `not ${JSON.stringify(settings.operationTimeout)}`,
      );
    }
    opts.operationTimeout = ms;
  }
  return opts;
}

/** How to give the provider credentials, in the terms of a Pulumi stack: config first, then env. */
export const CREDENTIALS_HELP =
  "Give the provider credentials in the stack config: `pulumi config set --secret lockbox:token <IAM token>`, " +
  "or `pulumi config set lockbox:serviceAccountKeyFile <path to the key.json of yc iam key create>`; or in the " +
  "environment of `pulumi`: YC_IAM_TOKEN (an IAM token), YC_TOKEN (an OAuth token) or " +
  "YC_SERVICE_ACCOUNT_KEY_FILE. For lockbox-local, also point the provider at it: " +
  "`pulumi config set lockbox:endpoint http://127.0.0.1:4588` (or LOCKBOX_ENDPOINT)";

/**
 * The client's configuration errors in the words of a Pulumi stack: each client option is named by
 * the stack config key that sets it, and missing credentials say what to run.
 */
export function pulumiConfigMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (message === lib().MISSING_CREDENTIALS_MESSAGE) {
    return `no Lockbox credentials for this stack. ${CREDENTIALS_HELP}`;
  }
  return message
    .replace("the endpoint option", `stack config ${CONFIG_KEYS.endpoint}`)
    .replace("the serviceAccountKeyFile option", `stack config ${CONFIG_KEYS.serviceAccountKeyFile}`)
    .replace("the iamToken option", `stack config ${CONFIG_KEYS.token}`);
}

/** The client for this process, built from the configured settings on first use. */
export function getClient(): client.LockboxClient {
  if (!state.client) {
    try {
      state.client = new (lib().LockboxClient)(clientOptions(state.settings));
    } catch (err) {
      if (!lib().isConfigError(err)) throw err;
      throw new (lib().LockboxConfigError)(pulumiConfigMessage(err), { cause: err });
    }
  }
  return state.client;
}

/**
 * Why the provider cannot build a client (no credentials, a bad endpoint, an unreadable key file),
 * or undefined when it can. `check` reports it, so `pulumi preview` fails before anything runs.
 */
export function configProblem(): string | undefined {
  try {
    getClient();
    return undefined;
  } catch (err) {
    if (lib().isConfigError(err)) return (err as Error).message;
    throw err;
  }
}

/**
 * @internal Replaces the client: a test hook (in-process tests point it at their own server). Not exported
 * by the package's `provider/lifecycle` entry point; tests import it from this file.
 */
export function setClient(c: client.LockboxClient | undefined): void {
  if (c) state.client = c;
  else delete state.client;
}
