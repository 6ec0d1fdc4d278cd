/**
 * A real lockbox-local on port 0 for the lifecycle and end-to-end tests, with the lifecycle module
 * configured against it the way the dynamic-provider host does (stack config through `configure`).
 * Suites use it through `useLockboxWorld()` (lockbox-fixture.ts), which stops it after the suite; the
 * root hooks close anything left.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "./hooks";
import { apiCalls, type ServerStats } from "./server";
import { buildServer } from "../../server";
import { LockboxClient } from "../../provider/client";
import * as lifecycle from "../../provider/lifecycle";
import { setClient } from "../../provider/lifecycle/context";

/** A running server plus a root client for arranging and inspecting state through the raw API. */
export interface LocalWorld {
  url: string;
  rootToken: string;
  /** A client with the root token (the test's own view of the server). */
  raw: LockboxClient;
  /** Mutating calls the server has served so far. */
  mutations(): Promise<number>;
  /** Calls of the service's API so far, reads included (see `apiCalls` in helpers/server.ts). */
  apiCalls(): Promise<number>;
  /** A service account with an IAM token (no roles unless granted). */
  serviceAccount(name: string): Promise<{ id: string; token: string }>;
  /** A new authorized key (the JSON of `yc iam key create`) for a service account. */
  serviceAccountKey(serviceAccountId: string): Promise<Record<string, unknown>>;
  /** Points the lifecycle module at the server with `token` (default: root). */
  configureLifecycle(token?: string): Promise<void>;
  /** Stops the server, closes the root client and removes the data directory (idempotent). */
  close(): Promise<void>;
}

/** The folder every test works in (the root token may use any folder). */
export const FOLDER = "b1gintegration";

/** Starts the server (with `serverOptions` over the defaults) and configures the lifecycle module for it. */
export async function startWorld(serverOptions: { operationDelayMs?: number } = {}): Promise<LocalWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-lifecycle-"));
  const app = buildServer({
    ...serverOptions,
    dataDir,
    port: 0,
    logLevel: "silent",
    rootToken: `t1.root-${path.basename(dataDir)}`,
  });
  const { url } = await app.listen({ host: "127.0.0.1", port: 0 });
  const rootToken = app.options.rootToken!;
  const raw = new LockboxClient({ endpoint: url, iamToken: rootToken, operationPollInterval: 5 });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    setClient(undefined);
    await raw.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  onCleanup(close);
  const admin = async (p: string, body?: unknown) => {
    const res = await fetch(url + p, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${rootToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const world: LocalWorld = {
    url,
    rootToken,
    raw,
    mutations: async () => Number((await admin("/_local/stats")).mutations),
    apiCalls: async () => apiCalls((await admin("/_local/stats")) as unknown as ServerStats),
    serviceAccount: async (name) => {
      const sa = await admin("/_local/iam/serviceAccounts", { name, folderId: FOLDER });
      const t = await admin("/_local/iam/tokens", { subjectId: sa.id });
      return { id: String(sa.id), token: String(t.iamToken) };
    },
    serviceAccountKey: (serviceAccountId) => admin("/_local/iam/keys", { serviceAccountId }),
    configureLifecycle: async (token = rootToken) => {
      const config: Record<string, string> = { "lockbox:endpoint": url, "lockbox:token": token };
      await lifecycle.configure({ config: { get: (k) => config[k] } });
    },
    close,
  };
  await world.configureLifecycle();
  return world;
}
