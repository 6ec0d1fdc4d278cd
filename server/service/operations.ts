/** OperationService: Get and Cancel. */
import { id as idSchema } from "../../provider/api/common";
import { errors, parseOrThrow } from "../errors";
import { allowed, scopeOf } from "../iam/roles";
import type { Caller } from "../iam/subjects";
import type { OperationRecord } from "../store/store";
import { operationJson } from "../wire";
import { begin, type ServiceDeps } from "./context";
import { split } from "./fields";
import type { Call, Operation, OperationMethods } from "./types";

/** The OperationService methods. */
export function operationMethods(deps: ServiceDeps): OperationMethods {
  const { store } = deps;

  /** The caller may see an operation it started, or one on a resource it can read. */
  const load = (caller: Caller, rawId: unknown): OperationRecord => {
    const id = parseOrThrow(idSchema(), rawId, "operationId");
    const op = store.operations.get(id);
    if (!op) throw errors.notFound(`Operation ${id} not found`);
    if (caller.root || op.createdBy === caller.id) return op;
    const secret = store.secrets.get(op.resourceId);
    if (secret && allowed(store, caller, "lockbox.secrets.get", scopeOf("secret", secret))) return op;
    const key = store.kms.get(op.resourceId);
    if (key && allowed(store, caller, "kms.keys.get", scopeOf("kms-key", key))) return op;
    throw errors.permissionDenied(`Permission denied to operation ${id}`);
  };
  const get = (call: Call, request: unknown): Operation => {
    const { caller, now } = begin(deps, call);
    return operationJson(load(caller, split(request, "operationId")[0].operationId), now) as Operation;
  };
  // Operations complete atomically when accepted, so Cancel has nothing to undo: it answers the
  // operation as it stands (server/COMPATIBILITY.md).
  return { get, cancel: get };
}
