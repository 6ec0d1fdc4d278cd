/** OperationService (lockbox-api.md §7): Get and Cancel (GET and POST). */
import { id as idSchema } from "../../provider/api/common";
import { errors, parseOrThrow } from "../errors";
import { allowed, scopeOf } from "../iam/roles";
import type { RequestContext, Route } from "../http";
import type { OperationRecord } from "../store/store";
import { operationJson } from "../wire";
import type { RouteDeps } from "./deps";

/** The OperationService routes. */
export function operationRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;

  /** The caller may see an operation it started, or one on a resource it can read. */
  const load = (ctx: RequestContext): OperationRecord => {
    const id = parseOrThrow(idSchema(), ctx.params.operationId, "operationId");
    const op = store.getOperation(id);
    if (!op) throw errors.notFound(`Operation ${id} not found`);
    if (ctx.caller.root || op.createdBy === ctx.caller.id) return op;
    const secret = store.getSecret(op.resourceId);
    if (secret && allowed(store, ctx.caller, "lockbox.secrets.get", scopeOf("secret", secret))) {
      return op;
    }
    const key = store.getKmsKey(op.resourceId);
    if (key && allowed(store, ctx.caller, "kms.keys.get", scopeOf("kms-key", key))) {
      return op;
    }
    throw errors.permissionDenied(`Permission denied to operation ${id}`);
  };

  // Operations complete atomically when accepted, so Cancel has nothing to undo: it answers the
  // operation as it stands (COMPATIBILITY.md; the proto maps Cancel to GET, the design guide to POST).
  const cancel = (ctx: RequestContext) => ({ body: operationJson(load(ctx), ctx.now) });
  return [
    {
      method: "GET",
      template: "/operations/{operationId}",
      handler: (ctx) => ({ body: operationJson(load(ctx), ctx.now) }),
    },
    { method: "GET", template: "/operations/{operationId}:cancel", handler: cancel },
    { method: "POST", template: "/operations/{operationId}:cancel", handler: cancel },
  ];
}
