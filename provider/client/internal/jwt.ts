/**
 * The service-account JWT exchanged for an IAM token (docs/lockbox-api.md#token-exchange).
 * Private to the client (see README.md).
 */
import { createPrivateKey, constants, sign } from "node:crypto";

/** Lifetime of a signed JWT: the IAM service accepts `exp - iat <= 3600`. */
export const JWT_LIFETIME_SECONDS = 3600;

/** The fields of an authorized key the JWT needs. */
export interface JwtKey {
  /** Authorized key id, sent as the JWT header's `kid`. */
  readonly id: string;
  /** Service account id, sent as the `iss` claim. */
  readonly serviceAccountId: string;
  /** PEM private key. */
  readonly privateKey: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/**
 * Signs a PS256 JWT (RSASSA-PSS, SHA-256, salt length = hash length, as the IAM service requires).
 * @param nowSeconds the `iat` claim, Unix seconds
 * @internal
 */
export function signServiceAccountJwt(key: JwtKey, audience: string, nowSeconds: number): string {
  const header = base64url(JSON.stringify({ typ: "JWT", alg: "PS256", kid: key.id }));
  const claims = base64url(
    JSON.stringify({
      iss: key.serviceAccountId,
      aud: audience,
      iat: nowSeconds,
      exp: nowSeconds + JWT_LIFETIME_SECONDS,
    }),
  );
  const signingInput = `${header}.${claims}`;
  const signature = sign("sha256", Buffer.from(signingInput), {
    key: createPrivateKey(key.privateKey),
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  });
  return `${signingInput}.${base64url(signature)}`;
}
