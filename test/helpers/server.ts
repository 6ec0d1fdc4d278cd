/**
 * Starting lockbox-local for tests: in-process on 127.0.0.1:0 with a fresh temp data dir, or as a
 * child process (bin/lockbox-local.js serve) for restart, SIGKILL and on-disk tests. Everything
 * started here is closed by the root hooks (onCleanup). Also creates identities (service accounts
 * with keys, users with OAuth tokens) and grants folder roles for auth tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { constants, randomBytes, sign } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildServer, type ServerOptions } from "../../server/app";
import { onCleanup } from "./hooks";

/** The folder id tests create their resources in. */
export const TEST_FOLDER = "b1gtestfolder0000000";

/** A running lockbox-local. */
export interface LocalServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (every service path lives under it). */
  url: string;
  /** The root admin token (every role everywhere). */
  rootToken: string;
  /** The data directory. */
  dataDir: string;
  /** Counters of GET /_local/stats, by "METHOD /path/template" (see server/stats.ts). */
  stats(): Promise<ServerStats>;
  /** Stops the server (idempotent). */
  close(): Promise<void>;
}

/** An in-process server, which also shows its REST route table. */
export interface InProcessServer extends LocalServer {
  /** "METHOD /template" of every REST route the server has (server/app.ts `routes`). */
  routes: string[];
}

/**
 * GET /_local/stats: answered requests, mutating calls handled, requests a fault dropped, requests
 * the client aborted, and requests in progress.
 */
export interface ServerStats {
  requests: Record<string, number>;
  mutations: number;
  dropped: Record<string, number>;
  aborted: Record<string, number>;
  inFlight: Record<string, number>;
}

/** How many times a route was called: answered, dropped by a fault, or aborted by the client. */
export function attempts(stats: ServerStats, route: string): number {
  return (stats.requests[route] ?? 0) + (stats.dropped[route] ?? 0) + (stats.aborted[route] ?? 0);
}

/**
 * Every call of the service's API the server has seen (answered, dropped by a fault, aborted or in
 * progress), reads included; the test harness's own `/_local/` admin calls are left out. "Before any
 * API call" checks compare this, not `mutations`, so a Get or List made before a failure shows.
 */
export function apiCalls(stats: ServerStats): number {
  let n = 0;
  for (const counts of [stats.requests, stats.dropped, stats.aborted, stats.inFlight])
    for (const [route, count] of Object.entries(counts)) if (!/^\S+ \/_local\//.test(route)) n += count;
  return n;
}

/** A child-process server. */
export interface SpawnedServer extends LocalServer {
  pid: number;
  /** Sends a signal (default SIGTERM) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Everything the process printed on stdout and stderr so far. */
  output(): string;
}

/** A test identity with a live IAM token. */
export interface TestIdentity {
  id: string;
  type: "serviceAccount" | "userAccount";
  /** An IAM token obtained through the real exchange (POST /iam/v1/tokens). */
  token: string;
  /** The authorized key (service accounts). */
  key?: AuthorizedKeyJson;
  /** The OAuth token (users). */
  oauthToken?: string;
}

/** The authorized key JSON `lockbox-local iam create-key` and `yc iam key create` print. */
export interface AuthorizedKeyJson {
  id: string;
  service_account_id: string;
  created_at: string;
  key_algorithm: string;
  public_key: string;
  private_key: string;
}

const REPO = path.resolve(__dirname, "..", "..");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-local-test-"));
}

async function getStats(url: string, rootToken: string) {
  const res = await fetch(`${url}/_local/stats`, { headers: { authorization: `Bearer ${rootToken}` } });
  if (!res.ok) throw new Error(`GET /_local/stats answered ${res.status}`);
  return (await res.json()) as ServerStats;
}

/** In-process server on 127.0.0.1, port 0, fresh temp data dir (unless given), closed by onCleanup. */
export async function startLocalServer(options: Partial<ServerOptions> = {}): Promise<InProcessServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir();
  const rootToken = options.rootToken ?? `t1.test-root.${randomBytes(32).toString("base64url")}`;
  const app = buildServer({ logLevel: "silent", ...options, dataDir, rootToken });
  const { url } = await app.listen({ host: "127.0.0.1", port: 0 });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  onCleanup(close);
  const routes = app.routes.map((r) => `${r.method} ${r.template}`);
  return { url, rootToken, dataDir, stats: () => getStats(url, rootToken), close, routes };
}

