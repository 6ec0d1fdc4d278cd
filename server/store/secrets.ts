/**
 * Secrets and their versions: rows, the secret's wrapped data key, and version payloads encrypted
 * by the keyring (under the secret's KMS key when it has one). Rules about what may change (quotas,
 * names, protection, merging entries) belong to the service; this module stores what it is given.
 */
import type { Keyring } from "../crypto/envelope";
import { errors } from "../errors";
import { newId } from "../ids";
import { GenerationCache } from "./cache";
import { decodeEntries, encodeEntries, valueBytes } from "./codec";
import type { Database, Row } from "./db";
import type { KmsKeys } from "./kms";
import type { Entry, Page, PasswordSpec, SecretRecord, SecretStatus, VersionRecord } from "./records";
import { secretFrom, versionFrom } from "./rows";

/** The fields of a new secret. */
export interface NewSecret {
  folderId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  kmsKeyId: string;
  deletionProtection: boolean;
  passwordSpec: PasswordSpec | null;
  createdAt: number;
  readyAt: number;
}

/** The fields of a secret an update may set. */
export type SecretFields = Pick<
  SecretRecord,
  "name" | "description" | "labels" | "deletionProtection" | "passwordSpec"
>;

/** Decrypted versions kept in memory at most (see `readEntries`). */
const CACHED_VERSIONS = 256;
/** Bytes of decrypted values kept in memory at most. */
const CACHED_VALUE_BYTES = 4 * 1024 * 1024;

/** The secrets and versions tables. */
export class Secrets {
  private readonly plaintexts: GenerationCache<Entry[]>;

  constructor(
    private readonly db: Database,
    private readonly keyring: Keyring,
    private readonly kms: KmsKeys,
  ) {
    this.plaintexts = new GenerationCache<Entry[]>(
      () => db.generation(),
      CACHED_VERSIONS,
      CACHED_VALUE_BYTES,
      valueBytes,
      (entries) => entries.forEach((e) => e.binary?.fill(0)),
    );
  }

  get(id: string): SecretRecord | undefined {
    return this.db.cachedRecord(secretFrom, "SELECT * FROM secrets WHERE id = ?", id);
  }

  findByName(folderId: string, name: string): SecretRecord | undefined {
    const r = this.db.get<Row>("SELECT * FROM secrets WHERE folder_id = ? AND name = ?", folderId, name);
    return r ? secretFrom(r) : undefined;
  }

  list(folderId: string, pageSize: number, pageToken: string | undefined): Page<SecretRecord> {
    return this.db.page(
      "SELECT * FROM secrets WHERE folder_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [folderId],
      pageSize,
      pageToken,
      secretFrom,
    );
  }

  countInFolder(folderId: string): number {
    return (
      this.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM secrets WHERE folder_id = ?", folderId)?.n ?? 0
    );
  }

  /** Inserts a secret with a new data key (wrapped by its KMS key's material, if any); returns it. */
  insert(s: NewSecret): SecretRecord {
    const kek = this.kms.kek(s.kmsKeyId);
    const id = newId("e6q");
    this.db.run(
      "INSERT INTO secrets (id, folder_id, created_at, name, description, labels, kms_key_id, status, current_version_id, deletion_protection, password_spec, wrapped_dek, ready_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', NULL, ?, ?, ?, ?)",
      id,
      s.folderId,
      s.createdAt,
      s.name,
      s.description,
      JSON.stringify(s.labels),
      s.kmsKeyId,
      s.deletionProtection ? 1 : 0,
      s.passwordSpec ? JSON.stringify(s.passwordSpec) : null,
      this.keyring.newDataKey(id, kek.material, kek.keyId),
      s.readyAt,
    );
    return this.get(id)!;
  }

  update(id: string, f: SecretFields): void {
    this.db.run(
      "UPDATE secrets SET name = ?, description = ?, labels = ?, deletion_protection = ?, password_spec = ? WHERE id = ?",
      f.name,
      f.description,
      JSON.stringify(f.labels),
      f.deletionProtection ? 1 : 0,
      f.passwordSpec ? JSON.stringify(f.passwordSpec) : null,
      id,
    );
  }

  setStatus(id: string, status: SecretStatus): void {
    this.db.run("UPDATE secrets SET status = ? WHERE id = ?", status, id);
  }

  setCurrentVersion(id: string, versionId: string): void {
    this.db.run("UPDATE secrets SET current_version_id = ? WHERE id = ?", versionId, id);
  }

  /** Deletes a secret with its versions (the caller drops its bindings). */
  delete(id: string): void {
    this.db.run("DELETE FROM versions WHERE secret_id = ?", id);
    this.db.run("DELETE FROM secrets WHERE id = ?", id);
  }

  // ---------------------------------------------------------------- versions

