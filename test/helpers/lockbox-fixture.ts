/**
 * The mocha fixture for suites that need a real lockbox-local. Called inside a `describe`, before the
 * suite's own hooks, it starts the server in `before()` (in process, on 127.0.0.1, on a port the OS
 * picks, with a fresh data directory) and stops it in `after()`, so a suite's server is gone when the
 * suite is done. The returned object's fields are usable from the suite's `before()` on.
 *
 * ```ts
 * describe("secrets", () => {
 *   const local = useLockboxLocal();
 *   it("creates one", async () => { await local.client.secrets.create({ folderId: newFolder() }); });
 * });
 * ```
 */
import type { ClientOptions, LockboxClient } from "../../provider/client";
import type { ServerOptions } from "../../server/app";
import { connect } from "./client";
import { startLocalServer, type LocalServer } from "./server";
import { startWorld, type LocalWorld } from "./world";

/** A suite's lockbox-local and a client with its root token. */
export interface LockboxLocalFixture {
  /** The running server. */
  readonly server: LocalServer;
  /** A client of the server with the root token (see `connect` in client.ts). */
  readonly client: LockboxClient;
}

function running<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(
      `${what} runs only between the suite's before() and after(): use it inside hooks and tests`,
    );
  }
  return value;
}

/**
 * Starts lockbox-local for the enclosing `describe`. `server` options go to the server (e.g.
 * `operationDelayMs`), `client` options to the root client.
 */
export function useLockboxLocal(
  options: { server?: Partial<ServerOptions>; client?: ClientOptions } = {},
): LockboxLocalFixture {
  let server: LocalServer | undefined;
  let client: LockboxClient | undefined;
  before(async () => {
    server = await startLocalServer(options.server);
    client = connect(server, options.client);
  });
  after(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });
  return {
    get server() {
      return running(server, "useLockboxLocal's server");
    },
    get client() {
      return running(client, "useLockboxLocal's client");
    },
  };
}

/**
 * Starts lockbox-local for the enclosing `describe` and configures the lifecycle module for it
 * (world.ts). The returned world forwards to the suite's running one, so it can be passed around
 * like the world itself: `const world = useLockboxWorld(); ... world.raw.secrets.get(id)`.
 */
export function useLockboxWorld(serverOptions: { operationDelayMs?: number } = {}): LocalWorld {
  let world: LocalWorld | undefined;
  before(async () => {
    world = await startWorld(serverOptions);
  });
  after(async () => {
    await world?.close();
    world = undefined;
  });
  return new Proxy({} as LocalWorld, {
    get: (_target, key) => Reflect.get(running(world, "useLockboxWorld's world"), key),
  });
}
