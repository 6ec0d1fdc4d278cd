/** Row mappers: a table row as node:sqlite returns it, to its record. */
import type { Row } from "./db";
import type {
  KmsKeyRecord,
  OperationRecord,
  SecretRecord,
  SecretStatus,
  SubjectRecord,
  VersionRecord,
} from "./records";

/** Parses a JSON column. */
export function json<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}

const nullableJson = <T>(v: unknown): T | null => (v === null ? null : json<T>(v));

export function secretFrom(r: Row): SecretRecord {
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
    passwordSpec: nullableJson(r.password_spec),
    readyAt: Number(r.ready_at),
  };
}

export function versionFrom(r: Row): VersionRecord {
  return {
    id: String(r.id),
    secretId: String(r.secret_id),
    createdAt: Number(r.created_at),
    description: String(r.description),
    status: String(r.status) as VersionRecord["status"],
    destroyAt: r.destroy_at === null ? null : Number(r.destroy_at),
    entryKeys: json(r.entry_keys),
    passwordSpec: nullableJson(r.password_spec),
  };
}

export function operationFrom(r: Row): OperationRecord {
  return {
    id: String(r.id),
    resourceId: String(r.resource_id),
    description: String(r.description),
    createdAt: Number(r.created_at),
    createdBy: String(r.created_by),
    doneAt: Number(r.done_at),
    metadata: json(r.metadata),
    response: nullableJson(r.response),
    error: nullableJson(r.error),
  };
}

export function kmsKeyFrom(r: Row): KmsKeyRecord {
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

export function subjectFrom(r: Row): SubjectRecord {
  return {
    id: String(r.id),
    type: String(r.type) as SubjectRecord["type"],
    name: String(r.name),
    folderId: String(r.folder_id),
    createdAt: Number(r.created_at),
  };
}
