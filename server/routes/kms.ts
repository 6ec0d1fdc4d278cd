/** The KMS SymmetricKeyService subset (lockbox-api.md §15): create, get, list, update, delete, bindings. */
import { id as idSchema } from "../../provider/api/common";
import * as api from "../../provider/api/kms";
import { errors, parseOrThrow } from "../errors";
import { checkMapKeys, durationMs } from "../limits";
import { authorize, type Permission, scopeOf } from "../iam/roles";
import type { RequestContext, Route } from "../http";
import type { KmsKeyPatch, KmsKeyRecord } from "../store/store";
import { kmsKeyJson, operationJson, pageJson } from "../wire";
import { bindingsRoutes } from "./bindings";
import type { RouteDeps } from "./deps";
import { LABEL_KEY_MESSAGE, parseUpdateMask } from "./secrets";

/** Checks the rotationPeriod range, which the schema's pattern cannot bound. */
function checkRotationPeriod(rotationPeriod: string | undefined): void {
  if (rotationPeriod !== undefined) durationMs(rotationPeriod, "rotationPeriod");
}

const BASE = "/kms/v1/keys";

/** The KMS routes. */
export function kmsRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  const keyFor = (ctx: RequestContext, raw: string | undefined, permission: Permission): KmsKeyRecord => {
    const id = parseOrThrow(idSchema(), raw, "keyId");
    const key = store.getKmsKey(id);
    if (!key) throw errors.notFound(`Key ${id} not found`);
    authorize(store, ctx.caller, permission, scopeOf("kms-key", key));
    return key;
  };
  return [
    {
      method: "POST",
      template: BASE,
      mutating: true,
      handler: (ctx) => {
        checkMapKeys(ctx.body, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.createSymmetricKeyRequest(), ctx.body);
        checkRotationPeriod(b.rotationPeriod);
        authorize(store, ctx.caller, "kms.keys.create", [{ type: "folder", id: b.folderId }]);
        const op = store.createKmsKey(ctx.mutation(), {
          folderId: b.folderId,
          name: b.name ?? "",
          description: b.description ?? "",
          labels: b.labels ?? {},
          defaultAlgorithm: b.defaultAlgorithm,
          rotationPeriod: b.rotationPeriod ?? "",
          deletionProtection: b.deletionProtection ?? false,
        });
        return { body: operationJson(op, ctx.now) };
      },
    },
    {
      method: "GET",
      template: `${BASE}/{keyId}`,
      handler: (ctx) => ({ body: kmsKeyJson(keyFor(ctx, ctx.params.keyId, "kms.keys.get"), ctx.now) }),
    },
    {
      method: "GET",
      template: BASE,
      query: true,
      handler: (ctx) => {
        const q = parseOrThrow(api.listKeysQuery(), ctx.query);
        authorize(store, ctx.caller, "kms.keys.list", [{ type: "folder", id: q.folderId }]);
        const page = store.listKmsKeys(q.folderId, q.pageSize ?? 0, q.pageToken);
        return { body: pageJson("keys", page, (k) => kmsKeyJson(k, ctx.now)) };
      },
    },
    {
      method: "PATCH",
      template: `${BASE}/{keyId}`,
      mutating: true,
      handler: (ctx) => {
        const key = keyFor(ctx, ctx.params.keyId, "kms.keys.update");
        checkMapKeys(ctx.body, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.updateSymmetricKeyRequest(), ctx.body);
        checkRotationPeriod(b.rotationPeriod);
        const patch: KmsKeyPatch = {};
        // A field named in the mask but absent from the body takes its default (proto3 FieldMask).
        for (const p of parseUpdateMask(b.updateMask, api.UPDATABLE_KEY_FIELDS)) {
          if (p === "name") patch.name = b.name ?? "";
          if (p === "description") patch.description = b.description ?? "";
          if (p === "labels") patch.labels = b.labels ?? {};
          if (p === "rotationPeriod") patch.rotationPeriod = b.rotationPeriod ?? "";
          if (p === "deletionProtection") patch.deletionProtection = b.deletionProtection ?? false;
          if (p === "status") {
            if (b.status !== "ACTIVE" && b.status !== "INACTIVE") {
              throw errors.invalidArgument("status: must be ACTIVE or INACTIVE when updateMask names it");
            }
            patch.status = b.status;
          }
          if (p === "defaultAlgorithm") {
            if (!b.defaultAlgorithm || b.defaultAlgorithm === "SYMMETRIC_ALGORITHM_UNSPECIFIED") {
              throw errors.invalidArgument("defaultAlgorithm: required when updateMask names it");
            }
            patch.defaultAlgorithm = b.defaultAlgorithm;
          }
        }
        return { body: operationJson(store.updateKmsKey(ctx.mutation(), key.id, patch), ctx.now) };
      },
    },
    {
      method: "DELETE",
      template: `${BASE}/{keyId}`,
      mutating: true,
      handler: (ctx) => {
        const key = keyFor(ctx, ctx.params.keyId, "kms.keys.delete");
        return { body: operationJson(store.deleteKmsKey(ctx.mutation(), key.id), ctx.now) };
      },
    },
    ...bindingsRoutes(deps, {
      template: `${BASE}/{resourceId}`,
      type: "kms-key",
      resolve: (ctx, write) =>
        keyFor(ctx, ctx.params.resourceId, write ? "kms.bindings.set" : "kms.bindings.get").id,
    }),
  ];
}
