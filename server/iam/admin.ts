/** Identity administration shared by the CLI (`lockbox-local iam ...`) and `/_local/iam/*`. */
import { generateKeyPairSync } from "node:crypto";
import { errors } from "../errors";
import { iso } from "../ids";
import type { Store, SubjectRecord } from "../store/store";

/** An authorized key in the JSON format `yc iam key create` writes (see docs/lockbox-api.md, Token exchange). */
export interface AuthorizedKeyFile {
  id: string;
  service_account_id: string;
  created_at: string;
  key_algorithm: "RSA_2048";
  public_key: string;
  private_key: string;
}

/** Creates an RSA-2048 key for a service account. Only the public key is stored. */
export function createAuthorizedKey(store: Store, serviceAccountId: string, now: number): AuthorizedKeyFile {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const key = store.identities.addServiceAccountKey(serviceAccountId, publicKey, now);
  if (!key) throw errors.notFound(`Service account ${serviceAccountId} not found`);
  return {
    id: key.id,
    service_account_id: serviceAccountId,
    created_at: iso(key.createdAt),
    key_algorithm: "RSA_2048",
    public_key: publicKey,
    private_key: privateKey,
  };
}

/** The JSON form of a subject printed by the admin commands. */
export function subjectJson(s: SubjectRecord): Record<string, string> {
  const out: Record<string, string> = { id: s.id, type: s.type, name: s.name, createdAt: iso(s.createdAt) };
  if (s.folderId) out.folderId = s.folderId;
  return out;
}
