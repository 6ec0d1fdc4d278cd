/**
 * What the gRPC endpoint calls. {@link serviceBackend} is the service layer in the same process
 * (server/service). {@link restBackend} reaches the same methods through lockbox-local's own REST
 * API on loopback, for a server whose app does not expose its service layer: each gRPC method maps
 * to its REST route (the API's gRPC-JSON transcoding), with the caller's authorization and
 * idempotency key passed on, so ids, timestamps, operations, checks and errors are the REST ones.
 */
import { GRPC_CODES, type GrpcCodeName } from "../../provider/api/common";
import { ApiError } from "../errors";
import {
  invoke,
  METHODS,
  type Call,
  type Caller,
  type LockboxService,
  type MethodInfo,
} from "../service/types";
import type { GrpcBackend } from "./server";

/** The service layer as the gRPC endpoint's backend. */
export function serviceBackend(service: LockboxService): GrpcBackend {
  return {
    authenticate: (authorization) => service.authenticate(authorization),
    invoke: (info, call, request) => invoke(service, info, call, request),
  };
}

/** REST route of each gRPC method: verb and path template; other fields go to the query or body. */
const ROUTES: Record<string, string> = {};
function routes(service: string, base: string, table: Record<string, string>): void {
  for (const [method, route] of Object.entries(table)) {
    const [verb, suffix = ""] = route.split(" ");
    ROUTES[`${service}/${method}`] = `${verb} ${base}${suffix}`;
  }
}
const BINDINGS = {
  ListAccessBindings: "GET /{resourceId}:listAccessBindings",
  SetAccessBindings: "POST /{resourceId}:setAccessBindings",
  UpdateAccessBindings: "POST /{resourceId}:updateAccessBindings",
};
routes("yandex.cloud.lockbox.v1.SecretService", "/lockbox/v1/secrets", {
  Get: "GET /{secretId}",
  List: "GET",
  Create: "POST",
  Update: "PATCH /{secretId}",
  Delete: "DELETE /{secretId}",
  Activate: "POST /{secretId}:activate",
  Deactivate: "POST /{secretId}:deactivate",
  ListVersions: "GET /{secretId}/versions",
  AddVersion: "POST /{secretId}:addVersion",
  SetCurrentVersion: "POST /{secretId}:setCurrentVersion",
  ScheduleVersionDestruction: "POST /{secretId}:scheduleVersionDestruction",
  CancelVersionDestruction: "POST /{secretId}:cancelVersionDestruction",
  ListOperations: "GET /{secretId}/operations",
  ...BINDINGS,
});
routes("yandex.cloud.lockbox.v1.PayloadService", "/lockbox/v1/secrets", {
  Get: "GET /{secretId}/payload",
  GetEx: "GET :getEx",
});
routes("yandex.cloud.kms.v1.SymmetricKeyService", "/kms/v1/keys", {
  Create: "POST",
  Get: "GET /{keyId}",
  List: "GET",
  Update: "PATCH /{keyId}",
  Delete: "DELETE /{keyId}",
  ...BINDINGS,
});
routes("yandex.cloud.resourcemanager.v1.FolderService", "/resource-manager/v1/folders", BINDINGS);
routes("yandex.cloud.operation.OperationService", "/operations", {
  Get: "GET /{operationId}",
  Cancel: "GET /{operationId}:cancel",
});
routes("yandex.cloud.iam.v1.IamTokenService", "/iam/v1/tokens", { Create: "POST" });

/** The full gRPC name of each {@link MethodInfo} (its key in METHODS). */
const NAMES = new Map<MethodInfo, string>(Object.entries(METHODS).map(([name, info]) => [info, name]));

/** Flattens a request into query parameters: nested fields as "outer.inner", lists repeated. */
function queryOf(fields: Record<string, unknown>, prefix = "", out = new URLSearchParams()): URLSearchParams {
  for (const [k, v] of Object.entries(fields)) {
    const name = prefix + k;
    if (Array.isArray(v)) for (const x of v) out.append(name, String(x));
    else if (typeof v === "object" && v !== null) queryOf(v as Record<string, unknown>, `${name}.`, out);
    else if (v !== undefined) out.append(name, String(v));
  }
  return out;
}

const CODE_NAMES = new Map<number, GrpcCodeName>(
  Object.entries(GRPC_CODES).map(([name, code]) => [code, name as GrpcCodeName]),
);

/** The authorization each REST-backed caller presents (callers are opaque to the gRPC server). */
const authorizations = new WeakMap<Caller, string>();

/**
 * The REST API at `baseUrl` as the backend: each call is one loopback HTTP request; a REST error
 * answer becomes the ServiceError with the same code and message.
 */
export function restBackend(baseUrl: string): GrpcBackend {
  return {
    authenticate(authorization) {
      // Checked by the REST call itself; an absent token is refused there with the REST message.
      const caller: Caller = { id: "", type: "userAccount", root: false } as Caller;
      if (authorization !== undefined) authorizations.set(caller, authorization);
      return caller;
    },
    async invoke(info, call: Call, request) {
      const fullName = NAMES.get(info) ?? "";
      const route = ROUTES[fullName];
      if (!route) throw new ApiError("UNIMPLEMENTED", `${fullName} is not implemented by lockbox-local`);
      const [verb = "GET", template = ""] = route.split(" ");
      const fields = { ...(request as Record<string, unknown>) };
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const value = fields[name];
        delete fields[name];
        return encodeURIComponent(typeof value === "string" ? value : "");
      });
      const headers: Record<string, string> = {};
      const authorization = authorizations.get(call.caller);
      if (authorization !== undefined) headers.authorization = authorization;
      if (call.idempotencyKey !== undefined) headers["idempotency-key"] = call.idempotencyKey;
      let url = `${baseUrl}${path}`;
      let body: string | undefined;
      if (verb === "GET") {
        const q = queryOf(fields).toString();
        if (q) url += `?${q}`;
      } else if (verb !== "DELETE") {
        body = JSON.stringify(fields);
        headers["content-type"] = "application/json";
      }
      let res: Response;
      try {
        res = await fetch(url, { method: verb, headers, ...(body === undefined ? {} : { body }) });
      } catch {
        throw new ApiError("UNAVAILABLE", "The service is temporarily unavailable, try again.");
      }
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.ok) return json;
      const code = typeof json.code === "number" ? json.code : GRPC_CODES.INTERNAL;
      const retryAfter = res.headers.get("retry-after");
      throw new ApiError(
        CODE_NAMES.get(code) ?? "INTERNAL",
        typeof json.message === "string" ? json.message : "Internal error",
        retryAfter ? { "retry-after": retryAfter } : {},
      );
    },
  };
}
