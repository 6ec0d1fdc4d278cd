/**
 * The schema of lockbox.db as numbered migrations: the index + 1 is the version recorded in
 * schema_migrations. A migration, once released, never changes; a new one is appended.
 */
export const MIGRATIONS: string[] = [
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
