/** The three access-binding methods (§5.14), shared by secrets, KMS keys and folders. */
import { listQuery } from "../../provider/api/common";
import * as access from "../../provider/api/access-binding";
import { errors, parseOrThrow } from "../errors";
import { KNOWN_ROLES } from "../iam/roles";
import type { RequestContext, Route } from "../http";
import type { Binding, BindingResource } from "../store/store";
import { operationJson, pageJson } from "../wire";
import type { RouteDeps } from "./deps";

/** Which resource the binding routes act on and how its id is resolved and authorised. */
export interface BindingTarget {
  /** Path template of the resource, e.g. "/lockbox/v1/secrets/{resourceId}". */
  template: string;
  type: BindingResource;
  /** Returns the resource id after checking existence and the caller's permission. */
  resolve(ctx: RequestContext, write: boolean): string;
}

function checkBinding(b: Binding, field: string): Binding {
  if (!(access.SUBJECT_TYPES as readonly string[]).includes(b.subject.type)) {
    throw errors.invalidArgument(`${field}.subject.type: must be one of ${access.SUBJECT_TYPES.join(", ")}`);
  }
  if (!KNOWN_ROLES.has(b.roleId)) throw errors.invalidArgument(`${field}.roleId: unknown role "${b.roleId}"`);
  return { roleId: b.roleId, subject: { type: b.subject.type, id: b.subject.id } };
}

/** List/Set/Update access bindings of one resource kind. */
export function bindingsRoutes(deps: RouteDeps, target: BindingTarget): Route[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      template: `${target.template}:listAccessBindings`,
      query: true,
      handler: (ctx) => {
        const id = target.resolve(ctx, false);
        const q = parseOrThrow(listQuery(), ctx.query);
        const page = store.listBindings(target.type, id, q.pageSize ?? 0, q.pageToken);
        return { body: pageJson("accessBindings", page, (binding) => binding) };
      },
    },
    {
      method: "POST",
      template: `${target.template}:setAccessBindings`,
      mutating: true,
      handler: (ctx) => {
        const id = target.resolve(ctx, true);
        const b = parseOrThrow(access.setAccessBindingsRequest(), ctx.body);
        const bindings = b.accessBindings.map((x, i) => checkBinding(x, `accessBindings.${i}`));
        return { body: operationJson(store.setBindings(ctx.mutation(), target.type, id, bindings), ctx.now) };
      },
    },
    {
      method: "POST",
      template: `${target.template}:updateAccessBindings`,
      mutating: true,
      handler: (ctx) => {
        const id = target.resolve(ctx, true);
        const b = parseOrThrow(access.updateAccessBindingsRequest(), ctx.body);
        const deltas = b.accessBindingDeltas.map((d, i) => ({
          action: d.action as "ADD" | "REMOVE",
          binding: checkBinding(d.accessBinding, `accessBindingDeltas.${i}.accessBinding`),
        }));
        return {
          body: operationJson(store.updateBindings(ctx.mutation(), target.type, id, deltas), ctx.now),
        };
      },
    },
  ];
}
