/**
 * The durable Store: SQLite through node:sqlite in `<data-dir>/lockbox.db`, WAL with
 * synchronous=FULL, schema versioned by numbered migrations. Every mutation runs inside one
 * `BEGIN IMMEDIATE … COMMIT` with its Operation and idempotency rows. Payloads are encrypted by the
 * Keyring before they reach SQL; tokens are stored only as hashes.
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatePassword, type PasswordSpec } from "../crypto/password";
import { Keyring } from "../crypto/envelope";
import { errors } from "../errors";
import { newId, newOauthToken, newIamToken, tokenHash } from "../ids";
import { kmsKeyJson, secretJson, typeUrl, versionJson, type Json } from "../wire";
import type { AccessCheck } from "../iam/roles";
import { MAX_ENTRIES } from "../limits";
import { keyReused } from "./idempotency";
import type {
  Binding,
  BindingResource,
  CreateKmsKeyInput,
  CreateSecretInput,
  EntryChange,
  KmsKeyPatch,
  KmsKeyRecord,
  MutationContext,
  OperationRecord,
  Page,
  PlainEntry,
  SecretPatch,
  SecretRecord,
  SecretStatus,
  Store,
  SubjectRecord,
  VersionRecord,
} from "./store";

/** Migrations in order; the index + 1 is the schema version recorded in schema_migrations. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE secrets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    folder_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    labels TEXT NOT NULL,
    kms_key_id TEXT NOT NULL,
    status TEXT NOT NULL,
    current_version_id TEXT,
    deletion_protection INTEGER NOT NULL,
    password_spec TEXT,
    wrapped_dek BLOB NOT NULL,
    ready_at INTEGER NOT NULL
  );
  CREATE INDEX secrets_folder ON secrets(folder_id, seq);
  CREATE UNIQUE INDEX secrets_name ON secrets(folder_id, name) WHERE name <> '';
  CREATE TABLE versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    secret_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    destroy_at INTEGER,
    entry_keys TEXT NOT NULL,
    password_spec TEXT,
    payload BLOB
  );
  CREATE INDEX versions_secret ON versions(secret_id, seq);
  CREATE INDEX versions_destroy ON versions(destroy_at) WHERE status = 'SCHEDULED_FOR_DESTRUCTION';
  CREATE TABLE operations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resource_id TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    done_at INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    response TEXT,
    error TEXT
  );
  CREATE INDEX operations_resource ON operations(resource_id, seq);
  CREATE TABLE idempotency (
    subject_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    operation_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (subject_id, key)
  );
  CREATE TABLE access_bindings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    role_id TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    UNIQUE (resource_type, resource_id, role_id, subject_type, subject_id)
  );
  CREATE INDEX bindings_subject ON access_bindings(subject_type, subject_id);
  CREATE TABLE kms_keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    folder_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    labels TEXT NOT NULL,
    status TEXT NOT NULL,
    default_algorithm TEXT NOT NULL,
    rotation_period TEXT NOT NULL,
    deletion_protection INTEGER NOT NULL,
    primary_version_id TEXT NOT NULL,
    material BLOB,
    deleted INTEGER NOT NULL DEFAULT 0,
    ready_at INTEGER NOT NULL
  );
  CREATE INDEX kms_keys_folder ON kms_keys(folder_id, seq);
  CREATE TABLE subjects (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    folder_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sa_keys (
    id TEXT PRIMARY KEY,
    service_account_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    public_key TEXT NOT NULL
  );
  CREATE TABLE oauth_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE iam_tokens (
    token_hash TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX iam_tokens_expiry ON iam_tokens(expires_at);
  `,
  // Idempotency rows keep the permission checks of the first call, so a replay can repeat them.
  `ALTER TABLE idempotency ADD COLUMN checks TEXT NOT NULL DEFAULT '[]';`,
];

/** Limits of §4 and §12 that only the store can check. */
const MAX_VERSION_BYTES = 65536;
const MAX_VERSIONS_PER_SECRET = 1000;
const MAX_SECRETS_PER_FOLDER = 10000;
const MAX_KMS_KEYS_PER_FOLDER = 100;

type Row = Record<string, SQLInputValue>;

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** Directory holding lockbox.db (created if missing). */
  dataDir: string;
  /** The keyring built from the master key. */
  keyring: Keyring;
}

/** The file name of the database inside the data dir. */
export const DB_FILE = "lockbox.db";

function encodeToken(seq: number): string {
  return Buffer.from(`s${seq}`, "utf8").toString("base64url");
}

function decodeToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const raw = Buffer.from(token, "base64url").toString("utf8");
  const m = /^s(\d{1,15})$/.exec(raw);
  if (!m) throw errors.invalidArgument("pageToken: invalid page token");
  return Number(m[1]);
}

function json<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}

