/**
 * Service-account key JWTs (see docs/lockbox-api.md, Token exchange): PS256 only, kid = authorized key id, iss = the
 * service account id, aud = the IAM tokens URL, exp − iat ≤ 3600 s.
 */
import { constants, createPublicKey, verify } from "node:crypto";
import { IAM_TOKENS_AUDIENCE } from "../../provider/api/iam";
import { errors } from "../errors";
import type { Store, SubjectRecord } from "../store/store";

/** Clock skew tolerated on iat/exp. */
const SKEW_SECONDS = 300;

function decodePart(part: string | undefined, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw errors.invalidArgument(`jwt: the ${what} is not valid JSON`);
}

/**
 * Verifies a JWT and returns the service account it authenticates. `audiences` lists the accepted
 * `aud` values: the public IAM URL and this server's own tokens URL.
 */
export function verifyServiceAccountJwt(
  store: Store,
  jwt: string,
  audiences: string[],
  nowMs: number,
): SubjectRecord {
  const parts = jwt.split(".");
  if (parts.length !== 3) throw errors.invalidArgument("jwt: a JWT has three dot-separated parts");
  const header = decodePart(parts[0], "header");
  const claims = decodePart(parts[1], "payload");
  if (header.alg !== "PS256") throw errors.invalidArgument('jwt: alg must be "PS256"');
  if (typeof header.kid !== "string" || header.kid === "")
    throw errors.invalidArgument("jwt: kid is required");
  const key = store.identities.getServiceAccountKey(header.kid);
  if (!key) throw errors.unauthenticated("jwt: the key does not exist or was deleted");
  if (claims.iss !== key.serviceAccountId) {
    throw errors.unauthenticated("jwt: the key does not belong to the service account in iss");
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const wanted = new Set([IAM_TOKENS_AUDIENCE, ...audiences]);
  if (!aud.some((a) => typeof a === "string" && wanted.has(a))) {
    throw errors.unauthenticated(`jwt: aud must be "${IAM_TOKENS_AUDIENCE}"`);
  }
  const iat = claims.iat;
  const exp = claims.exp;
  if (typeof iat !== "number" || typeof exp !== "number" || !Number.isFinite(iat) || !Number.isFinite(exp))
    throw errors.invalidArgument("jwt: iat and exp are required (NumericDate seconds)");
  if (exp <= iat) throw errors.invalidArgument("jwt: exp must be later than iat");
  if (exp - iat > 3600)
    throw errors.invalidArgument("jwt: the lifetime (exp - iat) must be at most 3600 seconds");
  const now = nowMs / 1000;
  if (exp < now - SKEW_SECONDS || iat > now + SKEW_SECONDS)
    throw errors.unauthenticated("jwt: the token has expired");
  const ok = verify(
    "sha256",
    Buffer.from(`${parts[0]}.${parts[1]}`, "utf8"),
    {
      key: createPublicKey(key.publicKey),
      padding: constants.RSA_PKCS1_PSS_PADDING,
      // PS256 requires the salt length to equal the hash length.
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    },
    Buffer.from(parts[2]!, "base64url"),
  );
  if (!ok) throw errors.unauthenticated("jwt: the signature is invalid");
  const sa = store.identities.getSubject(key.serviceAccountId);
  if (!sa) throw errors.unauthenticated("jwt: the service account was deleted");
  return sa;
}
