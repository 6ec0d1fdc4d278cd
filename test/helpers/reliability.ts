/**
 * Shared pieces of the reliability suites (test/reliability): raw HTTP requests that keep the path
 * and body bytes exactly as given, a digest of the whole database, the check that an answer is a
 * proper API error, and the figures each suite prints.
 */
import { createHash } from "node:crypto";
import * as http from "node:http";
import * as path from "node:path";
import { DatabaseSync } from "node:sqlite";

/** Whether the suites run at full size (`npm run test:reliability`) or small (`npm test`). */
export const FULL = process.env.LOCKBOX_RELIABILITY === "full";

/** An answer as the suites look at it. `status` is 0 when the connection ended without one. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The socket error when there was no answer (e.g. ECONNRESET). */
  error?: string;
}

/** One raw request. The path is sent byte for byte (no URL normalisation, unlike fetch). */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or bytes is sent as is; anything else is JSON-encoded. */
  body?: unknown;
  /** Gives up after this many ms (default 30 s). */
  timeoutMs?: number;
}

/** Sends a request with node:http and reads the whole answer. */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body =
    req.body === undefined
      ? undefined
      : typeof req.body === "string" || Buffer.isBuffer(req.body)
        ? Buffer.from(req.body as string | Buffer)
        : Buffer.from(JSON.stringify(req.body), "utf8");
  const headers: Record<string, string | number> = { ...req.headers };
  if (body !== undefined) {
    headers["content-length"] ??= body.length;
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["content-type"] = "application/json";
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: RawResponse) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        agent: false,
        timeout: req.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) =>
          finish({ status: 0, headers: {}, text: "", json: undefined, error: err.message }),
        );
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text) as unknown;
          } catch {
            json = undefined;
          }
          finish({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    r.on("timeout", () => r.destroy(new Error("timed out")));
    r.on("error", (err: NodeJS.ErrnoException) =>
      finish({ status: 0, headers: {}, text: "", json: undefined, error: err.code ?? err.message }),
    );
    if (body !== undefined) r.end(body);
    else r.end();
  });
}

/** The gRPC code each HTTP status of an error may carry (Yandex Cloud's mapping, docs/reliability.md). */
export const CODES_BY_HTTP_STATUS: Readonly<Record<number, readonly number[]>> = {
  400: [3, 9, 11], // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
  401: [16], // UNAUTHENTICATED
  403: [7], // PERMISSION_DENIED
  404: [5], // NOT_FOUND
  409: [6, 10], // ALREADY_EXISTS, ABORTED
  // 413 and 431 come from the HTTP layer (body or headers too large), where no gRPC method ran.
  413: [3, 8],
  429: [8], // RESOURCE_EXHAUSTED
  431: [3, 8],
  499: [1], // CANCELLED
  500: [2, 13, 15], // UNKNOWN, INTERNAL, DATA_LOSS
  501: [12], // UNIMPLEMENTED
  503: [14], // UNAVAILABLE
  504: [4], // DEADLINE_EXCEEDED
};

/**
 * Problems with an error answer: it must be one of `statuses`, carry a JSON google.rpc.Status whose
 * `code` maps to that status, and name its request id (the same as the x-request-id header).
 * Returns an empty list when the answer is right.
 */
export function errorProblems(res: RawResponse, statuses: readonly number[]): string[] {
  const out: string[] = [];
  if (!statuses.includes(res.status))
    out.push(`status ${res.status}${res.error ? ` (${res.error})` : ""}, wanted ${statuses.join(" or ")}`);
  if (res.status === 0) return out;
  const type = String(res.headers["content-type"] ?? "");
  if (type !== "application/json") out.push(`content-type "${type}", wanted exactly application/json`);
  const body = res.json as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (body === undefined || typeof body !== "object" || body === null) {
    out.push(`body is not a JSON object: ${JSON.stringify(res.text.slice(0, 120))}`);
    return out;
  }
  const allowed = CODES_BY_HTTP_STATUS[res.status] ?? [];
  if (typeof body.code !== "number" || !allowed.includes(body.code))
    out.push(`code ${JSON.stringify(body.code)} does not match HTTP ${res.status}`);
  if (typeof body.message !== "string" || body.message === "") out.push("no message");
  const details = body.details as Array<{ "@type"?: string; requestId?: string }> | undefined;
  const info = Array.isArray(details)
    ? details.find((d) => d["@type"] === "type.googleapis.com/google.rpc.RequestInfo")
    : undefined;
  if (!info?.requestId) out.push("no RequestInfo detail");
  else if (res.headers["x-request-id"] !== info.requestId) out.push("requestId differs from x-request-id");
  return out;
}

/** What {@link dbDigest} returns: one hash over every row of every table, and row counts. */
export interface DbDigest {
  hash: string;
  rows: Record<string, number>;
}

/**
 * A digest of every row of every table of lockbox-local's database, read in one read transaction
 * on a read-only connection (a consistent snapshot that includes the WAL, alongside the server).
 */
export function dbDigest(dataDir: string): DbDigest {
  const db = new DatabaseSync(path.join(dataDir, "lockbox.db"), { readOnly: true });
  try {
    db.exec("BEGIN");
    const hash = createHash("sha256");
    const rows: Record<string, number> = {};
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const all = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).all();
      rows[name] = all.length;
      hash.update(`\0table ${name}\n`);
      for (const row of all)
        hash.update(
          JSON.stringify(row, (_k, v: unknown) =>
            v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString("hex")}` : v,
          ) + "\n",
        );
    }
    db.exec("COMMIT");
    return { hash: hash.digest("hex"), rows };
  } finally {
    db.close();
  }
}

/** Prints a suite's figures as one line (collected into docs/reliability.md). */
export function printFigures(suite: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([k, v]) => `${k}=${v}`);
  console.log(`    figures: ${suite}: ${parts.join(", ")}`);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
