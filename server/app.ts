/**
 * lockbox-local as an app factory: `buildServer(options)` wires the store, keyring, routes and the
 * one error boundary, and returns an app that has not listened yet (style.md conventions 15–17).
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import * as path from "node:path";
import pino from "pino";
import { handleConsoleRequest } from "./console";
import { Keyring, loadMasterKey } from "./crypto/envelope";
import { ApiError, errors, renderStatus, toApiError } from "./errors";
import {
  compile,
  match,
  parseQuery,
  queryFieldNames,
  splitTarget,
  type CompiledRoute,
  type RequestContext,
  type Route,
} from "./http";
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
import { replayIdempotent } from "./store/idempotency";
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

/**
 * How deep a request body may nest. Protobuf parsers stop at 100 levels of nested messages; no
 * Lockbox request comes near it, and the bound keeps every walk over a body shallow.
 */
export const MAX_BODY_DEPTH = 100;

/** The Content-Type of every answer, exactly as the API gateway sends it (no charset parameter). */
const JSON_CONTENT_TYPE = "application/json";

/** The client went away before its request was read; there is nobody to answer. */
class ClientAborted extends Error {}

/** Query parameter names the routes know (their proto names are accepted as well). */
const QUERY_NAMES = queryFieldNames();

/** The request log's `status` for answers that were never sent. */
const LOGGED_STATUS: Record<number, string> = {
  [-1]: "dropped",
  [-2]: "committed-then-dropped",
  [-3]: "aborted",
};

/**
 * The answer to a request Node's HTTP parser refused (the `clientError` codes of node:http):
 * oversized headers 431, a request timeout 408, anything else malformed 400; each with the JSON
 * error body. The body codes follow the nearest gRPC code (INVALID_ARGUMENT, DEADLINE_EXCEEDED).
 */
