/**
 * `LockboxClient`: options → config, credentials, and the one request loop every resource method goes
 * through (transport, retries, response parsing).
 */
import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { Operation } from "../../api/common";
import { IAM_TOKENS_AUDIENCE, createIamTokenResponse } from "../../api/iam";
import { header } from "../internal/headers";
import { signServiceAccountJwt } from "../internal/jwt";
import { path as pathTag, query as buildQuery, type QueryValue } from "../internal/path";
import { sleep as defaultSleep, type Sleep } from "../internal/sleep";
import { Folders } from "../resources/folders";
import { KmsKeys } from "../resources/kms";
import { Operations } from "../resources/operations";
import { Payload } from "../resources/payload";
import { Secrets } from "../resources/secrets";
import { resolveConfig, type ClientOptions, type Logger, type ResolvedConfig, type Service } from "./config";
import { ExchangedCredentials, StaticCredentials, type Credentials } from "./credentials";
import {
  LockboxAbortError,
  LockboxConnectionError,
  LockboxError,
  LockboxResponseError,
  LockboxTimeoutError,
  LockboxValidationError,
  errorFromResponse,
  isAPIError,
  isUnauthenticated,
  summarizeRequest,
  type RequestSummary,
} from "./errors";
import { pollOperation, type AwaitOperationOptions } from "./operations";
import { backoffDelay, shouldRetry } from "./retry";

/** Per-call options, accepted as the last argument of every client method. */
export interface RequestOptions {
  /** Per-attempt timeout, ms (default: the client's `timeout`). */
  timeout?: number | undefined;
  /** Retries after the first attempt (default: the client's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Aborts the call, including any wait between retries. */
  signal?: AbortSignal | undefined;
  /**
   * `Idempotency-Key` of a mutating call (docs/lockbox-api.md#idempotency-keys). By default a UUID is
   * generated once per call and reused on every retry; pass your own to make a call idempotent across
   * processes.
   */
  idempotencyKey?: string | undefined;
}

/** HTTP methods the Lockbox REST API uses. */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** One API call, as a resource method describes it. */
export interface RequestSpec<S extends z.ZodType> {
  /** Which service's base URL to use. */
  readonly service: Service;
  readonly method: HttpMethod;
  /** Built with the `path` tag. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  /** JSON body (already validated by the resource). */
  readonly body?: unknown;
  /** Schema factory of the 2xx body. */
  readonly response: () => S;
  /** false for the IAM token exchange itself. */
  readonly auth?: boolean | undefined;
  /** Safe to retry without an idempotency key (e.g. creating an IAM token has no lasting effect). */
  readonly idempotent?: boolean | undefined;
}

const USER_AGENT = "pulumi-lockbox-client/0.1";

/**
 * A client for Lockbox-compatible services (Yandex Cloud Lockbox or lockbox-local).
 *
 * @example
 * const client = new LockboxClient({ endpoint: "http://127.0.0.1:8080", iamToken });
 * const done = await client.awaitOperation(await client.secrets.create({ folderId, name: "db" }));
 * for await (const s of client.secrets.list({ folderId })) console.log(s.name);
 * await client.close();
 */
export class LockboxClient {
  /** SecretService: secrets, versions, operations and access bindings of a secret. */
  readonly secrets: Secrets;
  /** PayloadService: secret values. */
  readonly payload: Payload;
  /** OperationService. */
  readonly operations: Operations;
  /** KMS symmetric keys (the subset lockbox-local serves). */
  readonly kms: { readonly keys: KmsKeys };
  /** Folder access bindings (resource-manager). */
  readonly folders: Folders;

  readonly #config: ResolvedConfig;
  /** The injected dispatcher, or the client's own Agent once the first request has built it. */
  #dispatcher: Dispatcher | undefined;
  readonly #ownsDispatcher: boolean;
  readonly #credentials: Credentials;
  readonly #sleep: Sleep;
  readonly #logger: Logger | undefined;
  readonly #defaultHeaders: Readonly<Record<string, string>>;
  #closed = false;

  constructor(options: ClientOptions = {}) {
    this.#config = resolveConfig(options);
    this.#sleep = options.sleep ?? defaultSleep;
    this.#logger = options.logger;
    this.#defaultHeaders = { ...options.defaultHeaders };
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher;
    this.#credentials = this.#buildCredentials(options.now ?? Date.now);
    this.secrets = new Secrets(this);
    this.payload = new Payload(this);
    this.operations = new Operations(this);
    this.kms = { keys: new KmsKeys(this) };
    this.folders = new Folders(this);
  }

