/**
 * The REST mapping of every API method (the `google.api.http` paths of the Yandex Cloud API, see
 * docs/lockbox-api.md): a verb and a path template, the gRPC method it stands for, and where the
 * rest of the request comes from. Handlers only translate: path parameters, query or body into the
 * method's request, the service's result into the answer.
 */
import { errors } from "../errors";
import type { Route } from "../http";
import { invoke, METHODS } from "../service";
import type { RouteDeps } from "./deps";

/**
 * Where a method's request fields (besides the path's) come from: the query, the body, nowhere,
 * or a body the method does not read ("ignored": kept, when it is an object, only so that an
 * Idempotency-Key reused with another body is noticed; anything else in it is ignored, as before).
 */
type Source = "query" | "body" | "ignored" | "none";

const LOCKBOX = "yandex.cloud.lockbox.v1";
const SECRETS = "/lockbox/v1/secrets";
const KEYS = "/kms/v1/keys";
const FOLDERS = "/resource-manager/v1/folders";

/** [verb, path template, full gRPC method name, request source]. */
const TABLE: Array<[Route["method"], string, string, Source]> = [
  ["GET", `${SECRETS}/{secretId}/payload`, `${LOCKBOX}.PayloadService/Get`, "query"],
  ["GET", `${SECRETS}:getEx`, `${LOCKBOX}.PayloadService/GetEx`, "query"],
  ["GET", `${SECRETS}/{secretId}`, `${LOCKBOX}.SecretService/Get`, "none"],
  ["GET", SECRETS, `${LOCKBOX}.SecretService/List`, "query"],
  ["POST", SECRETS, `${LOCKBOX}.SecretService/Create`, "body"],
  ["PATCH", `${SECRETS}/{secretId}`, `${LOCKBOX}.SecretService/Update`, "body"],
  ["DELETE", `${SECRETS}/{secretId}`, `${LOCKBOX}.SecretService/Delete`, "ignored"],
  ["POST", `${SECRETS}/{secretId}:activate`, `${LOCKBOX}.SecretService/Activate`, "ignored"],
  ["POST", `${SECRETS}/{secretId}:deactivate`, `${LOCKBOX}.SecretService/Deactivate`, "ignored"],
  ["GET", `${SECRETS}/{secretId}/versions`, `${LOCKBOX}.SecretService/ListVersions`, "query"],
  ["POST", `${SECRETS}/{secretId}:addVersion`, `${LOCKBOX}.SecretService/AddVersion`, "body"],
  ["POST", `${SECRETS}/{secretId}:setCurrentVersion`, `${LOCKBOX}.SecretService/SetCurrentVersion`, "body"],
  [
    "POST",
    `${SECRETS}/{secretId}:scheduleVersionDestruction`,
    `${LOCKBOX}.SecretService/ScheduleVersionDestruction`,
    "body",
  ],
  [
    "POST",
    `${SECRETS}/{secretId}:cancelVersionDestruction`,
    `${LOCKBOX}.SecretService/CancelVersionDestruction`,
    "body",
  ],
  ["GET", `${SECRETS}/{secretId}/operations`, `${LOCKBOX}.SecretService/ListOperations`, "query"],
  ...bindings(`${SECRETS}/{resourceId}`, `${LOCKBOX}.SecretService`),
  ["GET", "/operations/{operationId}", "yandex.cloud.operation.OperationService/Get", "none"],
  // The proto maps Cancel to GET, the API design guide to POST: both are served.
  ["GET", "/operations/{operationId}:cancel", "yandex.cloud.operation.OperationService/Cancel", "none"],
  ["POST", "/operations/{operationId}:cancel", "yandex.cloud.operation.OperationService/Cancel", "none"],
  ["POST", "/iam/v1/tokens", "yandex.cloud.iam.v1.IamTokenService/Create", "body"],
  ["POST", KEYS, "yandex.cloud.kms.v1.SymmetricKeyService/Create", "body"],
  ["GET", `${KEYS}/{keyId}`, "yandex.cloud.kms.v1.SymmetricKeyService/Get", "none"],
  ["GET", KEYS, "yandex.cloud.kms.v1.SymmetricKeyService/List", "query"],
  ["PATCH", `${KEYS}/{keyId}`, "yandex.cloud.kms.v1.SymmetricKeyService/Update", "body"],
  ["DELETE", `${KEYS}/{keyId}`, "yandex.cloud.kms.v1.SymmetricKeyService/Delete", "ignored"],
  ...bindings(`${KEYS}/{resourceId}`, "yandex.cloud.kms.v1.SymmetricKeyService"),
  ...bindings(`${FOLDERS}/{resourceId}`, "yandex.cloud.resourcemanager.v1.FolderService"),
];

function bindings(template: string, service: string): typeof TABLE {
  return [
    ["GET", `${template}:listAccessBindings`, `${service}/ListAccessBindings`, "query"],
    ["POST", `${template}:setAccessBindings`, `${service}/SetAccessBindings`, "body"],
    ["POST", `${template}:updateAccessBindings`, `${service}/UpdateAccessBindings`, "body"],
  ];
}

/** Sets an own enumerable property (a "__proto__" name included). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The method's request: the path parameters plus the query's or the body's fields. A field the
 * path already binds may not come again (the strict schemas refused it by the same message); a
 * dotted query name ("folderAndName.folderId") is a field of a nested message.
 */
export function requestOf(
  params: Record<string, string>,
  source: Source,
  query: object,
  body: unknown,
): unknown {
  const keys = Object.keys(params);
  if (keys.length === 0 && source === "body") return body;
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  const fields =
    source === "query" ? query : source === "body" || (source === "ignored" && isObject) ? body : {};
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw errors.invalidArgument(
      `Invalid input: expected object, received ${Array.isArray(fields) ? "array" : fields === null ? "null" : typeof fields}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (keys.includes(k)) {
      if (source === "ignored") continue;
      throw errors.invalidArgument(`unknown field "${k}"`);
    }
    const dot = source === "query" ? k.indexOf(".") : -1;
    if (dot > 0 && k.startsWith("folderAndName.")) {
      const outer = (out.folderAndName ??= {}) as Record<string, unknown>;
      put(outer, k.slice(dot + 1), v);
    } else put(out, k, v);
  }
  for (const k of keys) out[k] = params[k];
  return out;
}

/** The REST routes of the API methods. */
export function apiRoutes(deps: RouteDeps): Route[] {
  return TABLE.map(([method, template, rpc, source]) => {
    const info = METHODS[rpc];
    if (!info) throw new Error(`no service method ${rpc}`);
    return {
      method,
      template,
      mutating: info.mutating,
      public: info.public,
      query: source === "query",
      handler: (ctx) => {
        const request = requestOf(ctx.params, source, ctx.query, ctx.body);
        const call = {
          caller: ctx.caller,
          ...(ctx.idempotencyKey === undefined ? {} : { idempotencyKey: ctx.idempotencyKey }),
        };
        return { body: invoke(deps.service, info, call, request) };
      },
    };
  });
}