function parserErrorAnswer(code: string | undefined): { status: number; error: ApiError } {
  if (code === "HPE_HEADER_OVERFLOW") {
    return {
      status: 431,
      error: errors.invalidArgument(
        `the request line and headers are larger than ${http.maxHeaderSize} bytes`,
      ),
    };
  }
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return { status: 408, error: new ApiError("DEADLINE_EXCEEDED", "the request was not received in time") };
  }
  return {
    status: 400,
    error: errors.invalidArgument(`the request is not valid HTTP/1.1 (${code ?? "parse error"})`),
  };
}

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

  const tooLarge = () =>
    errors.invalidArgument(`the request body is larger than ${options.bodyLimitBytes} bytes`);

  async function readBody(req: http.IncomingMessage): Promise<unknown> {
    if (Number(req.headers["content-length"] ?? 0) > options.bodyLimitBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > options.bodyLimitBytes) throw tooLarge();
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      // The only way reading a request fails is the client closing the connection mid-body.
      throw new ClientAborted();
    }
    if (req.readableAborted || !req.complete) throw new ClientAborted();
    const text = decodeUtf8(Buffer.concat(chunks)).trim();
    if (text === "") return {};
    let parsed: unknown;
    try {
      // Only a body with a surrogate escape pays for the reviver (it is several times slower).
      parsed = (
        SURROGATE_ESCAPE.test(text) ? JSON.parse(text, refuseLoneSurrogates) : JSON.parse(text)
      ) as unknown;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw errors.invalidArgument("the request body is not valid JSON");
    }
    if (depthExceeds(parsed, MAX_BODY_DEPTH)) {
      throw errors.invalidArgument(`the request body nests deeper than ${MAX_BODY_DEPTH} levels`);
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
      "content-type": JSON_CONTENT_TYPE,
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
    const { pathname, search } = splitTarget(req.url ?? "/");
    let status = 0;
    let template = "<unmatched>";
    let dropAfter = false;
    res.setHeader("x-request-id", requestId);
    try {
      if (req.httpVersion === "1.1" && req.headers.host === undefined) {
        throw errors.invalidArgument("an HTTP/1.1 request needs a Host header");
      }
      const found = match(routes, method, pathname);
      if (found === undefined) throw errors.notFound(`${method} ${pathname}: no such endpoint`);
      if (found === "method") throw errors.notFound(`${method} ${pathname}: no such method`);
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
      const query = parseQuery(search, QUERY_NAMES);
      const unread = route.query || template === "/health" ? [] : Object.keys(query);
      if (unread.length > 0) {
        const s = unread.length > 1 ? "s" : "";
        throw errors.invalidArgument(`unknown query parameter${s} ${unread.map((k) => `"${k}"`).join(", ")}`);
      }
      const rawKey = req.headers["idempotency-key"];
      const idempotencyKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
      if (idempotencyKey !== undefined && (idempotencyKey === "" || idempotencyKey.length > 256)) {
        throw errors.invalidArgument("Idempotency-Key must be 1 to 256 characters");
      }
      const fingerprint = route.mutating ? store.requestFingerprint(method, pathname, body) : "";
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
          checks: caller.checks ?? [],
          ...(route.mutating && idempotencyKey !== undefined ? { idempotencyKey } : {}),
        }),
      };
      let reply;
      const prior =
        route.mutating && idempotencyKey !== undefined
          ? replayIdempotent(store, caller, idempotencyKey, fingerprint)
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
      if (err instanceof ClientAborted) {
        status = -3;
        return;
      }
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
          status: LOGGED_STATUS[status] ?? status,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        "request",
      );
    }
  }

  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    if (handleConsoleRequest(req, res)) return; // the web console's static files (server/console)
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, renderStatus(errors.internal(), "unknown"));
    });
  });
  server.keepAliveTimeout = 5000;
  // An Expect header other than 100-continue: Node would answer 417 with an empty body.
  server.on("checkExpectation", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    const error = errors.invalidArgument(`Expect: ${String(req.headers.expect)} is not supported`);
    send(res, 417, renderStatus(error, requestId), { connection: "close" });
    logger.info({ reqId: requestId, status: 417, method: req.method }, "unsupported expectation");
  });
  // Node answers requests its parser refuses with an empty body; answer the JSON error body instead.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, error } = parserErrorAnswer(err.code);
    const requestId = answerOnSocket(socket, status, error);
    logger.info({ reqId: requestId, status, parserError: err.code }, "malformed request");
  });
  // CONNECT never reaches the request handler; Node would close the connection without a word.
  server.on("connect", (req: http.IncomingMessage, socket: Duplex) => {
    const requestId = answerOnSocket(
      socket,
      404,
      errors.notFound(`CONNECT ${req.url ?? ""}: no such method`),
    );
    logger.info({ reqId: requestId, method: "CONNECT", status: 404 }, "request");
  });

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

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Decodes a body as strict UTF-8: invalid bytes are refused, never replaced by U+FFFD (as protojson does). */
function decodeUtf8(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw errors.invalidArgument("the request body is not valid UTF-8");
  }
}

/** A JSON.parse reviver refusing strings (values or names) with an unpaired surrogate escape such as "\ud800". */
function refuseLoneSurrogates(key: string, value: unknown): unknown {
  if (/\p{Cs}/u.test(key) || (typeof value === "string" && /\p{Cs}/u.test(value))) {
    throw errors.invalidArgument(
      "the request body has a string that is not valid UTF-8 (an unpaired surrogate)",
    );
  }
  return value;
}

/** Whether a parsed JSON value nests deeper than `max` arrays/objects (iterative: any depth is safe). */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Writes a complete error answer straight onto a socket Node's HTTP server has let go of (parser
 * errors, CONNECT) and closes it; returns the request id it carries.
 */
function answerOnSocket(socket: Duplex, status: number, error: ApiError): string {
  const requestId = randomUUID();
  const text = JSON.stringify(renderStatus(error, requestId));
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      `content-type: ${JSON_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${text}`,
  );
  return requestId;
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