  /** Where the credentials came from (an option or variable name; never the token). */
  get credentialSource(): string {
    return this.#credentials.source;
  }

  /** The base URL each service is called at. */
  baseUrl(service: Service): string {
    const base = this.#config.endpoints[service];
    return base.origin + base.basePath;
  }

  /**
   * Polls a mutation's Operation until it is done and returns it; throws the error class of its `error`.
   * Read the result from `done.response` (or with `responseOf`).
   */
  awaitOperation(op: Operation, options: AwaitOperationOptions = {}): Promise<Operation> {
    return pollOperation(
      op,
      {
        get: (id, signal) =>
          this.operations.get(id, {
            timeout: options.requestTimeout,
            maxRetries: options.maxRetries,
            signal,
          }),
        sleep: this.#sleep,
        timeout: this.#config.operationTimeout,
        pollInterval: this.#config.operationPollInterval,
      },
      options,
    );
  }

  /** Closes the dispatcher if the client created it; an injected dispatcher is left open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher?.close();
  }

  /**
   * The dispatcher requests go through. The client's own Agent (and undici with it, about a hundred
   * modules) is loaded on the first request, not when the client is built: the Pulumi provider
   * builds a client in every `check` to report bad credentials, and a `preview` sends no request.
   */
  #http(): Dispatcher {
    if (this.#dispatcher === undefined) {
      const { Agent } = require("undici") as typeof import("undici");
      this.#dispatcher = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
    }
    return this.#dispatcher;
  }

  /**
   * Validates a request body against a `provider/api` schema; throws {@link LockboxValidationError} naming
   * each bad field (never its value). Returns the body unchanged, so defaults are left to the server.
   * @internal
   */
  validate<T>(schema: z.ZodType, body: T, what: string): T {
    const result = schema.safeParse(body);
    if (!result.success) {
      throw new LockboxValidationError(
        what,
        result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(body)"}: ${i.message}`),
      );
    }
    return body;
  }

  /**
   * Sends one API call with retries and parses the 2xx body with `spec.response` (the single parsing seam).
   * @internal
   */
  async request<S extends z.ZodType>(
    spec: RequestSpec<S>,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    if (this.#closed) throw new LockboxError("the client is closed");
    const mutating = spec.method !== "GET";
    // Generated once per call and reused on every attempt, so a retried mutation is applied at most once.
    const idempotencyKey =
      mutating && spec.auth !== false ? (options.idempotencyKey ?? randomUUID()) : undefined;
    const requestId = randomUUID();
    const maxRetries = options.maxRetries ?? this.#config.maxRetries;
    const canRetryUnsafe = idempotencyKey !== undefined || spec.idempotent === true;
    let refreshedAuth = false;
    for (let attempt = 0; ; attempt++) {
      // Outside the try: the token exchange retries on its own, so its failure is final here.
      const usedToken = spec.auth === false ? undefined : await this.#credentials.token(options.signal);
      try {
        return await this.#attempt(spec, options, { token: usedToken, idempotencyKey, requestId, attempt });
      } catch (err) {
        // An exchanged token may have been revoked or expired early: exchange again once, without waiting.
        if (
          isUnauthenticated(err) &&
          usedToken !== undefined &&
          this.#credentials.refreshable &&
          !refreshedAuth
        ) {
          refreshedAuth = true;
          this.#credentials.invalidate(usedToken);
          attempt--;
          continue;
        }
        if (attempt >= maxRetries || !shouldRetry(err, spec.method, canRetryUnsafe)) throw err;
        const retryAfter = isAPIError(err) ? header(err.headers, "retry-after") : undefined;
        const delay = backoffDelay(attempt + 1, retryAfter, { baseDelay: this.#config.baseDelay });
        this.#logger?.debug(
          {
            method: spec.method,
            path: spec.path,
            attempt: attempt + 1,
            delayMs: delay,
            requestId,
            error: errName(err),
          },
          "lockbox request retry",
        );
        try {
          await this.#sleep(delay, options.signal);
        } catch (cause) {
          throw new LockboxAbortError("the request was aborted", { cause });
        }
      }
    }
  }

  async #attempt<S extends z.ZodType>(
    spec: RequestSpec<S>,
    options: RequestOptions,
    ctx: {
      token: string | undefined;
      idempotencyKey: string | undefined;
      requestId: string;
      attempt: number;
    },
  ): Promise<z.output<S>> {
    const base = this.#config.endpoints[spec.service];
    const requestPath = base.basePath + spec.path + buildQuery(spec.query);
    const url = base.origin + requestPath;
    const headers: Record<string, string> = {
      ...this.#defaultHeaders,
      accept: "application/json",
      "user-agent": USER_AGENT,
      "x-request-id": ctx.requestId,
    };
    if (ctx.token !== undefined) headers["authorization"] = `Bearer ${ctx.token}`;
    if (ctx.idempotencyKey !== undefined) headers["idempotency-key"] = ctx.idempotencyKey;
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    const summary = (): RequestSummary => summarizeRequest(spec.method, url, headers);
    const timeout = options.timeout ?? this.#config.timeout;
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeout)
        : undefined;
    const userSignal = options.signal;
    const onAbort = () => controller.abort();
    if (userSignal !== undefined) {
      if (userSignal.aborted) {
        clearTimeout(timer);
        throw new LockboxAbortError("the request was aborted", { cause: userSignal.reason });
      }
      userSignal.addEventListener("abort", onAbort, { once: true });
    }
    const started = performance.now();
    let status: number;
    let responseHeaders: Dispatcher.ResponseData["headers"];
    let text: string;
    try {
      const res = await this.#http().request({
        origin: base.origin,
        path: requestPath,
        method: spec.method,
        headers,
        body: body ?? null,
        signal: controller.signal,
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      if (userSignal?.aborted)
        throw new LockboxAbortError("the request was aborted", { cause: userSignal.reason });
      if (timedOut) {
        throw new LockboxTimeoutError(`${spec.method} ${url} timed out after ${timeout} ms`, {
          cause: err,
          request: summary(),
        });
      }
      throw new LockboxConnectionError(`${spec.method} ${url} failed: ${errMessage(err)}`, {
        cause: err,
        request: summary(),
      });
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", onAbort);
    }
    this.#logger?.debug(
      {
        method: spec.method,
        url,
        status,
        attempt: ctx.attempt,
        requestId: header(responseHeaders, "x-request-id") ?? ctx.requestId,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      "lockbox request",
    );
    let json: unknown;
    if (text !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (status < 200 || status >= 300) {
      throw errorFromResponse(status, json ?? text, responseHeaders, {
        request: summary(),
        requestId: ctx.requestId,
      });
    }
    const parsed = spec.response().safeParse(json ?? {});
    if (!parsed.success) {
      throw new LockboxResponseError(
        `${spec.method} ${url} answered ${status} with an unexpected body: ${parsed.error.issues
          .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
          .join("; ")}`,
        { request: summary() },
      );
    }
    return parsed.data;
  }

  #buildCredentials(now: () => number): Credentials {
    const spec = this.#config.credential;
    switch (spec.kind) {
      case "custom":
        return spec.credentials;
      case "iamToken":
        return new StaticCredentials(spec.token, spec.source);
      case "oauth": {
        const oauth = spec.token;
        return new ExchangedCredentials(
          () => this.#exchange({ yandexPassportOauthToken: oauth }),
          `${spec.source} (OAuth token exchange)`,
          now,
        );
      }
      case "serviceAccountKey": {
        const key = {
          id: spec.key.id,
          serviceAccountId: spec.key.service_account_id,
          privateKey: spec.key.private_key,
        };
        return new ExchangedCredentials(
          () =>
            this.#exchange({
              jwt: signServiceAccountJwt(key, IAM_TOKENS_AUDIENCE, Math.floor(now() / 1000)),
            }),
          `${spec.source} (service-account key ${spec.key.id})`,
          now,
        );
      }
    }
  }

  /** `POST /iam/v1/tokens` (docs/lockbox-api.md#token-exchange). */
  #exchange(body: { yandexPassportOauthToken: string } | { jwt: string }) {
    return this.request(
      {
        service: "iam",
        method: "POST",
        path: pathTag`/iam/v1/tokens`,
        body,
        response: createIamTokenResponse,
        auth: false,
        idempotent: true,
      },
      {},
    );
  }
}

function errName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

function errMessage(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? `${e.code}: ` : "";
  return `${code}${typeof e?.message === "string" ? e.message : String(err)}`;
}
