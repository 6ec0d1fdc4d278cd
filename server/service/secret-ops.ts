/**
 * What each SecretService mutation does to the store, with its rules (unique names, quotas,
 * deletion protection, entry merging, generated passwords) and the Operation it records. Called
 * inside the mutation's transaction after the request was validated and authorized.
 */
import { generatePassword } from "../crypto/password";
import { errors } from "../errors";
import type {
  Entry,
  Json,
  MutationContext,
  OperationRecord,
  PasswordSpec,
  SecretRecord,
  SecretStatus,
  Store,
  VersionRecord,
} from "../store/store";
import type { NewSecret } from "../store/secrets";
import { packed, secretJson, versionJson } from "../wire";
import { applyChanges, checkNewVersion, MAX_SECRETS_PER_FOLDER } from "./entries";

const LOCKBOX = "yandex.cloud.lockbox.v1";

/** Fields a Create sets (validated already), and the first version to create, if any. */
export type CreateSecretInput = Omit<NewSecret, "createdAt" | "readyAt"> & {
  /** Its entries, or null to generate the password. */
  firstVersion: { description: string; entries: Entry[] | null } | null;
};

/** Fields an Update changes; each key present is set. */
export interface SecretPatch {
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  deletionProtection?: boolean;
  passwordSpec?: PasswordSpec;
}

function requireSecret(store: Store, id: string): SecretRecord {
  const s = store.secrets.get(id);
  if (!s) throw errors.notFound(`Secret ${id} not found`);
  return s;
}

function requireVersion(store: Store, secretId: string, versionId: string): VersionRecord {
  const v = store.secrets.getVersion(secretId, versionId);
  if (!v) throw errors.notFound(`Version ${versionId} of secret ${secretId} not found`);
  return v;
}

/** A version of an existing secret (NOT_FOUND naming whichever is missing). */
function existingVersion(store: Store, secretId: string, versionId: string): VersionRecord {
  requireSecret(store, secretId);
  return requireVersion(store, secretId, versionId);
}

function checkName(store: Store, folderId: string, name: string, exceptId: string): void {
  if (name === "") return;
  const other = store.secrets.findByName(folderId, name);
  if (other && other.id !== exceptId) {
    throw errors.alreadyExists(`Secret with name "${name}" already exists in folder ${folderId}`);
  }
}

/** The secret as an Operation's response shows it; a Create's shows it as it is once done. */
function secretResponse(store: Store, id: string, now: number, created = false): Json {
  const s = requireSecret(store, id);
  return packed(
    `${LOCKBOX}.Secret`,
    secretJson(created ? { ...s, readyAt: 0 } : s, store.secrets.currentVersion(s), now),
  );
}

/** Records a secret-level Operation: `<metadataType>{secretId}` and the Secret. */
function secretOperation(
  store: Store,
  ctx: MutationContext,
  id: string,
  description: string,
  metadataType: string,
  response: Json,
): OperationRecord {
  return store.operations.record(ctx, {
    resourceId: id,
    description,
    metadata: packed(`${LOCKBOX}.${metadataType}`, { secretId: id }),
    response,
  });
}

/** Records a version-level Operation: `<metadataType>{secretId, versionId, ...extra}` and the Version now. */
function versionOperation(
  store: Store,
  ctx: MutationContext,
  secretId: string,
  versionId: string,
  description: string,
  metadataType: string,
  extra: Json = {},
): OperationRecord {
  return store.operations.record(ctx, {
    resourceId: secretId,
    description,
    metadata: packed(`${LOCKBOX}.${metadataType}`, { secretId, versionId, ...extra }),
    response: packed(`${LOCKBOX}.Version`, versionJson(requireVersion(store, secretId, versionId))),
  });
}

/** Checks the limits and stores a new current version of a secret; returns its id. */
function addVersionRow(
  store: Store,
  secret: SecretRecord,
  now: number,
  description: string,
  entries: Entry[],
  spec: PasswordSpec | null,
): string {
  checkNewVersion(entries, store.secrets.countLiveVersions(secret.id));
  return store.secrets.insertVersion(secret, now, description, entries, spec);
}

