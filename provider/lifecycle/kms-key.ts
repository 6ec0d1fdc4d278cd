/**
 * Lifecycle of `lockbox.KmsSymmetricKey`: Create, Get, Update and Delete of KMS SymmetricKeyService
 * (lockbox-api.md §15). Every field but `folderId` changes in place through Update, so editing a key
 * never replaces it (a replaced key would replace every Secret encrypted with it).
 */
import * as api from "../api";
import { validateFields } from "./check";
import { type DiffTable, clean, diffByTable } from "./diff";
import { getClient } from "./context";
import { responseOf } from "../client";
import { isFailedPrecondition, isNotFound, metadataField, mutate, mutateCreate } from "./ops";

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
}

/** Outputs of a KmsSymmetricKey. */
export interface KmsKeyOutputs extends KmsKeyInputs {
  status: string;
  createdAt?: string;
  primaryVersionId?: string;
}

/**
 * Only `folderId` replaces (UpdateSymmetricKeyRequest has no folder); the rest are fields of the
 * Update mask (§15.1). `defaultAlgorithm` applies to versions made from now on.
 */
export const KMS_KEY_DIFF: DiffTable = {
  folderId: { change: "replace" },
  name: { change: "update", empty: "" },
  description: { change: "update", empty: "" },
  labels: { change: "update", empty: {} },
  defaultAlgorithm: { change: "update", empty: DEFAULT_ALGORITHM },
  rotationPeriod: { change: "update", empty: "" },
  deletionProtection: { change: "update", empty: false },
};

/** Validates the inputs with the CreateSymmetricKeyRequest schema. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const shape = api.kms.createSymmetricKeyRequest().shape as unknown as Record<string, import("zod").ZodType>;
  const failures = validateFields(shape, news, Object.keys(KMS_KEY_DIFF), ["folderId"], {
    folderId: "folderId is required: pass folderId, or set the stack config lockbox:folderId or YC_FOLDER_ID",
  });
  return { inputs: news, failures };
}

/** Pure diff over the table above; a folder move creates the new key before deleting the old one. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffByTable(KMS_KEY_DIFF, olds, news);
}

function outputsFrom(key: api.SymmetricKey, inputs: KmsKeyInputs): KmsKeyOutputs {
  const out: KmsKeyOutputs = { ...inputs, status: key.status ?? "STATUS_UNSPECIFIED" };
  if (key.createdAt) out.createdAt = key.createdAt;
  if (key.primaryVersion?.id) out.primaryVersionId = key.primaryVersion.id;
  return clean(out);
}

/** Creates the key. */
export async function create(inputs: KmsKeyInputs) {
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
  const key = responseOf(op, api.kms.symmetricKey);
  return { id: key.id, outs: outputsFrom(key, inputs) };
}

/** Refreshes status and the primary version; a deleted key is gone. */
export async function read(id: string, props: KmsKeyOutputs) {
  try {
    const key = await getClient().kms.keys.get(id);
    return { id, props: outputsFrom(key, props) };
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
    // A Duration has no empty form: the mask naming rotationPeriod without a value clears it (§15.1).
    if (mask.includes("rotationPeriod") && news.rotationPeriod) body.rotationPeriod = news.rotationPeriod;
    if (mask.includes("deletionProtection")) body.deletionProtection = news.deletionProtection ?? false;
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
