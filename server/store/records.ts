/**
 * What the store holds, as the rest of lockbox-local sees it: one record type per table, one entry
 * type for payload values and changes, pages of List calls. Plain data; no wire JSON.
 */

/** A JSON object (operation metadata, responses and errors are stored as JSON). */
export type Json = Record<string, unknown>;

/** Secret status. */
export type SecretStatus = "ACTIVE" | "INACTIVE";
/** Version status. */
export type VersionStatus = "ACTIVE" | "SCHEDULED_FOR_DESTRUCTION" | "DESTROYED";

/** A generated-password specification as stored (`length` a number, unset BoolValues absent). */
export type { PasswordSpec } from "../crypto/password";
import type { PasswordSpec } from "../crypto/password";

/** A stored secret (metadata only). */
export interface SecretRecord {
  id: string;
  folderId: string;
  createdAt: number;
  name: string;
  description: string;
  labels: Record<string, string>;
  kmsKeyId: string;
  status: SecretStatus;
  currentVersionId: string | null;
  deletionProtection: boolean;
  passwordSpec: PasswordSpec | null;
  /** Until this time (ms) the secret reports status CREATING. */
  readyAt: number;
}

/** A stored version (metadata only; the payload stays encrypted inside the store). */
export interface VersionRecord {
  id: string;
  secretId: string;
  createdAt: number;
  description: string;
  status: VersionStatus;
  destroyAt: number | null;
  entryKeys: string[];
  passwordSpec: PasswordSpec | null;
}

/**
 * A payload entry, decrypted: a key with a text or a binary value. As a change (AddVersion,
 * Create) an entry with neither removes the key.
 */
export interface Entry {
  key: string;
  text?: string;
  binary?: Buffer;
}

/** A stored operation. */
export interface OperationRecord {
  id: string;
  resourceId: string;
  description: string;
  createdAt: number;
  createdBy: string;
  doneAt: number;
  metadata: Json;
  response: Json | null;
  error: Json | null;
}

/** A KMS symmetric key. */
export interface KmsKeyRecord {
  id: string;
  folderId: string;
  createdAt: number;
  name: string;
  description: string;
  labels: Record<string, string>;
  status: "ACTIVE" | "INACTIVE";
  defaultAlgorithm: string;
  rotationPeriod: string;
  deletionProtection: boolean;
  primaryVersionId: string;
  readyAt: number;
}

/** Kinds of resource that carry access bindings. */
export type BindingResource = "folder" | "secret" | "kms-key";

/** A resource bindings are read from: a folder, a secret or a KMS key. */
export interface ResourceRef {
  type: BindingResource;
  id: string;
}

/** An access binding. */
export interface Binding {
  roleId: string;
  subject: { type: string; id: string };
}

/** An identity known to lockbox-local. */
export interface SubjectRecord {
  id: string;
  type: "userAccount" | "serviceAccount";
  name: string;
  folderId: string;
  createdAt: number;
}

/** One permission check a request passed (kept with its Idempotency-Key, repeated on a replay). */
export interface AccessCheck {
  permission: string;
  resources: ResourceRef[];
}

/** Who is calling, the Idempotency-Key it sent, and how long the operation should stay running. */
export interface MutationContext {
  subjectId: string;
  now: number;
  delayMs: number;
  idempotencyKey?: string;
  /** Identifies the request (method and a digest of it) so a key reused for another call is refused. */
  fingerprint: string;
  /** The permission checks the request passed; a replay of its Idempotency-Key repeats them. */
  checks?: AccessCheck[];
}

/** One page of a List call. */
export interface Page<T> {
  items: T[];
  nextPageToken: string;
}
