/**
 * Lifecycle of `lockbox.KmsSymmetricKey`: the KMS subset lockbox-local serves (Create, Get, Delete,
 * lockbox-api.md §15). Update is not served, so every change replaces the key.
 */
import * as api from "../api";
import { validateFields } from "./check";
import { type DiffTable, clean, diffByTable } from "./diff";
import { getClient } from "./context";
import { isFailedPrecondition, isNotFound, mutate, responseOf } from "./ops";

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

/** Every field replaces: lockbox-local does not serve key Update (§15.1). */
export const KMS_KEY_DIFF: DiffTable = {
  folderId: { change: "replace" },
  name: { change: "replace", empty: "" },
  description: { change: "replace", empty: "" },
  labels: { change: "replace", empty: {} },
  defaultAlgorithm: { change: "replace", empty: DEFAULT_ALGORITHM },
  rotationPeriod: { change: "replace", empty: "" },
  deletionProtection: { change: "replace", empty: false },
};

/** Validates the inputs with the CreateSymmetricKeyRequest schema. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const shape = api.kms.createSymmetricKeyRequest().shape as unknown as Record<string, import("zod").ZodType>;
  const failures = validateFields(shape, news, Object.keys(KMS_KEY_DIFF), ["folderId"], {
    folderId: "folderId is required: pass folderId, or set the stack config lockbox:folderId or YC_FOLDER_ID",
  });
  return { inputs: news, failures };
}

/** Pure diff over the table above. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  // Delete first only matters with deletion protection off; create-before-delete keeps secrets readable.
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
  const op = await mutate((c) => c.kms.keys.create(body));
  const key = api.kms.symmetricKey().parse(responseOf(op));
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

/** Deletes the key; NOT_FOUND is done; deletion protection gets a message naming the flag. */
export async function remove(id: string, props: KmsKeyOutputs) {
  try {
    await mutate((c) => c.kms.keys.delete(id));
  } catch (err) {
    if (isNotFound(err)) return;
    if (isFailedPrecondition(err) && props.deletionProtection) {
      throw new Error(
        `KMS key ${id} has deletionProtection enabled, so it was not deleted. ` +
          `Replace it with deletionProtection: false first.`,
        { cause: err },
      );
    }
    throw err;
  }
}
