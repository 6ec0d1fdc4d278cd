/**
 * lockbox-local as an app factory: `buildServer(options)` assembles the store, keyring, service,
 * destruction sweeper, REST routes and request pipeline, and returns an app that has not listened
 * yet. The parts live in their own modules (see server/README.md).
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import pino from "pino";
import { handleConsoleRequest } from "./console";
import { Keyring, loadMasterKey } from "./crypto/envelope";
import { errors, renderStatus } from "./errors";
import { compile, type Route } from "./http";
import { newIamToken, tokenHash } from "./ids";
import { answerOutsideThePipeline, createPipeline, send } from "./pipeline";
import { apiRoutes } from "./routes/api";
import type { RouteDeps } from "./routes/deps";
import { endpointRoutes, type ApiEndpointJson } from "./routes/endpoints";
import { localRoutes } from "./routes/local";
import { unimplementedRoutes } from "./routes/unimplemented";
import { seedSecrets, type SeedSecret } from "./seed";
import { createService, type LockboxService } from "./service";
import { Stats } from "./stats";
import { FaultInjector, parseFaultSpec, type FaultSpec } from "./store/faults";
import { Store } from "./store/store";
import { Sweeper } from "./sweeper";

export type { SeedSecret } from "./seed";
export { MAX_BODY_DEPTH } from "./body";

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
  /**
   * Largest accepted request body. The default, 1 MiB, holds every valid request (the largest, 1,000
   * entries with 256-character keys and 64 KB of values escaped as \\uXXXX, is about 700 KiB; see
   * docs/limits.md) and keeps parsing any body well under 100 ms.
   */
  bodyLimitBytes: number;
  /** Secrets provisioned at start without going through HTTP (skipped when the name exists). */
  seed?: SeedSecret[];
  /** What `GET /endpoints` lists (the gRPC endpoint's services); unset or undefined: 501. */
  apiEndpoints?: () => ApiEndpointJson[] | undefined;
}

/** Defaults merged under caller options. */
export const DEFAULT_OPTIONS: ServerOptions = {
  dataDir: ".lockbox-local",
  host: "127.0.0.1",
  port: 4588,
  operationDelayMs: 0,
  logLevel: "info",
  bodyLimitBytes: 1024 * 1024,
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
  readonly store: Store;
  /** The API methods, for transports other than the REST routes (see server/service/types.ts). */
  readonly service: LockboxService;
  /** The fault injector (same as `POST /_local/faults`). */
  readonly faults: FaultInjector;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** Where the root token was read from or written to, when it was not given. */
  readonly rootTokenFile: string | undefined;
  /** The resolved options. */
  readonly options: Readonly<ServerOptions>;
  /** The REST route table, in matching order: "METHOD /template" and its flags (tests check coverage against it). */
  readonly routes: ReadonlyArray<
    Readonly<Pick<Route, "method" | "template" | "public" | "mutating" | "query">>
  >;
}

/** The file the generated root token is written to. */
export const ROOT_TOKEN_FILE = "root-token";
/** The default master key file name. */
export const MASTER_KEY_FILE = "master.key";

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
  const store = new Store({ dataDir: options.dataDir, keyring });
  const root = resolveRootToken(options);
  const faults = new FaultInjector(
    typeof options.faults === "string" ? parseFaultSpec(options.faults) : options.faults,
  );
  const logger = pino(
    { level: options.logLevel, base: { service: "lockbox-local" }, timestamp: pino.stdTimeFunctions.isoTime },
    // Asynchronous: under load, lines written while one write is in flight go out together in the
    // next, instead of one blocking write(2) per request; pino flushes what is left when the
    // process exits, and close() flushes too.
    options.logDestination ?? pino.destination({ dest: 1, sync: false }),
  );
  const sweeper = new Sweeper(store, now, (err) =>
    logger.error({ err: String(err) }, "destruction sweep failed"),
  );

  let url: string | undefined;
  const service: LockboxService = createService({
    store,
    now,
    operationDelayMs: options.operationDelayMs,
    rootTokenHash: tokenHash(root.token),
    // Besides the public IAM endpoint, a service-account JWT may name this server's own.
    jwtAudiences: () => [`${url ?? `http://${options.host}:${options.port}`}/iam/v1/tokens`],
    sweep: (t) => sweeper.sweep(t),
    afterMutation: () => sweeper.schedule(),
  });
  const stats = new Stats();
  const deps: RouteDeps = { service, store, faults, stats, reset: () => reset() };
  const routes = ([] as Route[])
    .concat(
      localRoutes(deps),
      apiRoutes(deps),
      endpointRoutes(() => options.apiEndpoints?.()),
      unimplementedRoutes(),
    )
    .map(compile);

  sweeper.sweep(now());
  sweeper.schedule();
  seedSecrets(store, options.seed ?? [], now());

  function reset(): void {
    store.reset();
    stats.reset();
    faults.set({ unavailable: 0, rateLimited: 0, drop: 0, commitThenDrop: 0, only: "mutations", times: 0 });
    sweeper.schedule();
  }

  const handle = createPipeline({
    routes,
    service,
    faults,
    stats,
    logger,
    now,
    bodyLimitBytes: options.bodyLimitBytes,
  });
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    if (handleConsoleRequest(req, res)) return; // the web console's static files (server/console)
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, renderStatus(errors.internal(), "unknown"));
    });
  });
  server.keepAliveTimeout = 5000;
  answerOutsideThePipeline(server, logger);

  let closed = false;
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
      sweeper.stop();
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
    service,
    faults,
    get url() {
      return url;
    },
    rootTokenFile: root.file,
    options,
    routes: routes.map(({ method, template, public: isPublic, mutating, query }) =>
      Object.freeze({ method, template, public: isPublic, mutating, query }),
    ),
  };
  return app;
}
