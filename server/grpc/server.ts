/**
 * lockbox-local's gRPC endpoint: the official service names and wire messages (codecs and service
 * definitions from `@yandex-cloud/nodejs-sdk`), served by `@grpc/grpc-js` over the transport-neutral
 * service layer (server/service). Every method of every registered service answers: the ones
 * lockbox-local serves through the service layer, ApiEndpointService from here, the rest
 * UNIMPLEMENTED.
 */
import { randomUUID } from "node:crypto";
import type * as grpcJs from "@grpc/grpc-js";
import { GRPC_CODES } from "../../provider/api/common";
import { errors } from "../errors";
import type { FaultDecision } from "../store/faults";
import type { Call, Caller, MethodInfo } from "../service/types";
import { ANONYMOUS, METHODS } from "../service/types";
import { requestJson, responseInput, TypeRegistry } from "./convert";
import { endpointList } from "./endpoints";
import {
  ANY_ALIASES,
  ANY_MODULES,
  newerMethods,
  OPERATION,
  RefusedRequest,
  SERVICES,
  tolerantDefinition,
  type MethodDefinition,
} from "./definitions";
import { routeGrpcJsLog } from "./grpc-log";
import { loadGrpcStack, type Codec, type GrpcStack } from "./stack";

/** What the gRPC endpoint calls: the service layer, or anything answering like it. */
export interface GrpcBackend {
  /** The caller of an `authorization` metadata value; throws a ServiceError (UNAUTHENTICATED). */
  authenticate(authorization: string | undefined): Caller | Promise<Caller>;
  /** Calls a method of {@link METHODS} with a proto3 JSON request; returns its proto3 JSON result. */
  invoke(info: MethodInfo, call: Call, request: unknown): unknown;
}

/** A structured logger (pino's shape). */
export interface GrpcLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of {@link startGrpcServer}. */
export interface GrpcServerOptions {
  backend: GrpcBackend;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM certificate and key; plaintext when absent. */
  tls?: { certPem: string; keyPem: string };
  logger?: GrpcLogger;
  /** The fault injector REST uses (`--faults`, `/_local/faults`); API calls draw from it too. */
  faults?: { decide(mutating: boolean): FaultDecision };
  /** The largest request message accepted (grpc-js answers RESOURCE_EXHAUSTED beyond it). */
  maxRequestBytes?: number;
}

/** A running gRPC endpoint. */
export interface GrpcEndpoint {
  /** "host:port" as clients dial it. */
  address: string;
  port: number;
  tls: boolean;
  close(): Promise<void>;
}

/** A ServiceError's shape (server/service/types): a gRPC code name and number, a safe message. */
function isServiceError(
  err: unknown,
): err is Error & { code: number; codeName: string; headers: Record<string, string> } {
  const e = err as { code?: unknown; codeName?: unknown };
  return err instanceof Error && typeof e.code === "number" && typeof e.codeName === "string";
}

const status = (code: keyof typeof GRPC_CODES, message: string) =>
  Object.assign(new Error(message), { code: GRPC_CODES[code], codeName: code, headers: {} });

function firstValue(md: grpcJs.Metadata, key: string): string | undefined {
  const v = md.get(key)[0];
  return typeof v === "string" ? v : v === undefined ? undefined : v.toString("utf8");
}

/**
 * The host clients dial for a listening host: "localhost" for loopback and wildcard hosts (the name
 * the certificate is made for, and TLS clients may not send an IP address as the server name).
 */