/** SQLite implementation of {@link Store}. */
export class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  private readonly keyring: Keyring;

  constructor(options: SqliteStoreOptions) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    this.keyring = options.keyring;
    const file = path.join(options.dataDir, DB_FILE);
    this.db = new DatabaseSync(file);
    // SQLite gives the -wal/-shm files the database file's mode, so 0600 here covers all three.
    fs.chmodSync(file, 0o600);
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = FULL");
    this.db.exec("PRAGMA busy_timeout = 10000");
    this.db.exec("PRAGMA foreign_keys = ON");
    // Freed pages are zeroed so deleted ciphertext and token hashes do not linger in the file.
    this.db.exec("PRAGMA secure_delete = ON");
    this.migrate();
  }

  /** The current schema version. */
  schemaVersion(): number {
    const row = this.db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as {
      v: number | null;
    };
    return row.v ?? 0;
  }

  /** Runs `PRAGMA integrity_check` and returns its first line ("ok" when healthy). */
  integrityCheck(): string {
    const row = this.db.prepare("PRAGMA integrity_check").get() as Record<string, unknown>;
    return String(Object.values(row)[0]);
  }

  private migrate(): void {
    this.tx(() => {
      this.db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
      );
      const current = this.schemaVersion();
      for (let v = current + 1; v <= MIGRATIONS.length; v++) {
        this.db.exec(MIGRATIONS[v - 1]!);
        this.db
          .prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
          .run(v, Date.now());
      }
    });
  }

  private depth = 0;

  /** Runs fn in one write transaction (joining the one in progress); any throw rolls everything back. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.db.exec("BEGIN IMMEDIATE");
    this.depth++;
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    } finally {
      this.depth--;
    }
  }

  private tx<T>(fn: () => T): T {
    return this.transaction(fn);
  }

  private get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.db.prepare(sql).get(...params) as T | undefined;
  }

  private all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  private run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.db.prepare(sql).run(...params).changes);
  }

  // ------------------------------------------------------------------ lifecycle

  sweep(now: number): number {
    const due = this.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM versions WHERE status = 'SCHEDULED_FOR_DESTRUCTION' AND destroy_at <= ?",
      now,
    );
    if (!due || due.n === 0) return 0;
    return this.tx(() => {
      const r = this.db
        .prepare(
          "UPDATE versions SET status = 'DESTROYED', payload = NULL, destroy_at = NULL WHERE status = 'SCHEDULED_FOR_DESTRUCTION' AND destroy_at <= ?",
        )
        .run(now);
      return Number(r.changes);
    });
  }

  nextDestroyAt(): number | null {
    const row = this.get<{ t: number | null }>(
      "SELECT MIN(destroy_at) AS t FROM versions WHERE status = 'SCHEDULED_FOR_DESTRUCTION'",
    );
    return row?.t ?? null;
  }

  reset(): void {
    this.tx(() => {
      for (const t of [
        "secrets",
        "versions",
        "operations",
        "idempotency",
        "access_bindings",
        "kms_keys",
        "subjects",
        "sa_keys",
        "oauth_tokens",
        "iam_tokens",
      ]) {
        this.db.exec(`DELETE FROM ${t}`);
      }
    });
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  // ------------------------------------------------------------------ rows

  private secretFrom(r: Row): SecretRecord {
    return {
      id: String(r.id),
      folderId: String(r.folder_id),
      createdAt: Number(r.created_at),
      name: String(r.name),
      description: String(r.description),
      labels: json(r.labels),
      kmsKeyId: String(r.kms_key_id),
      status: String(r.status) as SecretStatus,
      currentVersionId: r.current_version_id === null ? null : String(r.current_version_id),
      deletionProtection: Number(r.deletion_protection) === 1,
      passwordSpec: r.password_spec === null ? null : json(r.password_spec),
      readyAt: Number(r.ready_at),
    };
  }

  private versionFrom(r: Row): VersionRecord {
    return {
      id: String(r.id),
      secretId: String(r.secret_id),
      createdAt: Number(r.created_at),
      description: String(r.description),
      status: String(r.status) as VersionRecord["status"],
      destroyAt: r.destroy_at === null ? null : Number(r.destroy_at),
      entryKeys: json(r.entry_keys),
      passwordSpec: r.password_spec === null ? null : json(r.password_spec),
    };
  }

  private operationFrom(r: Row): OperationRecord {
    return {
      id: String(r.id),
      resourceId: String(r.resource_id),
      description: String(r.description),
      createdAt: Number(r.created_at),
      createdBy: String(r.created_by),
      doneAt: Number(r.done_at),
      metadata: json(r.metadata),
      response: r.response === null ? null : json(r.response),
      error: r.error === null ? null : json(r.error),
    };
  }

  private kmsKeyFrom(r: Row): KmsKeyRecord {
    return {
      id: String(r.id),
      folderId: String(r.folder_id),
      createdAt: Number(r.created_at),
      name: String(r.name),
      description: String(r.description),
      labels: json(r.labels),
      status: String(r.status) as KmsKeyRecord["status"],
      defaultAlgorithm: String(r.default_algorithm),
      rotationPeriod: String(r.rotation_period),
      deletionProtection: Number(r.deletion_protection) === 1,
      primaryVersionId: String(r.primary_version_id),
      readyAt: Number(r.ready_at),
    };
  }

  private subjectFrom(r: Row): SubjectRecord {
    return {
      id: String(r.id),
      type: String(r.type) as SubjectRecord["type"],
      name: String(r.name),
      folderId: String(r.folder_id),
      createdAt: Number(r.created_at),
    };
  }

  // ------------------------------------------------------------------ operations

  /**
   * Runs a mutation and records its Operation (and the idempotency key) in the same transaction.
   * Looking a key up before (and replaying) is the service's job (server/service/context.ts).
   */
  private mutate(
    ctx: MutationContext,
    fn: () => {
      resourceId: string;
      description: string;
      metadata: Json;
      response: Json;
      /** The id prefix of the service that runs the operation: "abj" for KMS (§15.3), "e6q" otherwise. */
      idPrefix?: "abj";
    },
  ): OperationRecord {
    return this.tx(() => {
      const result = fn();
      const op: OperationRecord = {
        id: newId(result.idPrefix ?? "e6q"),
        resourceId: result.resourceId,
        description: result.description,
        createdAt: ctx.now,
        createdBy: ctx.subjectId,
        doneAt: ctx.now + ctx.delayMs,
        metadata: result.metadata,
        response: result.response,
        error: null,
      };
      this.run(
        "INSERT INTO operations (id, resource_id, description, created_at, created_by, done_at, metadata, response, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        op.id,
        op.resourceId,
        op.description,
        op.createdAt,
        op.createdBy,
        op.doneAt,
        JSON.stringify(op.metadata),
        JSON.stringify(op.response),
      );
      if (ctx.idempotencyKey !== undefined) {
        this.run(
          "INSERT INTO idempotency (subject_id, key, fingerprint, operation_id, created_at, checks) VALUES (?, ?, ?, ?, ?, ?)",
          ctx.subjectId,
          ctx.idempotencyKey,
          ctx.fingerprint,
          op.id,
          ctx.now,
          JSON.stringify(ctx.checks ?? []),
        );
      }
      return op;
    });
  }

  findIdempotent(
    subjectId: string,
    key: string,
    fingerprint: string,
  ): { operation: OperationRecord; checks: AccessCheck[] } | undefined {
    const row = this.get<{ fingerprint: string; operation_id: string; checks: string }>(
      "SELECT fingerprint, operation_id, checks FROM idempotency WHERE subject_id = ? AND key = ?",
      subjectId,
      key,
    );
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) throw keyReused();
    const operation = this.getOperation(row.operation_id);
    return operation ? { operation, checks: json<AccessCheck[]>(row.checks) } : undefined;
  }

  mac(text: string): string {
    return this.keyring.mac(text);
  }

  getOperation(id: string): OperationRecord | undefined {
    const r = this.get<Row>("SELECT * FROM operations WHERE id = ?", id);
    return r ? this.operationFrom(r) : undefined;
  }

  listOperations(resourceId: string, pageSize: number, pageToken: string | undefined): Page<OperationRecord> {
    return this.page(
      "SELECT * FROM operations WHERE resource_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [resourceId],
      pageSize,
      pageToken,
      (r) => this.operationFrom(r),
    );
  }

  private page<T>(
    sql: string,
    params: SQLInputValue[],
    pageSize: number,
    pageToken: string | undefined,
    map: (r: Row) => T,
  ): Page<T> {
    const size = pageSize > 0 ? pageSize : 100;
    const after = decodeToken(pageToken);
    const rows = this.all<Row>(sql, ...params, after, size + 1);
    const more = rows.length > size;
    const pageRows = more ? rows.slice(0, size) : rows;
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map(map),
      nextPageToken: more && last ? encodeToken(Number(last.seq)) : "",
    };
  }

  // ------------------------------------------------------------------ secrets

  /** What a secret-level method returns: `yandex.cloud.lockbox.v1.<metadataType>{secretId}` and the Secret. */
  private secretResult(secretId: string, description: string, metadataType: string, secret: Json) {
    return {
      resourceId: secretId,
      description,
      metadata: { "@type": typeUrl(`yandex.cloud.lockbox.v1.${metadataType}`), secretId },
      response: { "@type": typeUrl("yandex.cloud.lockbox.v1.Secret"), ...secret },
    };
  }

  /**
   * What a version-level method returns: `yandex.cloud.lockbox.v1.<metadataType>{secretId, versionId,
   * ...extra}` and the Version as it stands after the change.
   */
  private versionResult(
    secretId: string,
    versionId: string,
    description: string,
    metadataType: string,
    extra: Json = {},
  ) {
    return {
      resourceId: secretId,
      description,
      metadata: {
        "@type": typeUrl(`yandex.cloud.lockbox.v1.${metadataType}`),
        secretId,
        versionId,
        ...extra,
      },
      response: {
        "@type": typeUrl("yandex.cloud.lockbox.v1.Version"),
        ...versionJson(this.requireVersion(secretId, versionId)),
      },
    };
  }

  getSecret(id: string): SecretRecord | undefined {
    const r = this.get<Row>("SELECT * FROM secrets WHERE id = ?", id);
    return r ? this.secretFrom(r) : undefined;
  }

  findSecretByName(folderId: string, name: string): SecretRecord | undefined {
    const r = this.get<Row>("SELECT * FROM secrets WHERE folder_id = ? AND name = ?", folderId, name);
    return r ? this.secretFrom(r) : undefined;
  }

  listSecrets(folderId: string, pageSize: number, pageToken: string | undefined): Page<SecretRecord> {
    return this.page(
      "SELECT * FROM secrets WHERE folder_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [folderId],
      pageSize,
      pageToken,
      (r) => this.secretFrom(r),
    );
  }

  getVersion(secretId: string, versionId: string): VersionRecord | undefined {
    const r = this.get<Row>("SELECT * FROM versions WHERE id = ? AND secret_id = ?", versionId, secretId);
    return r ? this.versionFrom(r) : undefined;
  }

  listVersions(secretId: string, pageSize: number, pageToken: string | undefined): Page<VersionRecord> {
    return this.page(
      "SELECT * FROM versions WHERE secret_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [secretId],
      pageSize,
      pageToken,
      (r) => this.versionFrom(r),
    );
  }

  private requireSecret(id: string): SecretRecord {
    const s = this.getSecret(id);
    if (!s) throw errors.notFound(`Secret ${id} not found`);
    return s;
  }

  private requireVersion(secretId: string, versionId: string): VersionRecord {
    const v = this.getVersion(secretId, versionId);
    if (!v) throw errors.notFound(`Version ${versionId} of secret ${secretId} not found`);
    return v;
  }

  private secretOut(id: string, now: number, readyOverride?: boolean): Json {
    const s = this.requireSecret(id);
    const current = s.currentVersionId ? this.getVersion(id, s.currentVersionId) : undefined;
    // A Create operation's response shows the secret as it is once the operation is done.
    return secretJson(readyOverride ? { ...s, readyAt: 0 } : s, current, now);
  }

  private checkName(folderId: string, name: string, exceptId: string): void {
    if (name === "") return;
    const other = this.findSecretByName(folderId, name);
    if (other && other.id !== exceptId) {
      throw errors.alreadyExists(`Secret with name "${name}" already exists in folder ${folderId}`);
    }
  }

  /** The KMS key of a secret must exist and be ACTIVE to encrypt or decrypt (§15.6 suggestion). */
  private kekFor(kmsKeyId: string): { keyId: string; material: Uint8Array | null } {
    if (kmsKeyId === "") return { keyId: "", material: null };
    const r = this.get<Row>("SELECT status, material, deleted FROM kms_keys WHERE id = ?", kmsKeyId);
    if (!r || Number(r.deleted) === 1 || r.material === null) {
      throw errors.failedPrecondition(`KMS key ${kmsKeyId} does not exist or was deleted`);
    }
    if (String(r.status) !== "ACTIVE") throw errors.failedPrecondition(`KMS key ${kmsKeyId} is not ACTIVE`);
    return { keyId: kmsKeyId, material: r.material as Uint8Array };
  }

  private insertVersion(
    secret: { id: string; kmsKeyId: string; wrappedDek: Uint8Array },
    now: number,
    description: string,
    entries: PlainEntry[],
    passwordSpec: PasswordSpec | null,
  ): string {
    let total = 0;
    for (const e of entries) total += e.binary ? e.binary.length : Buffer.byteLength(e.text ?? "", "utf8");
    if (total > MAX_VERSION_BYTES) {
      throw errors.invalidArgument(`payload entries: the values of one version must total at most 64 KB`);
    }
    const live = this.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM versions WHERE secret_id = ? AND status <> 'DESTROYED'",
      secret.id,
    );
    if ((live?.n ?? 0) >= MAX_VERSIONS_PER_SECRET) {
      throw errors.resourceExhausted(
        `Quota exceeded: at most ${MAX_VERSIONS_PER_SECRET} versions per secret`,
      );
    }
    const id = newId("e6q");
    const plain = Buffer.from(
      JSON.stringify(
        entries.map((e) =>
          e.binary ? { k: e.key, b: e.binary.toString("base64") } : { k: e.key, t: e.text ?? "" },
        ),
      ),
      "utf8",
    );
    const blob = this.keyring.encryptPayload(
      secret.id,
      id,
      secret.wrappedDek,
      this.kekFor(secret.kmsKeyId),
      plain,
    );
    plain.fill(0);
    this.run(
      "INSERT INTO versions (id, secret_id, created_at, description, status, destroy_at, entry_keys, password_spec, payload) VALUES (?, ?, ?, ?, 'ACTIVE', NULL, ?, ?, ?)",
      id,
      secret.id,
      now,
      description,
      JSON.stringify(entries.map((e) => e.key)),
      passwordSpec ? JSON.stringify(passwordSpec) : null,
      blob,
    );
    this.run("UPDATE secrets SET current_version_id = ? WHERE id = ?", id, secret.id);
    return id;
  }

  private wrappedDek(secretId: string): Uint8Array {
    const r = this.get<{ wrapped_dek: Uint8Array }>("SELECT wrapped_dek FROM secrets WHERE id = ?", secretId);
    if (!r) throw errors.notFound(`Secret ${secretId} not found`);
    return r.wrapped_dek;
  }

  createSecret(ctx: MutationContext, input: CreateSecretInput): OperationRecord {
    return this.mutate(ctx, () => {
      this.checkName(input.folderId, input.name, "");
      const count = this.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM secrets WHERE folder_id = ?",
        input.folderId,
      );
      if ((count?.n ?? 0) >= MAX_SECRETS_PER_FOLDER) {
        throw errors.resourceExhausted(
          `Quota exceeded: at most ${MAX_SECRETS_PER_FOLDER} secrets per folder`,
        );
      }
      const kek = this.kekFor(input.kmsKeyId);
      const id = newId("e6q");
      const wrappedDek = this.keyring.newDataKey(id, kek.material, kek.keyId);
      this.run(
        "INSERT INTO secrets (id, folder_id, created_at, name, description, labels, kms_key_id, status, current_version_id, deletion_protection, password_spec, wrapped_dek, ready_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', NULL, ?, ?, ?, ?)",
        id,
        input.folderId,
        ctx.now,
        input.name,
        input.description,
        JSON.stringify(input.labels),
        input.kmsKeyId,
        input.deletionProtection ? 1 : 0,
        input.passwordSpec ? JSON.stringify(input.passwordSpec) : null,
        wrappedDek,
        ctx.now + ctx.delayMs,
      );
      let versionId: string | undefined;
      if (input.firstVersion) {
        const entries: PlainEntry[] = input.passwordSpec
          ? [{ key: input.passwordSpec.passwordKey, text: generatePassword(input.passwordSpec) }]
          : applyChanges([], input.firstVersion.entries ?? [], true);
        versionId = this.insertVersion(
          { id, kmsKeyId: input.kmsKeyId, wrappedDek },
          ctx.now,
          input.firstVersion.description,
          entries,
          input.passwordSpec,
        );
      }
      const metadata: Json = {
        "@type": typeUrl("yandex.cloud.lockbox.v1.CreateSecretMetadata"),
        secretId: id,
      };
      if (versionId) metadata.versionId = versionId;
      return {
        resourceId: id,
        description: "Create secret",
        metadata,
        response: {
          "@type": typeUrl("yandex.cloud.lockbox.v1.Secret"),
          ...this.secretOut(id, ctx.now, true),
        },
      };
    });
  }

  updateSecret(ctx: MutationContext, id: string, patch: SecretPatch): OperationRecord {
    return this.mutate(ctx, () => {
      const s = this.requireSecret(id);
      if ("name" in patch) this.checkName(s.folderId, patch.name ?? "", id);
      if ("passwordSpec" in patch && !s.passwordSpec) {
        throw errors.failedPrecondition(
          "passwordPayloadSpecification can only be updated on a secret created with one",
        );
      }
      this.run(
        "UPDATE secrets SET name = ?, description = ?, labels = ?, deletion_protection = ?, password_spec = ? WHERE id = ?",
        "name" in patch ? (patch.name ?? "") : s.name,
        "description" in patch ? (patch.description ?? "") : s.description,
        JSON.stringify("labels" in patch ? (patch.labels ?? {}) : s.labels),
        ("deletionProtection" in patch ? (patch.deletionProtection ?? false) : s.deletionProtection) ? 1 : 0,
        patch.passwordSpec
          ? JSON.stringify(patch.passwordSpec)
          : s.passwordSpec
            ? JSON.stringify(s.passwordSpec)
            : null,
        id,
      );
      return this.secretResult(id, "Update secret", "UpdateSecretMetadata", this.secretOut(id, ctx.now));
    });
  }

  deleteSecret(ctx: MutationContext, id: string): OperationRecord {
    return this.mutate(ctx, () => {
      const s = this.requireSecret(id);
      if (s.deletionProtection) {
        throw errors.failedPrecondition(
          `Secret ${id} is protected from deletion; clear deletionProtection first`,
        );
      }
      const snapshot = this.secretOut(id, ctx.now);
      this.run("DELETE FROM versions WHERE secret_id = ?", id);
      this.run("DELETE FROM access_bindings WHERE resource_type = 'secret' AND resource_id = ?", id);
      this.run("DELETE FROM secrets WHERE id = ?", id);
      return this.secretResult(id, "Delete secret", "DeleteSecretMetadata", snapshot);
    });
  }

  setSecretStatus(ctx: MutationContext, id: string, status: SecretStatus): OperationRecord {
    return this.mutate(ctx, () => {
      this.requireSecret(id);
      this.run("UPDATE secrets SET status = ? WHERE id = ?", status, id);
      const name = status === "ACTIVE" ? "Activate" : "Deactivate";
      return this.secretResult(id, `${name} secret`, `${name}SecretMetadata`, this.secretOut(id, ctx.now));
    });
  }

  private readEntries(secret: SecretRecord, versionId: string): PlainEntry[] {
    const r = this.get<{ payload: Uint8Array | null }>(
      "SELECT payload FROM versions WHERE id = ?",
      versionId,
    );
    if (!r || r.payload === null) throw errors.failedPrecondition(`Version ${versionId} is destroyed`);
    const plain = this.keyring.decryptPayload(
      secret.id,
      versionId,
      this.wrappedDek(secret.id),
      this.kekFor(secret.kmsKeyId),
      r.payload,
    );
    const items = json<Array<{ k: string; t?: string; b?: string }>>(plain.toString("utf8"));
    plain.fill(0);
    return items.map((i) =>
      i.b !== undefined ? { key: i.k, binary: Buffer.from(i.b, "base64") } : { key: i.k, text: i.t ?? "" },
    );
  }

  addVersion(
    ctx: MutationContext,
    secretId: string,
    input: { description: string; changes: EntryChange[]; baseVersionId: string },
  ): OperationRecord {
    return this.mutate(ctx, () => {
      const s = this.requireSecret(secretId);
      let entries: PlainEntry[];
      if (s.passwordSpec) {
        if (input.changes.length > 0) {
          throw errors.invalidArgument(
            "payloadEntries: must be empty for a secret with a passwordPayloadSpecification",
          );
        }
        entries = [{ key: s.passwordSpec.passwordKey, text: generatePassword(s.passwordSpec) }];
      } else {
        let base: PlainEntry[] = [];
        if (input.baseVersionId !== "") {
          const bv = this.requireVersion(secretId, input.baseVersionId);
          if (bv.status === "DESTROYED") {
            throw errors.failedPrecondition(`Base version ${bv.id} is destroyed and has no payload`);
          }
          base = this.readEntries(s, bv.id);
        } else if (s.currentVersionId) {
          const cv = this.getVersion(secretId, s.currentVersionId);
          // A destroyed current version has no payload: the new version starts empty (COMPATIBILITY.md).
          if (cv && cv.status !== "DESTROYED") base = this.readEntries(s, cv.id);
        }
        entries = applyChanges(base, input.changes, false);
      }
      const versionId = this.insertVersion(
        { id: s.id, kmsKeyId: s.kmsKeyId, wrappedDek: this.wrappedDek(s.id) },
        ctx.now,
        input.description,
        entries,
        s.passwordSpec,
      );
      return this.versionResult(secretId, versionId, "Add version", "AddVersionMetadata");
    });
  }

  setCurrentVersion(ctx: MutationContext, secretId: string, versionId: string): OperationRecord {
    return this.mutate(ctx, () => {
      this.requireSecret(secretId);
      const v = this.requireVersion(secretId, versionId);
      if (v.status === "DESTROYED") throw errors.failedPrecondition(`Version ${versionId} is destroyed`);
      this.run("UPDATE secrets SET current_version_id = ? WHERE id = ?", versionId, secretId);
      return this.versionResult(secretId, versionId, "Set current version", "SetCurrentVersionMetadata");
    });
  }

  scheduleVersionDestruction(
    ctx: MutationContext,
    secretId: string,
    versionId: string,
    pendingMs: number,
  ): OperationRecord {
    return this.mutate(ctx, () => {
      this.requireSecret(secretId);
      const v = this.requireVersion(secretId, versionId);
      if (v.status !== "ACTIVE") {
        throw errors.failedPrecondition(
          `Version ${versionId} is ${v.status}; only an ACTIVE version can be scheduled`,
        );
      }
      const destroyAt = ctx.now + pendingMs;
      this.run(
        "UPDATE versions SET status = 'SCHEDULED_FOR_DESTRUCTION', destroy_at = ? WHERE id = ?",
        destroyAt,
        versionId,
      );
      return this.versionResult(
        secretId,
        versionId,
        "Schedule version destruction",
        "ScheduleVersionDestructionMetadata",
        { destroyAt: new Date(destroyAt).toISOString() },
      );
    });
  }

  cancelVersionDestruction(ctx: MutationContext, secretId: string, versionId: string): OperationRecord {
    return this.mutate(ctx, () => {
      this.requireSecret(secretId);
      const v = this.requireVersion(secretId, versionId);
      if (v.status !== "SCHEDULED_FOR_DESTRUCTION") {
        throw errors.failedPrecondition(`Version ${versionId} is ${v.status}, not SCHEDULED_FOR_DESTRUCTION`);
      }
      this.run("UPDATE versions SET status = 'ACTIVE', destroy_at = NULL WHERE id = ?", versionId);
      return this.versionResult(
        secretId,
        versionId,
        "Cancel version destruction",
        "CancelVersionDestructionMetadata",
      );
    });
  }

  // ------------------------------------------------------------------ payload

  getPayload(secretId: string, versionId: string | undefined): { versionId: string; entries: PlainEntry[] } {
    const s = this.requireSecret(secretId);
    if (s.status !== "ACTIVE") throw errors.failedPrecondition(`Secret ${secretId} is ${s.status}`);
    const id = versionId || s.currentVersionId;
    if (!id) throw errors.notFound(`Secret ${secretId} has no current version`);
    const v = this.requireVersion(secretId, id);
    if (v.status === "DESTROYED") throw errors.failedPrecondition(`Version ${id} is destroyed`);
    return { versionId: id, entries: this.readEntries(s, id) };
  }

  // ------------------------------------------------------------------ access bindings

  listBindings(
    type: BindingResource,
    resourceId: string,
    pageSize: number,
    pageToken: string | undefined,
  ): Page<Binding> {
    return this.page(
      "SELECT * FROM access_bindings WHERE resource_type = ? AND resource_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [type, resourceId],
      pageSize,
      pageToken,
      (r) => ({
        roleId: String(r.role_id),
        subject: { type: String(r.subject_type), id: String(r.subject_id) },
      }),
    );
  }

  private bindingOp(type: BindingResource, resourceId: string, verb: "Set" | "Update") {
    // Secrets, KMS keys and folders all use the shared yandex.cloud.access metadata (§5.2).
    const ns = "yandex.cloud.access";
    return {
      ...(type === "kms-key" ? { idPrefix: "abj" as const } : {}),
      resourceId,
      description: `${verb} access bindings`,
      metadata: { "@type": typeUrl(`${ns}.${verb}AccessBindingsMetadata`), resourceId },
      response: { "@type": typeUrl("google.protobuf.Empty") },
    };
  }

  private insertBinding(type: BindingResource, resourceId: string, b: Binding): void {
    this.run(
      "INSERT OR IGNORE INTO access_bindings (resource_type, resource_id, role_id, subject_type, subject_id) VALUES (?, ?, ?, ?, ?)",
      type,
      resourceId,
      b.roleId,
      b.subject.type,
      b.subject.id,
    );
  }

  setBindings(
    ctx: MutationContext,
    type: BindingResource,
    resourceId: string,
    bindings: Binding[],
  ): OperationRecord {
    return this.mutate(ctx, () => {
      this.run("DELETE FROM access_bindings WHERE resource_type = ? AND resource_id = ?", type, resourceId);
      for (const b of bindings) this.insertBinding(type, resourceId, b);
      return this.bindingOp(type, resourceId, "Set");
    });
  }

  updateBindings(
    ctx: MutationContext,
    type: BindingResource,
    resourceId: string,
    deltas: Array<{ action: "ADD" | "REMOVE"; binding: Binding }>,
  ): OperationRecord {
    return this.mutate(ctx, () => {
      // ADD of an existing binding and REMOVE of a missing one are no-ops (§5.14 suggestion).
      for (const d of deltas) {
        if (d.action === "ADD") this.insertBinding(type, resourceId, d.binding);
        else {
          this.run(
            "DELETE FROM access_bindings WHERE resource_type = ? AND resource_id = ? AND role_id = ? AND subject_type = ? AND subject_id = ?",
            type,
            resourceId,
            d.binding.roleId,
            d.binding.subject.type,
            d.binding.subject.id,
          );
        }
      }
      return this.bindingOp(type, resourceId, "Update");
    });
  }

  rolesOf(
    subject: { type: string; id: string },
    resources: Array<{ type: BindingResource; id: string }>,
  ): Set<string> {
    const roles = new Set<string>();
    if (resources.length === 0) return roles;
    const where = resources.map(() => "(resource_type = ? AND resource_id = ?)").join(" OR ");
    const params: SQLInputValue[] = resources.flatMap((r) => [r.type, r.id]);
    const rows = this.all<{ role_id: string }>(
      `SELECT role_id FROM access_bindings WHERE (${where}) AND ((subject_type = ? AND subject_id = ?) OR (subject_type = 'system' AND subject_id IN ('allAuthenticatedUsers', 'allUsers')))`,
      ...params,
      subject.type,
      subject.id,
    );
    for (const r of rows) roles.add(r.role_id);
    return roles;
  }

  // ------------------------------------------------------------------ KMS

  getKmsKey(id: string): KmsKeyRecord | undefined {
    const r = this.get<Row>("SELECT * FROM kms_keys WHERE id = ? AND deleted = 0", id);
    return r ? this.kmsKeyFrom(r) : undefined;
  }

  listKmsKeys(folderId: string, pageSize: number, pageToken: string | undefined): Page<KmsKeyRecord> {
    return this.page(
      "SELECT * FROM kms_keys WHERE folder_id = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?",
      [folderId],
      pageSize,
      pageToken,
      (r) => this.kmsKeyFrom(r),
    );
  }

  createKmsKey(ctx: MutationContext, input: CreateKmsKeyInput): OperationRecord {
    return this.mutate(ctx, () => {
      const count = this.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM kms_keys WHERE folder_id = ? AND deleted = 0",
        input.folderId,
      );
      if ((count?.n ?? 0) >= MAX_KMS_KEYS_PER_FOLDER) {
        throw errors.resourceExhausted(`Quota exceeded: at most ${MAX_KMS_KEYS_PER_FOLDER} keys per folder`);
      }
      const id = newId("abj");
      const versionId = newId("abj");
      // KMS captures show whole-second createdAt (§15.3).
      const createdAt = Math.floor(ctx.now / 1000) * 1000;
      this.run(
        "INSERT INTO kms_keys (id, folder_id, created_at, name, description, labels, status, default_algorithm, rotation_period, deletion_protection, primary_version_id, material, deleted, ready_at) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, 0, ?)",
        id,
        input.folderId,
        createdAt,
        input.name,
        input.description,
        JSON.stringify(input.labels),
        input.defaultAlgorithm,
        input.rotationPeriod,
        input.deletionProtection ? 1 : 0,
        versionId,
        this.keyring.newKmsMaterial(id),
        ctx.now + ctx.delayMs,
      );
      const key = this.getKmsKey(id)!;
      return {
        idPrefix: "abj",
        resourceId: id,
        description: "create symmetric key",
        metadata: {
          "@type": typeUrl("yandex.cloud.kms.v1.CreateSymmetricKeyMetadata"),
          keyId: id,
          primaryVersionId: versionId,
        },
        response: {
          "@type": typeUrl("yandex.cloud.kms.v1.SymmetricKey"),
          ...kmsKeyJson({ ...key, readyAt: 0 }, ctx.now),
        },
      };
    });
  }

  updateKmsKey(ctx: MutationContext, id: string, patch: KmsKeyPatch): OperationRecord {
    return this.mutate(ctx, () => {
      const key = this.getKmsKey(id);
      if (!key) throw errors.notFound(`Key ${id} not found`);
      const next: KmsKeyRecord = { ...key, ...patch };
      this.run(
        "UPDATE kms_keys SET name = ?, description = ?, labels = ?, status = ?, default_algorithm = ?, rotation_period = ?, deletion_protection = ? WHERE id = ?",
        next.name,
        next.description,
        JSON.stringify(next.labels),
        next.status,
        next.defaultAlgorithm,
        next.rotationPeriod,
        next.deletionProtection ? 1 : 0,
        id,
      );
      return {
        idPrefix: "abj",
        resourceId: id,
        // The description captured from the real service (§15.4).
        description: "update key",
        metadata: { "@type": typeUrl("yandex.cloud.kms.v1.UpdateSymmetricKeyMetadata"), keyId: id },
        response: {
          "@type": typeUrl("yandex.cloud.kms.v1.SymmetricKey"),
          ...kmsKeyJson(this.getKmsKey(id)!, ctx.now),
        },
      };
    });
  }

  deleteKmsKey(ctx: MutationContext, id: string): OperationRecord {
    return this.mutate(ctx, () => {
      const key = this.getKmsKey(id);
      if (!key) throw errors.notFound(`Key ${id} not found`);
      if (key.deletionProtection) {
        throw errors.failedPrecondition(
          `Key ${id} is protected from deletion; clear deletionProtection first`,
        );
      }
      // The material is dropped at once: data encrypted under this key becomes unreadable (§15.4).
      this.run("UPDATE kms_keys SET deleted = 1, material = NULL WHERE id = ?", id);
      this.run("DELETE FROM access_bindings WHERE resource_type = 'kms-key' AND resource_id = ?", id);
      return {
        idPrefix: "abj",
        resourceId: id,
        description: "delete symmetric key",
        metadata: { "@type": typeUrl("yandex.cloud.kms.v1.DeleteSymmetricKeyMetadata"), keyId: id },
        response: { "@type": typeUrl("yandex.cloud.kms.v1.SymmetricKey"), ...kmsKeyJson(key, ctx.now) },
      };
    });
  }

  // ------------------------------------------------------------------ identities

  createServiceAccount(name: string, folderId: string, now: number): SubjectRecord {
    const id = newId("aje");
    this.tx(() =>
      this.run(
        "INSERT INTO subjects (id, type, name, folder_id, created_at) VALUES (?, 'serviceAccount', ?, ?, ?)",
        id,
        name,
        folderId,
        now,
      ),
    );
    return this.getSubject(id)!;
  }

  createUser(name: string, now: number): { user: SubjectRecord; oauthToken: string } {
    const id = newId("aje");
    const oauthToken = newOauthToken();
    this.tx(() => {
      this.run(
        "INSERT INTO subjects (id, type, name, folder_id, created_at) VALUES (?, 'userAccount', ?, '', ?)",
        id,
        name,
        now,
      );
      this.run(
        "INSERT INTO oauth_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)",
        tokenHash(oauthToken),
        id,
        now,
      );
    });
    return { user: this.getSubject(id)!, oauthToken };
  }

  getSubject(id: string): SubjectRecord | undefined {
    const r = this.get<Row>("SELECT * FROM subjects WHERE id = ?", id);
    return r ? this.subjectFrom(r) : undefined;
  }

  addServiceAccountKey(
    serviceAccountId: string,
    publicKeyPem: string,
    now: number,
  ): { id: string; createdAt: number } {
    const sa = this.getSubject(serviceAccountId);
    if (!sa || sa.type !== "serviceAccount")
      throw errors.notFound(`Service account ${serviceAccountId} not found`);
    const id = newId("aje");
    this.tx(() =>
      this.run(
        "INSERT INTO sa_keys (id, service_account_id, created_at, public_key) VALUES (?, ?, ?, ?)",
        id,
        serviceAccountId,
        now,
        publicKeyPem,
      ),
    );
    return { id, createdAt: now };
  }

  getServiceAccountKey(id: string): { id: string; serviceAccountId: string; publicKey: string } | undefined {
    const r = this.get<Row>("SELECT * FROM sa_keys WHERE id = ?", id);
    return r
      ? { id: String(r.id), serviceAccountId: String(r.service_account_id), publicKey: String(r.public_key) }
      : undefined;
  }

  findUserByOauthToken(token: string): SubjectRecord | undefined {
    const r = this.get<{ user_id: string }>(
      "SELECT user_id FROM oauth_tokens WHERE token_hash = ?",
      tokenHash(token),
    );
    return r ? this.getSubject(r.user_id) : undefined;
  }

  issueIamToken(subject: SubjectRecord, now: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = newIamToken();
    const expiresAt = now + ttlMs;
    this.tx(() => {
      this.run("DELETE FROM iam_tokens WHERE expires_at <= ?", now);
      this.run(
        "INSERT INTO iam_tokens (token_hash, subject_id, expires_at) VALUES (?, ?, ?)",
        tokenHash(token),
        subject.id,
        expiresAt,
      );
    });
    return { token, expiresAt };
  }

  findIamToken(token: string, now: number): SubjectRecord | undefined {
    const r = this.get<{ subject_id: string; expires_at: number }>(
      "SELECT subject_id, expires_at FROM iam_tokens WHERE token_hash = ?",
      tokenHash(token),
    );
    if (!r || r.expires_at <= now) return undefined;
    return this.getSubject(r.subject_id);
  }

  revokeIamToken(token: string): boolean {
    return this.tx(() => this.run("DELETE FROM iam_tokens WHERE token_hash = ?", tokenHash(token))) > 0;
  }

  revokeSubjectTokens(subjectId: string): number {
    return this.tx(() => this.run("DELETE FROM iam_tokens WHERE subject_id = ?", subjectId));
  }

  deleteServiceAccountKey(id: string): boolean {
    return this.tx(() => this.run("DELETE FROM sa_keys WHERE id = ?", id)) > 0;
  }

  deleteServiceAccount(id: string): boolean {
    return this.tx(() => {
      const sa = this.getSubject(id);
      if (!sa || sa.type !== "serviceAccount") return false;
      this.run("DELETE FROM sa_keys WHERE service_account_id = ?", id);
      this.run("DELETE FROM iam_tokens WHERE subject_id = ?", id);
      this.run("DELETE FROM subjects WHERE id = ?", id);
      return true;
    });
  }
}

