/** The three access-binding methods, shared by secrets, KMS keys and folders (see docs/roles.md). */
import { listQuery } from "../../provider/api/common";
import * as access from "../../provider/api/access-binding";
import { errors, parseOrThrow } from "../errors";
import { KNOWN_ROLES } from "../iam/roles";
import type { Caller } from "../iam/subjects";
import type { Binding, BindingResource, MutationContext, OperationRecord, Store } from "../store/store";
import { packed, pageJson } from "../wire";
import { begin, mutation, type ServiceDeps } from "./context";
import { split } from "./fields";
import type { AccessBinding, AccessBindingMethods, PageOf } from "./types";

/** Returns the resource id after checking that it exists and the caller may read (or write) its bindings. */
export type ResolveResource = (caller: Caller, rawId: unknown, write: boolean) => string;

function checkBinding(b: Binding, field: string): Binding {
  if (!(access.SUBJECT_TYPES as readonly string[]).includes(b.subject.type)) {
    throw errors.invalidArgument(`${field}.subject.type: must be one of ${access.SUBJECT_TYPES.join(", ")}`);
  }
  if (!KNOWN_ROLES.has(b.roleId)) throw errors.invalidArgument(`${field}.roleId: unknown role "${b.roleId}"`);
  return { roleId: b.roleId, subject: { type: b.subject.type, id: b.subject.id } };
}

/** Records a Set/Update access bindings Operation (yandex.cloud.access metadata for every kind). */
function recordBindingOperation(
  store: Store,
  ctx: MutationContext,
  type: BindingResource,
  resourceId: string,
  verb: "Set" | "Update",
): OperationRecord {
  return store.operations.record(ctx, {
    ...(type === "kms-key" ? { idPrefix: "abj" as const } : {}),
    resourceId,
    description: `${verb} access bindings`,
    metadata: packed(`yandex.cloud.access.${verb}AccessBindingsMetadata`, { resourceId }),
    response: packed("google.protobuf.Empty"),
  });
}

/**
 * Applies binding deltas and records the Operation: ADD of an existing binding and REMOVE of a
 * missing one are no-ops (also the `lockbox-local iam grant` command's path).
 */
export function updateBindings(
  store: Store,
  ctx: MutationContext,
  type: BindingResource,
  resourceId: string,
  deltas: Array<{ action: "ADD" | "REMOVE"; binding: Binding }>,
): OperationRecord {
  for (const d of deltas) {
    if (d.action === "ADD") store.bindings.add(type, resourceId, d.binding);
    else store.bindings.remove(type, resourceId, d.binding);
  }
  return recordBindingOperation(store, ctx, type, resourceId, "Update");
}

/** List/Set/Update access bindings of one resource kind, for the gRPC service `service`. */
export function bindingMethods(
  deps: ServiceDeps,
  service: string,
  type: BindingResource,
  resolve: ResolveResource,
): AccessBindingMethods {
  const { store } = deps;
  return {
    listAccessBindings: (call, request) => {
      const { caller } = begin(deps, call);
      const [head, rest] = split(request, "resourceId");
      const id = resolve(caller, head.resourceId, false);
      const q = parseOrThrow(listQuery(), rest);
      const page = store.bindings.list(type, id, q.pageSize ?? 0, q.pageToken);
      return pageJson("accessBindings", page, (binding) => binding) as PageOf<
        "accessBindings",
        AccessBinding
      >;
    },
    setAccessBindings: (call, request) =>
      mutation(deps, call, `${service}/SetAccessBindings`, request, (state, ctx) => {
        const [head, body] = split(request, "resourceId");
        const id = resolve(state.caller, head.resourceId, true);
        const b = parseOrThrow(access.setAccessBindingsRequest(), body);
        const bindings = b.accessBindings.map((x, i) => checkBinding(x, `accessBindings.${i}`));
        store.bindings.clear(type, id);
        for (const binding of bindings) store.bindings.add(type, id, binding);
        return recordBindingOperation(store, ctx, type, id, "Set");
      }),
    updateAccessBindings: (call, request) =>
      mutation(deps, call, `${service}/UpdateAccessBindings`, request, (state, ctx) => {
        const [head, body] = split(request, "resourceId");
        const id = resolve(state.caller, head.resourceId, true);
        const b = parseOrThrow(access.updateAccessBindingsRequest(), body);
        const deltas = b.accessBindingDeltas.map((d, i) => ({
          action: d.action as "ADD" | "REMOVE",
          binding: checkBinding(d.accessBinding, `accessBindingDeltas.${i}.accessBinding`),
        }));
        return updateBindings(store, ctx, type, id, deltas);
      }),
  };
}
