/** Loading a resource named in a request and checking the caller's permission on it. */
import { id as idSchema } from "../../provider/api/common";
import { errors, parseOrThrow } from "../errors";
import { authorize, type Permission, scopeOf } from "../iam/roles";
import type { Caller } from "../iam/subjects";
import type { KmsKeyRecord, SecretRecord, Store } from "../store/store";

/** Loads a secret by id and checks the caller's permission on it (folder + secret bindings). */
export function secretFor(
  store: Store,
  caller: Caller,
  rawId: unknown,
  permission: Permission,
): SecretRecord {
  const id = parseOrThrow(idSchema(), rawId, "secretId");
  const secret = store.secrets.get(id);
  if (!secret) throw errors.notFound(`Secret ${id} not found`);
  authorize(store, caller, permission, scopeOf("secret", secret));
  return secret;
}

/** Loads a KMS key by id and checks the caller's permission on it (folder + key bindings). */
export function keyFor(
  store: Store,
  caller: Caller,
  rawId: unknown,
  permission: Permission,
  field = "keyId",
): KmsKeyRecord {
  const id = parseOrThrow(idSchema(), rawId, field);
  const key = store.kms.get(id);
  if (!key) throw errors.notFound(`Key ${id} not found`);
  authorize(store, caller, permission, scopeOf("kms-key", key));
  return key;
}

/** Checks that a KMS key is usable by the caller for a secret's encryption (see docs/kms.md). */
export function authorizeKmsUse(store: Store, caller: Caller, kmsKeyId: string): void {
  if (!kmsKeyId) return;
  const key = store.kms.get(kmsKeyId);
  if (!key) throw errors.failedPrecondition(`KMS key ${kmsKeyId} does not exist or was deleted`);
  authorize(store, caller, "kms.keys.use", scopeOf("kms-key", key));
}
