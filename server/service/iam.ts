/** IamTokenService.Create: the OAuth-token and service-account-JWT exchanges (see docs/roles.md). */
import * as api from "../../provider/api/iam";
import { errors, parseOrThrow } from "../errors";
import { iso } from "../ids";
import { verifyServiceAccountJwt } from "../iam/jwt";
import { IAM_TOKEN_TTL_MS } from "../iam/subjects";
import { begin, type ServiceDeps } from "./context";
import type { IamTokenMethods } from "./types";

/** The IAM token methods. */
export function iamTokenMethods(deps: ServiceDeps): IamTokenMethods {
  const { store } = deps;
  return {
    create: (call, request) => {
      const { now } = begin(deps, call);
      const b = parseOrThrow(api.createIamTokenRequest(), request);
      let subject;
      if (b.yandexPassportOauthToken !== undefined) {
        subject = store.identities.findUserByOauthToken(b.yandexPassportOauthToken);
        if (!subject) throw errors.unauthenticated("The OAuth token is invalid or has been revoked.");
      } else {
        subject = verifyServiceAccountJwt(store, b.jwt!, deps.jwtAudiences(), now);
      }
      const t = store.identities.issueIamToken(subject, now, IAM_TOKEN_TTL_MS);
      return { iamToken: t.token, expiresAt: iso(t.expiresAt) };
    },
  };
}
