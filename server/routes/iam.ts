/** IAM token exchange (lockbox-api.md §11.2): POST /iam/v1/tokens. */
import * as api from "../../provider/api/iam";
import { errors, parseOrThrow } from "../errors";
import { iso } from "../ids";
import { verifyServiceAccountJwt } from "../iam/jwt";
import { IAM_TOKEN_TTL_MS } from "../iam/subjects";
import type { Route } from "../http";
import type { RouteDeps } from "./deps";

/** The IAM routes served by lockbox-local. */
export function iamRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "POST",
      template: "/iam/v1/tokens",
      public: true,
      handler: (ctx) => {
        const b = parseOrThrow(api.createIamTokenRequest(), ctx.body);
        let subject;
        if (b.yandexPassportOauthToken !== undefined) {
          subject = store.findUserByOauthToken(b.yandexPassportOauthToken);
          if (!subject) throw errors.unauthenticated("The OAuth token is invalid or has been revoked.");
        } else {
          const own = `${deps.baseUrl()}/iam/v1/tokens`;
          subject = verifyServiceAccountJwt(store, b.jwt!, [own], ctx.now);
        }
        const t = store.issueIamToken(subject, ctx.now, IAM_TOKEN_TTL_MS);
        return { body: { iamToken: t.token, expiresAt: iso(t.expiresAt) } };
      },
    },
  ];
}
