/**
 * The Store: every read and every state transition of lockbox-local. Routes validate input and
 * check roles, then call one Store method. Each mutating method runs in one transaction together with
 * its Operation record and idempotency record, so a failure leaves nothing half-written and an
 * operation reported done is committed.
 */
import type { PasswordSpec } from "../crypto/password";
import type { AccessCheck } from "../iam/roles";
import type { Json } from "../wire";

/** Secret status (§3.1). */
export type SecretStatus = "ACTIVE" | "INACTIVE";
/** Version status (§3.2). */
export type VersionStatus = "ACTIVE" | "SCHEDULED_FOR_DESTRUCTION" | "DESTROYED";

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

/** A decrypted payload entry: exactly one of text and binary. */
export interface PlainEntry {
  key: string;
  text?: string;
  binary?: Buffer;
}

/** One change of AddVersion / Create (§3.4): no value removes the key. */
export interface EntryChange {
  key: string;
  text?: string;
  binary?: Buffer;
}

/** A stored operation (§7.1). */
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

/** A KMS symmetric key (§15.3). */
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

/** An access binding (§5.14). */
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

/** Who is calling, the Idempotency-Key it sent, and how long the operation should stay running. */
export interface MutationContext {
  subjectId: string;
  now: number;
  delayMs: number;
  idempotencyKey?: string;
  /** Identifies the request (method, path, body digest) so a key reused for another call is refused. */
  fingerprint: string;
  /** The permission checks the request passed; a replay of its Idempotency-Key repeats them. */
  checks?: AccessCheck[];
}

/** One page of a List call. */
export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

/** Fields a Create call sets (validated already). */
export interface CreateSecretInput {
  folderId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  kmsKeyId: string;
  deletionProtection: boolean;
  passwordSpec: PasswordSpec | null;
  /** The first version to create, if any. */
  firstVersion: { description: string; entries: EntryChange[] | null } | null;
}

/** Fields an Update call changes; each key present is set (undefined-valued keys reset to default). */
export interface SecretPatch {
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  deletionProtection?: boolean;
  passwordSpec?: PasswordSpec;
}

/** Fields a KMS Create call sets. */
export interface CreateKmsKeyInput {
  folderId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  defaultAlgorithm: string;
  rotationPeriod: string;
  deletionProtection: boolean;
}

/** Fields a KMS Update call changes; an absent field keeps its value (§15.1, §15.3). */
export interface KmsKeyPatch {
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  status?: "ACTIVE" | "INACTIVE";
  defaultAlgorithm?: string;
  rotationPeriod?: string;
  deletionProtection?: boolean;
}

/** Every read and state transition of lockbox-local; mutations return their committed Operation. */
export interface Store {
  // --- lifecycle
  /** Destroys versions whose destroyAt has passed; returns how many. */
  sweep(now: number): number;
  /** The earliest pending destroyAt, if any. */
  nextDestroyAt(): number | null;
  /** Deletes every resource, operation and identity. */
  reset(): void;
  close(): void;

  // --- secrets (§5)
  getSecret(id: string): SecretRecord | undefined;
  findSecretByName(folderId: string, name: string): SecretRecord | undefined;
  listSecrets(folderId: string, pageSize: number, pageToken: string | undefined): Page<SecretRecord>;
  getVersion(secretId: string, versionId: string): VersionRecord | undefined;
  listVersions(secretId: string, pageSize: number, pageToken: string | undefined): Page<VersionRecord>;
  createSecret(ctx: MutationContext, input: CreateSecretInput): OperationRecord;
  updateSecret(ctx: MutationContext, id: string, patch: SecretPatch): OperationRecord;
  deleteSecret(ctx: MutationContext, id: string): OperationRecord;
  setSecretStatus(ctx: MutationContext, id: string, status: SecretStatus): OperationRecord;
  addVersion(
    ctx: MutationContext,
    secretId: string,
    input: { description: string; changes: EntryChange[]; baseVersionId: string },
  ): OperationRecord;
  setCurrentVersion(ctx: MutationContext, secretId: string, versionId: string): OperationRecord;
  scheduleVersionDestruction(
    ctx: MutationContext,
    secretId: string,
    versionId: string,
    pendingMs: number,
  ): OperationRecord;
  cancelVersionDestruction(ctx: MutationContext, secretId: string, versionId: string): OperationRecord;

