/**
 * Lifecycle of `lockbox.KmsSymmetricKey`: Create, Get, Update and Delete of KMS SymmetricKeyService
 * (docs/kms.md). Every field but `folderId` changes in place through Update, so editing a key
 * never replaces it (a replaced key would replace every Secret encrypted with it).
 */
import * as api from "../api";
import { adoptFailures, containsUnknown, validateFields } from "./check";
import { type DiffTable, clean, diffByTable, readBack } from "./diff";
import { getClient } from "./context";
import { responseOf } from "../client";
import {
  ResourceInitError,
  isFailedPrecondition,
  isNotFound,
  metadataField,
  mutate,
  mutateCreate,
} from "./ops";

/** The algorithm a key gets when none is given. */
export const DEFAULT_ALGORITHM = "AES_256";

/** Inputs of a KmsSymmetricKey. */
export interface KmsKeyInputs {
  folderId: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  defaultAlgorithm?: string;
  rotationPeriod?: string;
  deletionProtection?: boolean;
  /** `ACTIVE` (default) or `INACTIVE`; an inactive key cannot encrypt or decrypt. */
  status?: string;
  /** The id of an existing key to manage instead of creating one. */
  adopt?: string;
}

/** Outputs of a KmsSymmetricKey. */
export interface KmsKeyOutputs extends KmsKeyInputs {
  status: string;
  createdAt?: string;
  primaryVersionId?: string;
  /** When the key was last rotated; absent until it is. */
  rotatedAt?: string;
}

/** The statuses a program may set (Update switches between them). */
export const SETTABLE_KEY_STATUSES = ["ACTIVE", "INACTIVE"] as const;

/**
 * Only `folderId` replaces (UpdateSymmetricKeyRequest has no folder); the rest are fields of the
 * Update mask (docs/kms.md#hosts-and-methods). `defaultAlgorithm` applies to versions made from now on.
 */
export const KMS_KEY_DIFF: DiffTable = {
  folderId: { change: "replace" },
  name: { change: "update", empty: "" },
  description: { change: "update", empty: "" },
  labels: { change: "update", empty: {} },
  defaultAlgorithm: { change: "update", empty: DEFAULT_ALGORITHM },
  rotationPeriod: { change: "update", empty: "" },
  deletionProtection: { change: "update", empty: false },
  status: { change: "update", empty: "ACTIVE" },
};

/** The fields refresh reads back from the service (every input but the folder). */
const READ_BACK = Object.keys(KMS_KEY_DIFF).filter((f) => f !== "folderId");

/** Validates the inputs with the CreateSymmetricKeyRequest schema. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const shape = api.kms.createSymmetricKeyRequest().shape as unknown as Record<string, import("zod").ZodType>;
  const failures = validateFields(shape, news, Object.keys(KMS_KEY_DIFF), ["folderId"], {
    folderId: "folderId is required: pass folderId, or set the stack config lockbox:folderId or YC_FOLDER_ID",
  });
  failures.push(...adoptFailures(news, "KMS key"));
  const status = news.status;
  if (status !== undefined && status !== null && !containsUnknown(status)) {
    if (!(SETTABLE_KEY_STATUSES as readonly unknown[]).includes(status)) {
      failures.push({
        property: "status",
        reason: `status must be ACTIVE or INACTIVE, not ${JSON.stringify(status)}`,
      });
    }
  }
  return { inputs: news, failures };
}

/** Pure diff over the table above; a folder move creates the new key before deleting the old one. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffByTable(KMS_KEY_DIFF, olds, news);
}

/**
 * Outputs from the service's view of the key: every field read back (a field the program left unset
 * stays unset while the service holds its default), plus what the service computes.
 */
export function outputsFrom(key: api.SymmetricKey, declared: Partial<KmsKeyInputs>): KmsKeyOutputs {
  const service: Record<string, unknown> = {
    name: key.name,
    description: key.description,
    labels: key.labels,
    defaultAlgorithm: key.defaultAlgorithm,
    rotationPeriod: key.rotationPeriod,
    deletionProtection: key.deletionProtection,
  };
  const out = {
    folderId: key.folderId,
    ...readBack(KMS_KEY_DIFF, READ_BACK, service, declared as Record<string, unknown>),
    status: key.status ?? "STATUS_UNSPECIFIED",
  } as KmsKeyOutputs;
  if (key.createdAt) out.createdAt = key.createdAt;
  if (key.primaryVersion?.id) out.primaryVersionId = key.primaryVersion.id;
  if (key.rotatedAt) out.rotatedAt = key.rotatedAt;
  return clean(out);
}

/** The inputs a refreshed key stands for: its read-back fields (status only when not the default). */
function inputsFrom(outs: KmsKeyOutputs): KmsKeyInputs {
  const { createdAt: _c, primaryVersionId: _p, rotatedAt: _r, status, ...rest } = outs;
  return status === "ACTIVE" ? rest : { ...rest, status };
}

/**
 * Adopts the existing key `id` instead of creating one: reads it, refuses when it is in another
 * folder than the program declares, and otherwise updates the fields that differ.
 */
async function adopt(id: string, inputs: KmsKeyInputs) {
  let key: api.SymmetricKey;
  try {
    key = await getClient().kms.keys.get(id);
  } catch (err) {
    if (isNotFound(err))
      throw new Error(`KmsSymmetricKey: cannot adopt ${id}: there is no such key`, { cause: err });
    throw err;
  }
  if (key.folderId !== inputs.folderId) {
    throw new Error(
      `KmsSymmetricKey: cannot adopt ${id}: it is in folder ${key.folderId}, not ${inputs.folderId}, and a key ` +
        `cannot move. Declare folderId: ${JSON.stringify(key.folderId)}, or remove adopt to create a new key`,
    );
  }
  return { id, outs: (await update(id, outputsFrom(key, inputs), inputs)).outs };
}

