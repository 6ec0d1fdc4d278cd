/** Callers and bearer-token authentication (see docs/lockbox-api.md, IAM tokens). */
import { timingSafeEqual } from "node:crypto";
import { errors } from "../errors";
import { tokenHash } from "../ids";
import type { AccessCheck, Store } from "../store/store";

/** The authenticated caller of a request. */
export interface Caller {
  id: string;
  type: "userAccount" | "serviceAccount";
  /** The built-in admin subject: every role everywhere. */
  root: boolean;
  /** The permission checks made for this request so far (kept for Idempotency-Key replays). */
  checks?: AccessCheck[];
}

/** The id of the built-in root admin subject. */
export const ROOT_SUBJECT_ID = "ajerootadmin00000000";

/** IAM tokens live 12 hours (docs/lockbox-api.md, IAM tokens). */
export const IAM_TOKEN_TTL_MS = 12 * 3600 * 1000;

/**
 * Resolves the Authorization header to a caller, or throws UNAUTHENTICATED. The root token is
 * compared by hash in constant time; other tokens are looked up by their SHA-256.
 */
export function authenticate(
  store: Store,
  rootTokenHash: string,
  header: string | undefined,
  now: number,
): Caller {
  if (!header) throw errors.unauthenticated("The request is missing an Authorization header.");
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw errors.unauthenticated('The Authorization header must be "Bearer <IAM token>".');
  const token = m[1]!;
  const h = tokenHash(token);
  if (timingSafeEqual(Buffer.from(h, "hex"), Buffer.from(rootTokenHash, "hex"))) {
    return { id: ROOT_SUBJECT_ID, type: "userAccount", root: true, checks: [] };
  }
  const subject = store.identities.findIamToken(token, now);
  if (!subject) throw errors.unauthenticated();
  return { id: subject.id, type: subject.type, root: false, checks: [] };
}