  // --- payload (§6)
  getPayload(secretId: string, versionId: string | undefined): { versionId: string; entries: PlainEntry[] };

  // --- operations (§7)
  getOperation(id: string): OperationRecord | undefined;
  listOperations(resourceId: string, pageSize: number, pageToken: string | undefined): Page<OperationRecord>;
  /**
   * The operation an earlier call with this Idempotency-Key produced and the permission checks it
   * passed, if any; throws INVALID_ARGUMENT if the key was used for a different request.
   */
  findIdempotent(
    subjectId: string,
    key: string,
    fingerprint: string,
  ): { operation: OperationRecord; checks: AccessCheck[] } | undefined;
  /** A keyed digest (hex) of a text, e.g. of a request for its idempotency fingerprint. */
  mac(text: string): string;
  /** Runs fn in one write transaction (joining the one in progress); any throw rolls it all back. */
  transaction<T>(fn: () => T): T;

  // --- access bindings (§5.14; folders and KMS keys too)
  listBindings(
    type: BindingResource,
    resourceId: string,
    pageSize: number,
    pageToken: string | undefined,
  ): Page<Binding>;
  setBindings(
    ctx: MutationContext,
    type: BindingResource,
    resourceId: string,
    bindings: Binding[],
  ): OperationRecord;
  updateBindings(
    ctx: MutationContext,
    type: BindingResource,
    resourceId: string,
    deltas: Array<{ action: "ADD" | "REMOVE"; binding: Binding }>,
  ): OperationRecord;
  /** Role ids granted to a subject on any of the given resources (system groups included). */
  rolesOf(
    subject: { type: string; id: string },
    resources: Array<{ type: BindingResource; id: string }>,
  ): Set<string>;

  // --- KMS (§15)
  getKmsKey(id: string): KmsKeyRecord | undefined;
  listKmsKeys(folderId: string, pageSize: number, pageToken: string | undefined): Page<KmsKeyRecord>;
  createKmsKey(ctx: MutationContext, input: CreateKmsKeyInput): OperationRecord;
  updateKmsKey(ctx: MutationContext, id: string, patch: KmsKeyPatch): OperationRecord;
  deleteKmsKey(ctx: MutationContext, id: string): OperationRecord;

  // --- identities (§11)
  createServiceAccount(name: string, folderId: string, now: number): SubjectRecord;
  createUser(name: string, now: number): { user: SubjectRecord; oauthToken: string };
  getSubject(id: string): SubjectRecord | undefined;
  /** Stores a service-account public key; returns the key id. */
  addServiceAccountKey(
    serviceAccountId: string,
    publicKeyPem: string,
    now: number,
  ): { id: string; createdAt: number };
  getServiceAccountKey(id: string): { id: string; serviceAccountId: string; publicKey: string } | undefined;
  /** The user an OAuth token belongs to. */
  findUserByOauthToken(token: string): SubjectRecord | undefined;
  /** Issues an IAM token for a subject (only its hash is stored). */
  issueIamToken(subject: SubjectRecord, now: number, ttlMs: number): { token: string; expiresAt: number };
  /** The subject of a live IAM token. */
  findIamToken(token: string, now: number): SubjectRecord | undefined;
  /** Revokes one IAM token; returns whether it existed. */
  revokeIamToken(token: string): boolean;
  /** Revokes every IAM token of a subject; returns how many. */
  revokeSubjectTokens(subjectId: string): number;
  /** Deletes a service-account key (later JWTs signed with it are refused); returns whether it existed. */
  deleteServiceAccountKey(id: string): boolean;
  /** Deletes a service account with its keys and IAM tokens; returns whether it existed. */
  deleteServiceAccount(id: string): boolean;
}
