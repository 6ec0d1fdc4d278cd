/** PayloadService (see docs/lockbox-api.md, Payload): Get and GetEx. */
import * as api from "../../provider/api/payload";
import { errors, parseOrThrow } from "../errors";
import { authorize, scopeOf } from "../iam/roles";
import { getExJson, payloadJson } from "../wire";
import { authorizeKmsUse, secretFor } from "./access";
import { begin, type ServiceDeps } from "./context";
import { split } from "./fields";
import { readPayload } from "./secret-ops";
import type { GetExResponse, Payload, PayloadMethods } from "./types";

/**
 * GetEx's `folderAndName` message as the REST query spells it ("folderAndName.folderId"), so one
 * schema checks both transports' requests and names the fields the same way.
 */
function dotted(request: unknown): unknown {
  if (typeof request !== "object" || request === null || Array.isArray(request)) return request;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    if (k === "folderAndName" && typeof v === "object" && v !== null && !Array.isArray(v)) {
      for (const [inner, value] of Object.entries(v)) out[`folderAndName.${inner}`] = value;
    } else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The PayloadService methods. */
export function payloadMethods(deps: ServiceDeps): PayloadMethods {
  const { store } = deps;
  return {
    get: (call, request) => {
      const { caller } = begin(deps, call);
      const [head, rest] = split(request, "secretId");
      const q = parseOrThrow(api.getPayloadQuery(), rest);
      const s = secretFor(store, caller, head.secretId, "lockbox.payload.get");
      authorizeKmsUse(store, caller, s.kmsKeyId);
      return payloadJson(readPayload(store, s, q.versionId || undefined)) as Payload;
    },
    getEx: (call, request) => {
      const { caller } = begin(deps, call);
      const q = parseOrThrow(api.getExQuery(), dotted(request));
      const secret = q.secretId
        ? store.secrets.get(q.secretId)
        : store.secrets.findByName(q["folderAndName.folderId"]!, q["folderAndName.secretName"]!);
      if (!secret) throw errors.notFound("Secret not found");
      authorize(store, caller, "lockbox.payload.get", scopeOf("secret", secret));
      authorizeKmsUse(store, caller, secret.kmsKeyId);
      return getExJson(secret.id, readPayload(store, secret, q.versionId || undefined)) as GetExResponse;
    },
  };
}
