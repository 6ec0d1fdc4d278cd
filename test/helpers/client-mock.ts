/**
 * MockAgent harness for the client's unit tests: network disabled, every request recorded, and a check
 * that every interceptor was used. Only unit tests of one module use mocks; integration tests use lockbox-local.
 */
import { MockAgent, type Dispatcher } from "undici";
import type { MockInterceptor } from "undici/types/mock-interceptor";

/** A reply callback for `intercept(...).reply(cb)`. */
export type MockReplyCallback = MockInterceptor.MockReplyOptionsCallback;
import { LockboxClient, type ClientOptions } from "../../provider/client";

/** The single base URL the mocked client talks to. */
export const ORIGIN = "http://lockbox.test";
/** The IAM token of the mocked client; tests assert it never leaks. */
export const TOKEN = "t1.unit-test-token-do-not-leak";

/** A request the mock saw. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

function normalizeHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h === undefined || h === null) return out;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
    return out;
  }
  if (typeof (h as Headers).forEach === "function" && !(h as object).constructor.name.startsWith("Object")) {
    (h as Headers).forEach((v, k) => (out[k.toLowerCase()] = v));
    return out;
  }
  for (const [k, v] of Object.entries(h as Record<string, string>)) out[k.toLowerCase()] = String(v);
  return out;
}

/** A mocked client plus everything a test inspects. */
export interface Harness {
  readonly agent: MockAgent;
  readonly pool: ReturnType<MockAgent["get"]>;
  readonly client: LockboxClient;
  /** Every request, in order. */
  readonly seen: Seen[];
  /** Every delay the client asked to sleep, in order (the injected sleep returns at once). */
  readonly delays: number[];
  /** A reply callback that records the request and answers `status` with `body`. */
  reply(status: number, body: unknown, headers?: Record<string, string>): MockReplyCallback;
  /** Asserts every interceptor was used, then closes client and agent. */
  finish(): Promise<void>;
}

/** Builds a client on a MockAgent with network disabled. */
export function harness(options: ClientOptions = {}): Harness {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const seen: Seen[] = [];
  const delays: number[] = [];
  const client = new LockboxClient({
    endpoint: ORIGIN,
    iamToken: TOKEN,
    env: {},
    dispatcher: agent as Dispatcher,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return {
    agent,
    pool,
    client,
    seen,
    delays,
    reply:
      (status, body, headers = {}) =>
      (opts) => {
        const raw = opts.body;
        seen.push({
          method: opts.method,
          path: opts.path,
          headers: normalizeHeaders(opts.headers),
          body: typeof raw === "string" && raw !== "" ? JSON.parse(raw) : undefined,
        });
        return {
          statusCode: status,
          data: typeof body === "string" ? body : JSON.stringify(body),
          responseOptions: { headers: { "content-type": "application/json", ...headers } },
        };
      },
    async finish() {
      agent.assertNoPendingInterceptors();
      await client.close();
      await agent.close();
    },
  };
}

/** A done Operation carrying `response`. */
export function doneOp(id: string, response: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, done: true, response: { "@type": "type.googleapis.com/google.protobuf.Empty", ...response } };
}

/** A google.rpc.Status error body. */
export function status(code: number, message: string): Record<string, unknown> {
  return { code, message, details: [] };
}
