/**
 * lockbox-local as an app factory: `buildServer(options)` wires the store, keyring, routes and the
 * one error boundary, and returns an app that has not listened yet (style.md conventions 15–17).
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import pino from "pino";
import { handleConsoleRequest } from "./console";
import { Keyring, loadMasterKey } from "./crypto/envelope";
import { ApiError, errors, renderStatus, toApiError } from "./errors";
import { compile, match, type CompiledRoute, type RequestContext, type Route } from "./http";
import { newIamToken, tokenHash } from "./ids";
import { authenticate, ROOT_SUBJECT_ID, type Caller } from "./iam/subjects";
import type { RouteDeps } from "./routes/deps";
import { folderRoutes } from "./routes/folders";
import { iamRoutes } from "./routes/iam";
import { kmsRoutes } from "./routes/kms";
import { localRoutes } from "./routes/local";
import { operationRoutes } from "./routes/operations";
import { payloadRoutes } from "./routes/payload";
import { secretRoutes } from "./routes/secrets";
import { unimplementedRoutes } from "./routes/unimplemented";
import { FaultInjector, parseFaultSpec, type FaultSpec } from "./store/faults";
import { SqliteStore } from "./store/sqlite";
import { operationJson } from "./wire";

/** Options of {@link buildServer}; every field has a default (see {@link DEFAULT_OPTIONS}). */
export interface ServerOptions {
  /** Directory holding the database, master key and root-token file. */
  dataDir: string;
  /** Host `main` listens on. */
  host: string;
  /** Port `main` listens on (0 picks a free one). */
  port: number;
  /** The root token; when unset it is read from, or generated into, `<dataDir>/root-token` (0600). */
  rootToken?: string;
  /** The master key file; defaults to `<dataDir>/master.key`, generated when missing. */
  masterKeyFile?: string;
  /** Operations stay `done:false` for this long (clients must poll). */
  operationDelayMs: number;
  /** Fault injection, as a spec object or a `--faults` string. */
  faults?: FaultSpec | string;
  /** pino level: "fatal" … "trace", or "silent". */
  logLevel: string;
  /** A pino destination for the request log (default: stdout). */
  logDestination?: pino.DestinationStream;
  /** Clock, injectable for tests of time-dependent behaviour. */
  now?: () => number;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** Secrets provisioned at start without going through HTTP (skipped when the name exists). */
  seed?: SeedSecret[];
}

/** A secret for {@link ServerOptions.seed}: text entries become its first version. */
export interface SeedSecret {
  folderId: string;
  name: string;
  description?: string;
  entries: Record<string, string>;
}

/** Defaults merged under caller options. */
export const DEFAULT_OPTIONS: ServerOptions = {
  dataDir: ".lockbox-local",
  host: "127.0.0.1",
  port: 4588,
  operationDelayMs: 0,
  logLevel: "info",
  bodyLimitBytes: 4 * 1024 * 1024,
};

/** The app returned by {@link buildServer}. */
export interface LockboxLocalApp {
  /** Starts listening; resolves with the base URL. */
  listen(opts?: { host?: string; port?: number }): Promise<{ url: string }>;
  /** Stops listening, drops open connections, closes the database. */
  close(): Promise<void>;
  /** Deletes every resource, operation and identity, and clears stats and faults. */
  reset(): void;
  /** The durable store (also usable for seeding without HTTP). */
  readonly store: SqliteStore;
  /** The fault injector (same as `POST /_local/faults`). */
  readonly faults: FaultInjector;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** Where the root token was read from or written to, when it was not given. */
  readonly rootTokenFile: string | undefined;
  /** The resolved options. */
  readonly options: Readonly<ServerOptions>;
}

/** The file the generated root token is written to. */
export const ROOT_TOKEN_FILE = "root-token";
/** The default master key file name. */
export const MASTER_KEY_FILE = "master.key";

const ANONYMOUS: Caller = { id: "", type: "userAccount", root: false };