/**
 * Applies entry changes to a base (§5.9): a value sets the key (new keys go last), no value or an
 * empty textValue removes it. In a Create (`strict`), every entry must carry a value and keys must be
 * unique.
 */
export function applyChanges(base: PlainEntry[], changes: EntryChange[], strict: boolean): PlainEntry[] {
  // A Map keeps insertion order: a replaced key keeps its place, a removed then re-added key goes
  // last, as with the list splice/push this replaces, but in linear time.
  const out = new Map<string, PlainEntry>(base.map((e) => [e.key, { ...e }]));
  const seen = new Set<string>();
  for (const c of changes) {
    if (strict) {
      if (seen.has(c.key)) throw errors.invalidArgument(`versionPayloadEntries: duplicate key "${c.key}"`);
      if (c.text === undefined && c.binary === undefined) {
        throw errors.invalidArgument(
          `versionPayloadEntries: entry "${c.key}" needs a textValue or binaryValue`,
        );
      }
    }
    seen.add(c.key);
    const remove = !strict && c.binary === undefined && (c.text === undefined || c.text === "");
    if (remove) {
      out.delete(c.key);
      continue;
    }
    out.set(
      c.key,
      c.binary !== undefined ? { key: c.key, binary: c.binary } : { key: c.key, text: c.text ?? "" },
    );
  }
  if (out.size > MAX_ENTRIES) {
    throw errors.invalidArgument(`payload entries: one version may hold at most ${MAX_ENTRIES} entries`);
  }
  return [...out.values()];
}