/** Child-process server (bin/lockbox-local.js serve) for restart / SIGKILL / on-disk tests. */
export async function spawnLocalServer(
  opts: { dataDir?: string; env?: Record<string, string>; args?: string[] } = {},
): Promise<SpawnedServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, LOCKBOX_LOCAL_LOG_LEVEL: "warn", ...opts.env };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(REPO, "bin", "lockbox-local.js"),
      "serve",
      "--port",
      "0",
      "--data-dir",
      dataDir,
      ...(opts.args ?? []),
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  // "close" (not "exit") so everything the process printed has been read.
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lockbox-local did not start:\n${out}`)), 20000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`lockbox-local exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
  const rootToken =
    env.LOCKBOX_LOCAL_ROOT_TOKEN || fs.readFileSync(path.join(dataDir, "root-token"), "utf8").trim();
  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  onCleanup(async () => {
    await kill("SIGKILL");
    if (opts.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    url,
    rootToken,
    dataDir,
    pid: child.pid!,
    stats: () => getStats(url, rootToken),
    close: () => kill("SIGTERM"),
    kill,
    output: () => out,
  };
}

async function admin<T>(
  server: Pick<LocalServer, "url" | "rootToken">,
  route: string,
  body: unknown,
): Promise<T> {
  const res = await fetch(`${server.url}${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.rootToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`POST ${route} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Signs a PS256 JWT for a service-account key, as yc-compatible SDKs do (docs/lockbox-api.md#token-exchange).
 */
export function signServiceAccountJwt(
  key: Pick<AuthorizedKeyJson, "id" | "service_account_id" | "private_key">,
  opts: { audience?: string; iat?: number; lifetimeSeconds?: number; alg?: string } = {},
): string {
  const iat = opts.iat ?? Math.floor(Date.now() / 1000);
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
  const header = enc({ typ: "JWT", alg: opts.alg ?? "PS256", kid: key.id });
  const claims = enc({
    iss: key.service_account_id,
    aud: opts.audience ?? "https://iam.api.cloud.yandex.net/iam/v1/tokens",
    iat,
    exp: iat + (opts.lifetimeSeconds ?? 3600),
  });
  const signature = sign("sha256", Buffer.from(`${header}.${claims}`), {
    key: key.private_key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  });
  return `${header}.${claims}.${signature.toString("base64url")}`;
}

/** Exchanges a JWT or an OAuth token for an IAM token through POST /iam/v1/tokens. */
export async function exchangeToken(
  server: Pick<LocalServer, "url">,
  body: { jwt: string } | { yandexPassportOauthToken: string },
): Promise<string> {
  const res = await fetch(`${server.url}/iam/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { iamToken?: string };
  if (!res.ok || !json.iamToken)
    throw new Error(`token exchange answered ${res.status}: ${JSON.stringify(json)}`);
  return json.iamToken;
}

/** Adds a role binding on a folder (resource-manager updateAccessBindings, as root). */
export async function grantFolderRole(
  server: Pick<LocalServer, "url" | "rootToken">,
  folderId: string,
  roleId: string,
  subject: { type: string; id: string },
): Promise<void> {
  await admin(server, `/resource-manager/v1/folders/${folderId}:updateAccessBindings`, {
    accessBindingDeltas: [{ action: "ADD", accessBinding: { roleId, subject } }],
  });
}

/**
 * Creates a folder-scoped service account with an authorized key, grants it `roles` on the folder
 * and returns it with an IAM token from the real JWT exchange.
 */
export async function createServiceAccount(
  server: Pick<LocalServer, "url" | "rootToken">,
  opts: { folderId?: string; name?: string; roles?: string[] } = {},
): Promise<TestIdentity & { key: AuthorizedKeyJson }> {
  const folderId = opts.folderId ?? TEST_FOLDER;
  const sa = await admin<{ id: string }>(server, "/_local/iam/serviceAccounts", {
    name: opts.name ?? `sa-${randomBytes(4).toString("hex")}`,
    folderId,
  });
  const key = await admin<AuthorizedKeyJson>(server, "/_local/iam/keys", { serviceAccountId: sa.id });
  for (const role of opts.roles ?? [])
    await grantFolderRole(server, folderId, role, { type: "serviceAccount", id: sa.id });
  const token = await exchangeToken(server, { jwt: signServiceAccountJwt(key) });
  return { id: sa.id, type: "serviceAccount", token, key };
}

/** Creates a user with an OAuth token, grants it `roles` on the folder, exchanges it for an IAM token. */
export async function createUser(
  server: Pick<LocalServer, "url" | "rootToken">,
  opts: { folderId?: string; name?: string; roles?: string[] } = {},
): Promise<TestIdentity & { oauthToken: string }> {
  const folderId = opts.folderId ?? TEST_FOLDER;
  const user = await admin<{ id: string; oauthToken: string }>(server, "/_local/iam/users", {
    name: opts.name ?? `user-${randomBytes(4).toString("hex")}`,
  });
  for (const role of opts.roles ?? [])
    await grantFolderRole(server, folderId, role, { type: "userAccount", id: user.id });
  const token = await exchangeToken(server, { yandexPassportOauthToken: user.oauthToken });
  return { id: user.id, type: "userAccount", token, oauthToken: user.oauthToken };
}

/** Sets the fault configuration (POST /_local/faults). */
export async function setFaults(
  server: Pick<LocalServer, "url" | "rootToken">,
  spec: Partial<{
    unavailable: number;
    rateLimited: number;
    drop: number;
    commitThenDrop: number;
    only: "mutations" | "all";
    times: number;
  }>,
): Promise<void> {
  await admin(server, "/_local/faults", spec);
}
