/** Folder access bindings through the resource-manager paths (roles inherited by secrets and keys). */
import { id as idSchema } from "../../provider/api/common";
import { parseOrThrow } from "../errors";
import { authorize } from "../iam/roles";
import type { Route } from "../http";
import { bindingsRoutes } from "./bindings";
import type { RouteDeps } from "./deps";

/** Folders are free-form ids chosen by callers; they exist implicitly. */
export function folderRoutes(deps: RouteDeps): Route[] {
  return bindingsRoutes(deps, {
    template: "/resource-manager/v1/folders/{resourceId}",
    type: "folder",
    resolve: (ctx, write) => {
      const id = parseOrThrow(idSchema(), ctx.params.resourceId, "resourceId");
      authorize(deps.store, ctx.caller, write ? "folder.bindings.set" : "folder.bindings.get", [
        { type: "folder", id },
      ]);
      return id;
    },
  });
}