export function dialHost(host: string): string {
  if (["0.0.0.0", "::", "", "127.0.0.1", "::1"].includes(host)) return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts the gRPC endpoint. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcEndpoint> {
  const stack: GrpcStack = loadGrpcStack();
  const { grpc } = stack;
  routeGrpcJsLog(grpc, options.logger);
  const registry = new TypeRegistry();
  for (const m of ANY_MODULES) registry.add(stack.generated(m));
  for (const [name, [module, codecName]] of ANY_ALIASES) {
    registry.alias(name, stack.generated(module)[codecName] as Codec);
  }
  const moduleRef = (m: string) => ({ file: stack.generatedFile(m), exports: stack.generated(m) });
  const codec = ([module, name]: [string, string]) => stack.generated(module)[name] as Codec;
  const server = new grpc.Server(
    options.maxRequestBytes === undefined
      ? {}
      : { "grpc.max_receive_message_length": options.maxRequestBytes },
  );
  let address = "";

  const log = (obj: object) => options.logger?.info(obj, "grpc call");

  /** Runs one unary call: metadata in, request id out, ServiceErrors as gRPC statuses. */
  const unary =
    (path: string, run: (request: unknown, metadata: grpcJs.Metadata) => Promise<unknown>) =>
    (call: grpcJs.ServerUnaryCall<unknown, unknown>, callback: grpcJs.sendUnaryData<unknown>) => {
      const started = process.hrtime.bigint();
      const requestId = randomUUID();
      const md = new grpc.Metadata();
      md.set("x-request-id", requestId);
      call.sendMetadata(md);
      const done = (code: number) =>
        log({
          reqId: requestId,
          method: path,
          code,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        });
      const result =
        call.request instanceof RefusedRequest
          ? Promise.reject(status("INVALID_ARGUMENT", call.request.message))
          : run(call.request, call.metadata);
      result.then(
        (response) => {
          done(0);
          callback(null, response);
        },
        (err: unknown) => {
          const trailer = new grpc.Metadata();
          trailer.set("x-request-id", requestId);
          let code: number = grpc.status.INTERNAL;
          let message = "Internal error";
          if (isServiceError(err)) {
            code = err.code;
            message = err.message;
            for (const [k, v] of Object.entries(err.headers ?? {})) trailer.set(k, v);
          } else {
            // The message may carry values; log only the error class.
            options.logger?.error(
              { reqId: requestId, method: path, errorName: (err as Error)?.name },
              "internal error",
            );
          }
          done(code);
          callback({ code, details: message, metadata: trailer, name: "Error", message });
        },
      );
    };

  for (const spec of SERVICES) {
    const generated = stack.generated(spec.module)[spec.definition] as Record<string, MethodDefinition>;
    const definition = tolerantDefinition(
      { ...generated, ...newerMethods(spec.definition, generated) },
      moduleRef(spec.module),
    );
    const impl: Record<string, grpcJs.handleUnaryCall<unknown, unknown>> = {};
    for (const [key, def] of Object.entries(definition)) {
      const fullName = def.path.slice(1);
      const method = fullName.slice(fullName.indexOf("/") + 1);
      const info = METHODS[fullName];
      if (!info || def.requestStream || def.responseStream) {
        impl[key] = unary(def.path, () =>
          Promise.reject(status("UNIMPLEMENTED", `${fullName} is not implemented by lockbox-local`)),
        );
        continue;
      }
      const response = codec(spec.responses[method] ?? OPERATION);
      const defaults = def.requestDeserialize(Buffer.alloc(0));
      impl[key] = unary(def.path, async (request, metadata) => {
        const caller = info.public
          ? ANONYMOUS
          : await options.backend.authenticate(firstValue(metadata, "authorization"));
        const idempotencyKey = info.mutating ? firstValue(metadata, "idempotency-key") : undefined;
        if (idempotencyKey !== undefined && (idempotencyKey === "" || idempotencyKey.length > 256)) {
          throw status("INVALID_ARGUMENT", "Idempotency-Key must be 1 to 256 characters");
        }
        const call: Call = idempotencyKey === undefined ? { caller } : { caller, idempotencyKey };
        // Injected faults: a dropped connection reaches a gRPC client as UNAVAILABLE.
        const fault = options.faults?.decide(info.mutating) ?? "none";
        if (fault === "unavailable" || fault === "drop") throw errors.unavailable();
        if (fault === "rateLimited") throw errors.resourceExhausted("Too many requests, retry later.", 1);
        const result = await options.backend.invoke(info, call, requestJson(request, defaults));
        if (fault === "commitThenDrop") throw errors.unavailable();
        return response.fromJSON(responseInput(result, registry));
      });
    }
    server.addService(definition as unknown as grpcJs.ServiceDefinition, impl);
  }

  // Endpoint discovery: every service id the official SDKs and `yc` ask for leads here.
  const endpoints = stack.generated("yandex/cloud/endpoint/api_endpoint_service");
  const endpointDefinition = tolerantDefinition(
    endpoints.ApiEndpointServiceService as Record<string, MethodDefinition>,
    moduleRef("yandex/cloud/endpoint/api_endpoint_service"),
  );
  const endpointImpl: Record<string, grpcJs.handleUnaryCall<unknown, unknown>> = {};
  for (const [key, def] of Object.entries(endpointDefinition)) {
    const method = def.path.slice(def.path.lastIndexOf("/") + 1);
    endpointImpl[key] = unary(def.path, async (request) => {
      const all = endpointList(address);
      if (method === "List") return { endpoints: all, nextPageToken: "" };
      const id = (request as { apiEndpointId?: string }).apiEndpointId ?? "";
      const found = all.find((e) => e.id === id);
      if (!found) throw status("NOT_FOUND", `Endpoint ${id} not found`);
      return found;
    });
  }
  server.addService(endpointDefinition as unknown as grpcJs.ServiceDefinition, endpointImpl);

  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(null, [
        { cert_chain: Buffer.from(options.tls.certPem), private_key: Buffer.from(options.tls.keyPem) },
      ])
    : grpc.ServerCredentials.createInsecure();
  const bindHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${bindHost}:${options.port}`, credentials, (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `${dialHost(options.host)}:${port}`;
  let closed = false;
  return {
    address,
    port,
    tls: options.tls !== undefined,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
