/**
 * The REST request pipeline: one function from a node:http request to its answer, and the answers
 * to what never reaches it (requests Node's parser refused, CONNECT, unsupported Expect). Order:
 * route, fault injection, body, authentication, query check, Idempotency-Key, handler, answer,
 * one log line. Every failure is an ApiError rendered as the API's JSON error body.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { Duplex } from "node:stream";
import type pino from "pino";
import { ClientAborted, readBody } from "./body";
import { ApiError, errors, renderStatus, toApiError } from "./errors";
import {
  match,
  parseQuery,
  queryFieldNames,
  splitTarget,
  type CompiledRoute,
  type RequestContext,
} from "./http";
import { ANONYMOUS, checkIdempotencyKey, type LockboxService } from "./service";
import type { FaultInjector } from "./store/faults";
import type { Outcome, Stats } from "./stats";

/** What the pipeline needs from the app. */
export interface PipelineDeps {
  routes: CompiledRoute[];
  service: LockboxService;
  faults: FaultInjector;
  stats: Stats;
  logger: pino.Logger;
  now(): number;
  bodyLimitBytes: number;
}

/** The Content-Type of every answer, exactly as the API gateway sends it (no charset parameter). */
const JSON_CONTENT_TYPE = "application/json";

/** Query parameter names the routes know (their proto names are accepted as well). */
const QUERY_NAMES = queryFieldNames();

/** The request log's `status` for answers that were never sent. */
const LOGGED: Record<Exclude<Outcome, "answered">, string> = {
  dropped: "dropped",
  committedThenDropped: "committed-then-dropped",
  aborted: "aborted",
};

/** Writes a JSON answer. */
export function send(
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

/** The request handler of the REST API. */
export function createPipeline(deps: PipelineDeps) {
  const { routes, faults, stats, logger } = deps;

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const method = (req.method ?? "GET").toUpperCase();
    const { pathname, search } = splitTarget(req.url ?? "/");
    let status = 0;
    let outcome: Outcome = "answered";
    let end: ((o: Outcome) => void) | undefined;
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
      end = stats.start(`${method} ${template}`, route.mutating === true);

      const local = template === "/health" || template.startsWith("/_local/");
      const fault = local ? "none" : faults.decide(route.mutating === true);
      if (fault === "drop") {
        outcome = "dropped";
        req.socket.destroy();
        return;
      }
      if (fault === "unavailable") throw errors.unavailable();
      if (fault === "rateLimited") throw errors.resourceExhausted("Too many requests, retry later.", 1);
      dropAfter = fault === "commitThenDrop";

      const body = method === "GET" ? {} : await readBody(req, deps.bodyLimitBytes);
      const t = deps.now();
      const caller = route.public ? ANONYMOUS : deps.service.authenticate(req.headers.authorization);
      const query = parseQuery(search, QUERY_NAMES);
      const unread = route.query || template === "/health" ? [] : Object.keys(query);
      if (unread.length > 0) {
        const s = unread.length > 1 ? "s" : "";
        throw errors.invalidArgument(`unknown query parameter${s} ${unread.map((k) => `"${k}"`).join(", ")}`);
      }
      const rawKey = req.headers["idempotency-key"];
      const idempotencyKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
      checkIdempotencyKey(idempotencyKey);
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
        ...(route.mutating && idempotencyKey !== undefined ? { idempotencyKey } : {}),
      };
      const reply = await route.handler(ctx);
      status = reply.status ?? 200;
      if (dropAfter) {
        outcome = "committedThenDropped";
        req.socket.destroy();
        return;
      }
      send(res, status, reply.body);
    } catch (err) {
      if (err instanceof ClientAborted) {
        outcome = "aborted";
        return;
      }
      const apiErr: ApiError = toApiError(err);
      if (!(err instanceof ApiError)) {
        // The message may carry values; log only the error class.
        logger.error({ reqId: requestId, errorName: (err as Error)?.name ?? "Error" }, "internal error");
      }
      status = apiErr.httpStatus;
      if (dropAfter && apiErr.codeName !== "INTERNAL") {
        outcome = "committedThenDropped";
        req.socket.destroy();
        return;
      }
      if (!res.headersSent) send(res, status, renderStatus(apiErr, requestId), apiErr.headers);
    } finally {
      end?.(outcome);
      if (logger.isLevelEnabled("info")) {
        logger.info(
          {
            reqId: requestId,
            method,
            path: pathname,
            route: template,
            status: outcome === "answered" ? status : LOGGED[outcome],
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          },
          "request",
        );
      }
    }
  };
}

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

/** Answers, with the JSON error body, what Node's HTTP server would otherwise answer empty or not at all. */
export function answerOutsideThePipeline(server: http.Server, logger: pino.Logger): void {
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
}