function resolveRootToken(options: ServerOptions): { token: string; file: string | undefined } {
  if (options.rootToken !== undefined && options.rootToken !== "")
    return { token: options.rootToken, file: undefined };
  const file = path.join(options.dataDir, ROOT_TOKEN_FILE);
  if (fs.existsSync(file)) return { token: fs.readFileSync(file, "utf8").trim(), file };
  const token = newIamToken();
  fs.writeFileSync(file, token + "\n", { mode: 0o600, flag: "wx" });
  return { token, file };
}

/** Builds lockbox-local without listening. */
export function buildServer(overrides: Partial<ServerOptions> = {}): LockboxLocalApp {
  const options: ServerOptions = { ...DEFAULT_OPTIONS, ...overrides };
  const now = options.now ?? Date.now;
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const masterFile = options.masterKeyFile ?? path.join(options.dataDir, MASTER_KEY_FILE);
  const keyring = new Keyring(loadMasterKey(masterFile, options.masterKeyFile === undefined));
  const store = new SqliteStore({ dataDir: options.dataDir, keyring });
  const root = resolveRootToken(options);
  const rootHash = tokenHash(root.token);
  const faults = new FaultInjector(
    typeof options.faults === "string" ? parseFaultSpec(options.faults) : options.faults,
  );
  const logger = pino(
    { level: options.logLevel, base: { service: "lockbox-local" }, timestamp: pino.stdTimeFunctions.isoTime },
    options.logDestination ?? pino.destination(1),
  );

  let url: string | undefined;
  const deps: RouteDeps = {
    store,
    faults,
    baseUrl: () => url ?? `http://${options.host}:${options.port}`,
    stats: { requests: {}, mutations: 0 },
    reset: () => reset(),
  };
  const routes: CompiledRoute[] = ([] as Route[])
    .concat(
      localRoutes(deps),
      payloadRoutes(deps),
      secretRoutes(deps),
      operationRoutes(deps),
      iamRoutes(deps),
      kmsRoutes(deps),
      folderRoutes(deps),
      unimplementedRoutes(),
    )
    .map(compile);

  // Versions are destroyed on time: a timer for the next destroyAt, a sweep at start, and a
  // lazy sweep before each request (so a restart after destroyAt never shows stale versions).
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (closed) return;
    const next = store.nextDestroyAt();
    if (next === null) return;
    const wait = Math.min(Math.max(next - now(), 0) + 5, 2 ** 31 - 1);
    timer = setTimeout(() => {
      try {
        store.sweep(now());
      } catch (err) {
        logger.error({ err: String(err) }, "destruction sweep failed");
      }
      schedule();
    }, wait);
    timer.unref();
  };
  store.sweep(now());
  schedule();
  for (const seed of options.seed ?? []) {
    if (store.findSecretByName(seed.folderId, seed.name)) continue;
    const entries = Object.entries(seed.entries).map(([key, text]) => ({ key, text }));
    store.createSecret(
      { subjectId: ROOT_SUBJECT_ID, now: now(), delayMs: 0, fingerprint: "seed" },
      {
        folderId: seed.folderId,
        name: seed.name,
        description: seed.description ?? "",
        labels: {},
        kmsKeyId: "",
        deletionProtection: false,
        passwordSpec: null,
        firstVersion: entries.length > 0 ? { description: "", entries } : null,
      },
    );
  }

  function reset(): void {
    store.reset();
    deps.stats.requests = {};
    deps.stats.mutations = 0;
    faults.set({ unavailable: 0, rateLimited: 0, drop: 0, commitThenDrop: 0, only: "mutations", times: 0 });
    schedule();
  }

  async function readBody(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > options.bodyLimitBytes) throw errors.invalidArgument("the request body is too large");
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8").trim();
    if (text === "") return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      throw errors.invalidArgument("the request body is not valid JSON");
    }
    return withoutNulls(parsed);
  }

  function send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
      "cache-control": "no-store",
      ...headers,
    });
    res.end(text);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const method = (req.method ?? "GET").toUpperCase();
    const parsed = new URL(req.url ?? "/", "http://localhost");
    const pathname = parsed.pathname;
    let status = 0;
    let template = "<unmatched>";
    let dropAfter = false;
    res.setHeader("x-request-id", requestId);
    try {
      const found = match(routes, method, pathname);
      if (found === undefined) throw errors.notFound(`${method} ${pathname}: no such endpoint`);
      if (found === "method") throw errors.unimplemented(`${method} is not supported on ${pathname}`);
      const { route, params } = found;
      template = route.template;
      const key = `${method} ${template}`;
      deps.stats.requests[key] = (deps.stats.requests[key] ?? 0) + 1;
      if (route.mutating) deps.stats.mutations++;

      const local = template === "/health" || template.startsWith("/_local/");
      const fault = local ? "none" : faults.decide(route.mutating === true);
      if (fault === "drop") {
        status = -1;
        req.socket.destroy();
        return;
      }
      if (fault === "unavailable") throw errors.unavailable();
      if (fault === "rateLimited") throw errors.resourceExhausted("Too many requests, retry later.", 1);
      dropAfter = fault === "commitThenDrop";

      const body = method === "GET" ? {} : await readBody(req);
      const t = now();
      const caller = route.public ? ANONYMOUS : authenticate(store, rootHash, req.headers.authorization, t);
      if (!local) store.sweep(t);
      const query: Record<string, string> = {};
      for (const [k, v] of parsed.searchParams) query[k] = v;
      const rawKey = req.headers["idempotency-key"];
      const idempotencyKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
      if (idempotencyKey !== undefined && (idempotencyKey === "" || idempotencyKey.length > 256)) {
        throw errors.invalidArgument("Idempotency-Key must be 1 to 256 characters");
      }
      const fingerprint = `${method} ${pathname}`;
      const ctx: RequestContext = {
        method,
        template,
        requestId,
        params,
        query,
        body,
        headers: req.headers,
        caller,
        now: t,
        mutation: () => ({
          subjectId: caller.id,
          now: t,
          delayMs: options.operationDelayMs,
          fingerprint,
          ...(route.mutating && idempotencyKey !== undefined ? { idempotencyKey } : {}),
        }),
      };
      let reply;
      const prior =
        route.mutating && idempotencyKey !== undefined
          ? store.findIdempotent(caller.id, idempotencyKey, fingerprint)
          : undefined;
      if (prior) {
        reply = { body: operationJson(prior, t) };
      } else {
        reply = await route.handler(ctx);
        if (route.mutating) schedule();
      }
      status = reply.status ?? 200;
      if (dropAfter) {
        status = -2;
        req.socket.destroy();
        return;
      }
      send(res, status, reply.body);
    } catch (err) {
      const apiErr: ApiError = toApiError(err);
      if (!(err instanceof ApiError)) {
        // The message may carry values; log only the error class and stack location.
        logger.error({ reqId: requestId, errorName: (err as Error)?.name ?? "Error" }, "internal error");
      }
      status = apiErr.httpStatus;
      if (dropAfter && apiErr.codeName !== "INTERNAL") {
        status = -2;
        req.socket.destroy();
        return;
      }
      if (!res.headersSent) send(res, status, renderStatus(apiErr, requestId), apiErr.headers);
    } finally {
      logger.info(
        {
          reqId: requestId,
          method,
          path: pathname,
          route: template,
          status: status === -1 ? "dropped" : status === -2 ? "committed-then-dropped" : status,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        "request",
      );
    }
  }

  const server = http.createServer((req, res) => {
    if (handleConsoleRequest(req, res)) return; // the web console's static files (server/console)
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, renderStatus(errors.internal(), "unknown"));
    });
  });
  server.keepAliveTimeout = 5000;

  const app: LockboxLocalApp = {
    async listen(opts = {}) {
      const host = opts.host ?? options.host;
      const port = opts.port ?? options.port;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      const addr = server.address() as AddressInfo;
      const h = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      url = `http://${h}:${addr.port}`;
      return { url };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      store.close();
      logger.flush?.();
    },
    reset,
    store,
    faults,
    get url() {
      return url;
    },
    rootTokenFile: root.file,
    options,
  };
  return app;
}

/**
 * Proto3 JSON reads a `null` field as the field's default (lockbox-api.md §2), so null members are
 * dropped before validation: `{"description": null}` means "no description". Array elements stay as
 * they are (a null list element is still an error).
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? v : withoutNulls(v)));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null)
      Object.defineProperty(out, k, {
        value: withoutNulls(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}