export function createSecret(store: Store, ctx: MutationContext, input: CreateSecretInput): OperationRecord {
  checkName(store, input.folderId, input.name, "");
  if (store.secrets.countInFolder(input.folderId) >= MAX_SECRETS_PER_FOLDER) {
    throw errors.resourceExhausted(`Quota exceeded: at most ${MAX_SECRETS_PER_FOLDER} secrets per folder`);
  }
  const secret = store.secrets.insert({
    folderId: input.folderId,
    name: input.name,
    description: input.description,
    labels: input.labels,
    kmsKeyId: input.kmsKeyId,
    deletionProtection: input.deletionProtection,
    passwordSpec: input.passwordSpec,
    createdAt: ctx.now,
    readyAt: ctx.now + ctx.delayMs,
  });
  let versionId: string | undefined;
  if (input.firstVersion) {
    const entries: Entry[] = input.passwordSpec
      ? [{ key: input.passwordSpec.passwordKey, text: generatePassword(input.passwordSpec) }]
      : applyChanges([], input.firstVersion.entries ?? [], true);
    versionId = addVersionRow(
      store,
      secret,
      ctx.now,
      input.firstVersion.description,
      entries,
      input.passwordSpec,
    );
  }
  return store.operations.record(ctx, {
    resourceId: secret.id,
    description: "Create secret",
    metadata: packed(`${LOCKBOX}.CreateSecretMetadata`, {
      secretId: secret.id,
      ...(versionId ? { versionId } : {}),
    }),
    response: secretResponse(store, secret.id, ctx.now, true),
  });
}

export function updateSecret(
  store: Store,
  ctx: MutationContext,
  id: string,
  patch: SecretPatch,
): OperationRecord {
  const s = requireSecret(store, id);
  if ("name" in patch) checkName(store, s.folderId, patch.name ?? "", id);
  if ("passwordSpec" in patch && !s.passwordSpec) {
    throw errors.failedPrecondition(
      "passwordPayloadSpecification can only be updated on a secret created with one",
    );
  }
  store.secrets.update(id, {
    name: "name" in patch ? (patch.name ?? "") : s.name,
    description: "description" in patch ? (patch.description ?? "") : s.description,
    labels: "labels" in patch ? (patch.labels ?? {}) : s.labels,
    deletionProtection:
      "deletionProtection" in patch ? (patch.deletionProtection ?? false) : s.deletionProtection,
    passwordSpec: patch.passwordSpec ?? s.passwordSpec,
  });
  return secretOperation(
    store,
    ctx,
    id,
    "Update secret",
    "UpdateSecretMetadata",
    secretResponse(store, id, ctx.now),
  );
}

export function deleteSecret(store: Store, ctx: MutationContext, id: string): OperationRecord {
  const s = requireSecret(store, id);
  if (s.deletionProtection) {
    throw errors.failedPrecondition(
      `Secret ${id} is protected from deletion; clear deletionProtection first`,
    );
  }
  const snapshot = secretResponse(store, id, ctx.now);
  store.secrets.delete(id);
  store.bindings.clear("secret", id);
  return secretOperation(store, ctx, id, "Delete secret", "DeleteSecretMetadata", snapshot);
}

export function setSecretStatus(
  store: Store,
  ctx: MutationContext,
  id: string,
  status: SecretStatus,
): OperationRecord {
  requireSecret(store, id);
  store.secrets.setStatus(id, status);
  const name = status === "ACTIVE" ? "Activate" : "Deactivate";
  return secretOperation(
    store,
    ctx,
    id,
    `${name} secret`,
    `${name}SecretMetadata`,
    secretResponse(store, id, ctx.now),
  );
}