  getVersion(secretId: string, versionId: string): VersionRecord | undefined {
    return this.db.cachedRecord(
      versionFrom,
      "SELECT * FROM versions WHERE id = ? AND secret_id = ?",
      versionId,
      secretId,
    );
  }

  /** The current version of a secret, if it has one. */
  currentVersion(s: Pick<SecretRecord, "id" | "currentVersionId">): VersionRecord | undefined {
    return s.currentVersionId ? this.getVersion(s.id, s.currentVersionId) : undefined;
  }

  listVersions(secretId: string, pageSize: number, pageToken: string | undefined): Page<VersionRecord> {
    return this.db.page(
      "SELECT * FROM versions WHERE secret_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [secretId],
      pageSize,
      pageToken,
      versionFrom,
    );
  }

  /** Versions of a secret not yet destroyed. */
  countLiveVersions(secretId: string): number {
    return (
      this.db.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM versions WHERE secret_id = ? AND status <> 'DESTROYED'",
        secretId,
      )?.n ?? 0
    );
  }

  /** Encrypts the entries and inserts them as the secret's new current version; returns its id. */
  insertVersion(
    secret: SecretRecord,
    createdAt: number,
    description: string,
    entries: readonly Entry[],
    passwordSpec: PasswordSpec | null,
  ): string {
    const id = newId("e6q");
    const plain = encodeEntries(entries);
    const blob = this.keyring.encryptPayload(
      secret.id,
      id,
      this.wrappedDek(secret.id),
      this.kms.kek(secret.kmsKeyId),
      plain,
    );
    plain.fill(0);
    this.db.run(
      "INSERT INTO versions (id, secret_id, created_at, description, status, destroy_at, entry_keys, password_spec, payload) VALUES (?, ?, ?, ?, 'ACTIVE', NULL, ?, ?, ?)",
      id,
      secret.id,
      createdAt,
      description,
      JSON.stringify(entries.map((e) => e.key)),
      passwordSpec ? JSON.stringify(passwordSpec) : null,
      blob,
    );
    this.setCurrentVersion(secret.id, id);
    return id;
  }

  /**
   * Decrypts a version's entries; FAILED_PRECONDITION when it is destroyed or its KMS key is
   * unusable. Decrypted entries are kept in memory for the current database generation (any write
   * drops them, zeroing their binary values), and every caller gets its own copy.
   */
  readEntries(secret: SecretRecord, versionId: string): Entry[] {
    const entries = this.plaintexts.get(`${secret.id}/${versionId}/${secret.kmsKeyId}`, () =>
      this.decryptEntries(secret, versionId),
    );
    return entries.map((e) => (e.binary ? { key: e.key, binary: Buffer.from(e.binary) } : { ...e }));
  }

  private decryptEntries(secret: SecretRecord, versionId: string): Entry[] {
    const r = this.db.get<{ payload: Uint8Array | null }>(
      "SELECT payload FROM versions WHERE id = ?",
      versionId,
    );
    if (!r || r.payload === null) throw errors.failedPrecondition(`Version ${versionId} is destroyed`);
    const plain = this.keyring.decryptPayload(
      secret.id,
      versionId,
      this.wrappedDek(secret.id),
      this.kms.kek(secret.kmsKeyId),
      r.payload,
    );
    try {
      return decodeEntries(plain);
    } finally {
      plain.fill(0);
    }
  }

  scheduleDestruction(versionId: string, destroyAt: number): void {
    this.db.run(
      "UPDATE versions SET status = 'SCHEDULED_FOR_DESTRUCTION', destroy_at = ? WHERE id = ?",
      destroyAt,
      versionId,
    );
  }

  cancelDestruction(versionId: string): void {
    this.db.run("UPDATE versions SET status = 'ACTIVE', destroy_at = NULL WHERE id = ?", versionId);
  }

  /** Destroys the versions whose destroyAt has passed (payload dropped); returns how many. */
  sweep(now: number): number {
    const next = this.nextDestroyAt();
    if (next === null || next > now) return 0;
    return this.db.transaction(() =>
      this.db.run(
        "UPDATE versions SET status = 'DESTROYED', payload = NULL, destroy_at = NULL WHERE status = 'SCHEDULED_FOR_DESTRUCTION' AND destroy_at <= ?",
        now,
      ),
    );
  }

  /** The earliest pending destroyAt, if any. */
  nextDestroyAt(): number | null {
    return (
      this.db.cachedGet<{ t: number | null }>(
        "SELECT MIN(destroy_at) AS t FROM versions WHERE status = 'SCHEDULED_FOR_DESTRUCTION'",
      )?.t ?? null
    );
  }

  private wrappedDek(secretId: string): Uint8Array {
    const r = this.db.cachedGet<{ wrapped_dek: Uint8Array }>(
      "SELECT wrapped_dek FROM secrets WHERE id = ?",
      secretId,
    );
    if (!r) throw errors.notFound(`Secret ${secretId} not found`);
    return r.wrapped_dek;
  }
}
