/** PayloadService (lockbox-api.md §6): Get and GetEx. */
import * as api from "../../provider/api/payload";
import { errors, parseOrThrow } from "../errors";
import { authorize, scopeOf } from "../iam/roles";
import type { Route } from "../http";
import type { RouteDeps } from "./deps";
import { authorizeKmsUse, secretFor } from "./secrets";

/** The PayloadService routes. */
export function payloadRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      template: "/lockbox/v1/secrets/{secretId}/payload",
      query: true,
      handler: (ctx) => {
        const q = parseOrThrow(api.getPayloadQuery(), ctx.query);
        const s = secretFor(store, ctx.caller, ctx.params.secretId, "lockbox.payload.get");
        authorizeKmsUse(store, ctx.caller, s.kmsKeyId);
        const p = store.getPayload(s.id, q.versionId || undefined, ctx.now);
        return {
          body: {
            versionId: p.versionId,
            entries: p.entries.map((e) =>
              e.binary
                ? { key: e.key, binaryValue: e.binary.toString("base64") }
                : { key: e.key, textValue: e.text ?? "" },
            ),
          },
        };
      },
    },
    {
      method: "GET",
      template: "/lockbox/v1/secrets:getEx",
      query: true,
      handler: (ctx) => {
        const q = parseOrThrow(api.getExQuery(), ctx.query);
        let secret;
        if (q.secretId) secret = store.getSecret(q.secretId);
        else secret = store.findSecretByName(q["folderAndName.folderId"]!, q["folderAndName.secretName"]!);
        if (!secret) throw errors.notFound("Secret not found");
        authorize(store, ctx.caller, "lockbox.payload.get", scopeOf("secret", secret));
        authorizeKmsUse(store, ctx.caller, secret.kmsKeyId);
        const p = store.getPayload(secret.id, q.versionId || undefined, ctx.now);
        // GetEx entries are map<string, bytes>: every value is base64, text included (§6).
        // Built with fromEntries so a key such as "__proto__" becomes an own property, not a prototype.
        const entries = Object.fromEntries(
          p.entries.map((e) => [e.key, (e.binary ?? Buffer.from(e.text ?? "", "utf8")).toString("base64")]),
        );
        return { body: { secretId: secret.id, versionId: p.versionId, entries } };
      },
    },
  ];
}