export function addVersion(
  store: Store,
  ctx: MutationContext,
  secretId: string,
  input: { description: string; changes: Entry[]; baseVersionId: string },
): OperationRecord {
  const s = requireSecret(store, secretId);
  let entries: Entry[];
  if (s.passwordSpec) {
    if (input.changes.length > 0) {
      throw errors.invalidArgument(
        "payloadEntries: must be empty for a secret with a passwordPayloadSpecification",
      );
    }
    entries = [{ key: s.passwordSpec.passwordKey, text: generatePassword(s.passwordSpec) }];
  } else {
    let base: Entry[] = [];
    if (input.baseVersionId !== "") {
      const bv = requireVersion(store, secretId, input.baseVersionId);
      if (bv.status === "DESTROYED") {
        throw errors.failedPrecondition(`Base version ${bv.id} is destroyed and has no payload`);
      }
      base = store.secrets.readEntries(s, bv.id);
    } else {
      const cv = store.secrets.currentVersion(s);
      // A destroyed current version has no payload: the new version starts empty (COMPATIBILITY.md).
      if (cv && cv.status !== "DESTROYED") base = store.secrets.readEntries(s, cv.id);
    }
    entries = applyChanges(base, input.changes, false);
  }
  const versionId = addVersionRow(store, s, ctx.now, input.description, entries, s.passwordSpec);
  return versionOperation(store, ctx, secretId, versionId, "Add version", "AddVersionMetadata");
}

export function setCurrentVersion(
  store: Store,
  ctx: MutationContext,
  secretId: string,
  versionId: string,
): OperationRecord {
  const v = existingVersion(store, secretId, versionId);
  if (v.status === "DESTROYED") throw errors.failedPrecondition(`Version ${versionId} is destroyed`);
  store.secrets.setCurrentVersion(secretId, versionId);
  return versionOperation(
    store,
    ctx,
    secretId,
    versionId,
    "Set current version",
    "SetCurrentVersionMetadata",
  );
}

export function scheduleVersionDestruction(
  store: Store,
  ctx: MutationContext,
  secretId: string,
  versionId: string,
  pendingMs: number,
): OperationRecord {
  const v = existingVersion(store, secretId, versionId);
  if (v.status !== "ACTIVE") {
    throw errors.failedPrecondition(
      `Version ${versionId} is ${v.status}; only an ACTIVE version can be scheduled`,
    );
  }
  const destroyAt = ctx.now + pendingMs;
  store.secrets.scheduleDestruction(versionId, destroyAt);
  return versionOperation(
    store,
    ctx,
    secretId,
    versionId,
    "Schedule version destruction",
    "ScheduleVersionDestructionMetadata",
    { destroyAt: new Date(destroyAt).toISOString() },
  );
}

export function cancelVersionDestruction(
  store: Store,
  ctx: MutationContext,
  secretId: string,
  versionId: string,
): OperationRecord {
  const v = existingVersion(store, secretId, versionId);
  if (v.status !== "SCHEDULED_FOR_DESTRUCTION") {
    throw errors.failedPrecondition(`Version ${versionId} is ${v.status}, not SCHEDULED_FOR_DESTRUCTION`);
  }
  store.secrets.cancelDestruction(versionId);
  return versionOperation(
    store,
    ctx,
    secretId,
    versionId,
    "Cancel version destruction",
    "CancelVersionDestructionMetadata",
  );
}

/** The decrypted payload of a version (the current one by default) of an ACTIVE secret. */
export function readPayload(
  store: Store,
  secret: SecretRecord,
  versionId: string | undefined,
): { versionId: string; entries: Entry[] } {
  if (secret.status !== "ACTIVE") throw errors.failedPrecondition(`Secret ${secret.id} is ${secret.status}`);
  const id = versionId || secret.currentVersionId;
  if (!id) throw errors.notFound(`Secret ${secret.id} has no current version`);
  const v = requireVersion(store, secret.id, id);
  if (v.status === "DESTROYED") throw errors.failedPrecondition(`Version ${id} is destroyed`);
  return { versionId: id, entries: store.secrets.readEntries(secret, id) };
}
