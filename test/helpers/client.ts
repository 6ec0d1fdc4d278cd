/**
 * Builds the real LockboxClient against a real lockbox-local for the client's integration tests.
 */
import { randomBytes } from "node:crypto";
import { LockboxClient, type ClientOptions } from "../../provider/client";
import { sleep } from "../../provider/client/internal/sleep";
import { onCleanup } from "./hooks";
import type { LocalServer } from "./server";

/**
 * The client's own timer, uncapped, for a test whose wait must last real time: `connect` caps each wait
 * at 5 ms, while `awaitOperation` counts the full poll delay toward its timeout, so a capped client
 * reaches the default 300 s timeout after about 70 polls (under a second), before an Operation the
 * server keeps unfinished for seconds is done.
 */
export const realSleep = sleep;

/** A fresh folder id, so each test lists only what it created. */
export function newFolder(): string {
  return `b1g${randomBytes(8).toString("hex").slice(0, 17)}`;
}

/**
 * A client pointed at `server` with the root token unless other credentials are given; closed after the file.
 * Waits between retries are real but capped at 5 ms so fault tests stay fast.
 */
export function connect(server: LocalServer, options: ClientOptions = {}): LockboxClient {
  const hasCredentials =
    options.iamToken !== undefined ||
    options.oauthToken !== undefined ||
    options.serviceAccountKey !== undefined ||
    options.serviceAccountKeyFile !== undefined ||
    options.credentials !== undefined ||
    options.env !== undefined;
  const client = new LockboxClient({
    endpoint: server.url,
    env: {},
    operationPollInterval: 5,
    sleep: (ms, signal) => sleep(Math.min(ms, 5), signal),
    ...(hasCredentials ? {} : { iamToken: server.rootToken }),
    ...options,
  });
  onCleanup(() => client.close());
  return client;
}
