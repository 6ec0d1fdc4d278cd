/** IAM token exchange and authorized-key shapes (docs/lockbox-api.md#token-exchange). */
import { z } from "zod";
import { lazy, timestamp } from "./common";

/** CreateIamTokenRequest: exactly one of yandexPassportOauthToken and jwt. */
export const createIamTokenRequest = lazy(() =>
  z
    .strictObject({
      yandexPassportOauthToken: z.string().min(1).max(4000).optional(),
      jwt: z.string().min(1).max(8000).optional(),
    })
    .refine((b) => (b.yandexPassportOauthToken === undefined) !== (b.jwt === undefined), {
      message: "exactly one of yandexPassportOauthToken and jwt must be set",
    }),
);

export const createIamTokenResponse = lazy(() =>
  z.looseObject({ iamToken: z.string(), expiresAt: timestamp() }),
);
export type IamToken = z.infer<ReturnType<typeof createIamTokenResponse>>;

/** The authorized key JSON `yc iam key create` writes. */
export const authorizedKey = lazy(() =>
  z.looseObject({
    id: z.string().min(1),
    service_account_id: z.string().min(1),
    created_at: z.string().optional(),
    key_algorithm: z.string().optional(),
    public_key: z.string().optional(),
    private_key: z.string().min(1),
  }),
);
export type AuthorizedKey = z.infer<ReturnType<typeof authorizedKey>>;

/**
 * The audience every service-account JWT must carry (docs/lockbox-api.md#token-exchange), whatever host
 * serves the exchange.
 */
export const IAM_TOKENS_AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";