/** Creates the key, or adopts an existing one when `adopt` names it. */
export async function create(inputs: KmsKeyInputs) {
  if (inputs.adopt) return adopt(inputs.adopt, inputs);
  const body: api.kms.CreateSymmetricKeyRequest = {
    folderId: inputs.folderId,
    defaultAlgorithm: (inputs.defaultAlgorithm ??
      DEFAULT_ALGORITHM) as api.kms.CreateSymmetricKeyRequest["defaultAlgorithm"],
  };
  if (inputs.name !== undefined) body.name = inputs.name;
  if (inputs.description !== undefined) body.description = inputs.description;
  if (inputs.labels !== undefined) body.labels = inputs.labels;
  if (inputs.rotationPeriod !== undefined) body.rotationPeriod = inputs.rotationPeriod;
  if (inputs.deletionProtection !== undefined) body.deletionProtection = inputs.deletionProtection;
  // If waiting fails after the service accepted the create, the key exists: record it (ops.ts).
  const op = await mutateCreate(
    "KmsSymmetricKey",
    (c) => c.kms.keys.create(body),
    inputs,
    (started) => {
      const id = metadataField(started, "keyId");
      return id ? { id, properties: { ...inputs, status: "CREATING" } } : undefined;
    },
  );
  let key = responseOf(op, api.kms.symmetricKey);
  // Create has no status: a key declared INACTIVE is made, then deactivated with an Update.
  if (inputs.status === "INACTIVE") {
    const id = key.id;
    const updated = await mutate((c) =>
      c.kms.keys.update(id, { updateMask: "status", status: "INACTIVE" }),
    ).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ResourceInitError(
        `KmsSymmetricKey ${id} was created, but deactivating it failed: ${reason}. It is recorded in the ` +
          `stack: run pulumi up again to finish`,
        id,
        clean({ ...outputsFrom(key, inputs), __provider: (inputs as { __provider?: unknown }).__provider }),
        [`deactivating the key failed: ${reason}`],
        { cause: err },
      );
    });
    key = responseOf(updated, api.kms.symmetricKey);
  }
  return { id: key.id, outs: outputsFrom(key, inputs) };
}

/** Refreshes status and the primary version; a deleted key is gone. */
export async function read(id: string, props: KmsKeyOutputs) {
  try {
    const key = await getClient().kms.keys.get(id);
    const outs = outputsFrom(key, props);
    return { id, props: outs, inputs: inputsFrom(outs) };
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
}

/** Changes the changed fields in place with one Update whose mask names exactly them. */
export async function update(id: string, olds: KmsKeyOutputs, news: KmsKeyInputs) {
  const d = diffByTable(
    KMS_KEY_DIFF,
    olds as unknown as Record<string, unknown>,
    news as unknown as Record<string, unknown>,
  );
  const mask = d.changed.filter((f) => (api.kms.UPDATABLE_KEY_FIELDS as readonly string[]).includes(f));
  let key: api.SymmetricKey;
  if (mask.length === 0) {
    key = await getClient().kms.keys.get(id);
  } else {
    // Masked fields are sent with their value or their default (absent would also mean default).
    const body: api.kms.UpdateSymmetricKeyRequest = { updateMask: mask.join(",") };
    if (mask.includes("name")) body.name = news.name ?? "";
    if (mask.includes("description")) body.description = news.description ?? "";
    if (mask.includes("labels")) body.labels = news.labels ?? {};
    if (mask.includes("defaultAlgorithm")) {
      body.defaultAlgorithm = (news.defaultAlgorithm ??
        DEFAULT_ALGORITHM) as api.kms.UpdateSymmetricKeyRequest["defaultAlgorithm"];
    }
    // A Duration has no empty form: the mask naming rotationPeriod without a value clears it.
    if (mask.includes("rotationPeriod") && news.rotationPeriod) body.rotationPeriod = news.rotationPeriod;
    if (mask.includes("deletionProtection")) body.deletionProtection = news.deletionProtection ?? false;
    if (mask.includes("status")) {
      body.status = (news.status ?? "ACTIVE") as api.kms.UpdateSymmetricKeyRequest["status"];
    }
    const op = await mutate((c) => c.kms.keys.update(id, body));
    key = responseOf(op, api.kms.symmetricKey);
  }
  return { outs: outputsFrom(key, news) };
}

/** Deletes the key; NOT_FOUND is done; deletion protection gets a message naming the flag. */
export async function remove(id: string, props: KmsKeyOutputs) {
  try {
    await mutate((c) => c.kms.keys.delete(id));
  } catch (err) {
    if (isNotFound(err)) return;
    if (isFailedPrecondition(err) || props.deletionProtection) {
      const protectedNow = await getClient()
        .kms.keys.get(id)
        .then((k) => k.deletionProtection === true)
        .catch(() => false);
      if (protectedNow) {
        throw new Error(
          `KMS key ${id} has deletionProtection enabled, so it was not deleted. Set deletionProtection: ` +
            `false on the key and run \`pulumi up\` (the key is updated in place), then delete it.`,
          { cause: err },
        );
      }
    }
    throw err;
  }
}
