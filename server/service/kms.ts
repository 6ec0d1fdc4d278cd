/** The KMS SymmetricKeyService subset (see docs/kms.md): create, get, list, update, delete, bindings. */
import * as api from "../../provider/api/kms";
import { errors, parseOrThrow } from "../errors";
import { authorize } from "../iam/roles";
import { checkMapKeys, durationMs } from "../limits";
import type { NewKmsKey } from "../store/kms";
import type { KmsKeyRecord, MutationContext, OperationRecord, Store } from "../store/store";
import { kmsKeyJson, packed, pageJson } from "../wire";
import { keyFor } from "./access";
import { bindingMethods } from "./bindings";
import { begin, mutation, type ServiceDeps } from "./context";
import { MAX_KMS_KEYS_PER_FOLDER } from "./entries";
import { LABEL_KEY_MESSAGE, parseUpdateMask, split } from "./fields";
import type { KmsKeyMethods, PageOf, SymmetricKey } from "./types";

const SERVICE = "yandex.cloud.kms.v1.SymmetricKeyService";

/** Checks the rotationPeriod range, which the schema's pattern cannot bound. */
function checkRotationPeriod(rotationPeriod: string | undefined): void {
  if (rotationPeriod !== undefined) durationMs(rotationPeriod, "rotationPeriod");
}

const KMS = "yandex.cloud.kms.v1";

/** Records a KMS Operation (ids prefixed "abj", as the KMS service's are). */
function keyOperation(
  store: Store,
  ctx: MutationContext,
  key: KmsKeyRecord,
  description: string,
  metadata: Record<string, unknown>,
): OperationRecord {
  return store.operations.record(ctx, {
    idPrefix: "abj",
    resourceId: key.id,
    description,
    metadata,
    response: packed(`${KMS}.SymmetricKey`, kmsKeyJson(key, ctx.now)),
  });
}

function createKey(
  store: Store,
  ctx: MutationContext,
  input: Omit<NewKmsKey, "createdAt" | "readyAt">,
): OperationRecord {
  if (store.kms.countInFolder(input.folderId) >= MAX_KMS_KEYS_PER_FOLDER) {
    throw errors.resourceExhausted(`Quota exceeded: at most ${MAX_KMS_KEYS_PER_FOLDER} keys per folder`);
  }
  // KMS keys carry whole-second createdAt, as the service's responses do.
  const key = store.kms.insert({
    ...input,
    createdAt: Math.floor(ctx.now / 1000) * 1000,
    readyAt: ctx.now + ctx.delayMs,
  });
  const metadata = packed(`${KMS}.CreateSymmetricKeyMetadata`, {
    keyId: key.id,
    primaryVersionId: key.primaryVersionId,
  });
  // The response shows the key as it is once the operation is done.
  return keyOperation(store, ctx, { ...key, readyAt: 0 }, "create symmetric key", metadata);
}

function updateKey(
  store: Store,
  ctx: MutationContext,
  key: KmsKeyRecord,
  patch: Partial<KmsKeyRecord>,
): OperationRecord {
  store.kms.update(key.id, { ...key, ...patch });
  // The description is the one the service itself reports.
  const metadata = packed(`${KMS}.UpdateSymmetricKeyMetadata`, { keyId: key.id });
  return keyOperation(store, ctx, store.kms.get(key.id)!, "update key", metadata);
}

function deleteKey(store: Store, ctx: MutationContext, key: KmsKeyRecord): OperationRecord {
  if (key.deletionProtection) {
    throw errors.failedPrecondition(
      `Key ${key.id} is protected from deletion; clear deletionProtection first`,
    );
  }
  // The material is dropped at once: data encrypted under this key becomes unreadable (docs/kms.md).
  store.kms.delete(key.id);
  store.bindings.clear("kms-key", key.id);
  return keyOperation(
    store,
    ctx,
    key,
    "delete symmetric key",
    packed(`${KMS}.DeleteSymmetricKeyMetadata`, { keyId: key.id }),
  );
}

/** The KMS key methods. */
export function kmsKeyMethods(deps: ServiceDeps): KmsKeyMethods {
  const { store } = deps;
  return {
    create: (call, request) =>
      mutation(deps, call, `${SERVICE}/Create`, request, (state, ctx) => {
        checkMapKeys(request, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.createSymmetricKeyRequest(), request);
        checkRotationPeriod(b.rotationPeriod);
        authorize(store, state.caller, "kms.keys.create", [{ type: "folder", id: b.folderId }]);
        return createKey(store, ctx, {
          folderId: b.folderId,
          name: b.name ?? "",
          description: b.description ?? "",
          labels: b.labels ?? {},
          defaultAlgorithm: b.defaultAlgorithm,
          rotationPeriod: b.rotationPeriod ?? "",
          deletionProtection: b.deletionProtection ?? false,
        });
      }),
    get: (call, request) => {
      const { caller, now } = begin(deps, call);
      return kmsKeyJson(
        keyFor(store, caller, split(request, "keyId")[0].keyId, "kms.keys.get"),
        now,
      ) as SymmetricKey;
    },
    list: (call, request) => {
      const { caller, now } = begin(deps, call);
      const q = parseOrThrow(api.listKeysQuery(), request);
      authorize(store, caller, "kms.keys.list", [{ type: "folder", id: q.folderId }]);
      const page = store.kms.list(q.folderId, q.pageSize ?? 0, q.pageToken);
      return pageJson("keys", page, (k) => kmsKeyJson(k, now)) as PageOf<"keys", SymmetricKey>;
    },
    update: (call, request) =>
      mutation(deps, call, `${SERVICE}/Update`, request, (state, ctx) => {
        const [head, body] = split(request, "keyId");
        const key = keyFor(store, state.caller, head.keyId, "kms.keys.update");
        checkMapKeys(body, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.updateSymmetricKeyRequest(), body);
        checkRotationPeriod(b.rotationPeriod);
        const patch: Partial<KmsKeyRecord> = {};
        // A field named in the mask but absent from the body takes its default (proto3 FieldMask).
        for (const p of parseUpdateMask(b.updateMask, api.UPDATABLE_KEY_FIELDS)) {
          if (p === "name") patch.name = b.name ?? "";
          if (p === "description") patch.description = b.description ?? "";
          if (p === "labels") patch.labels = b.labels ?? {};
          if (p === "rotationPeriod") patch.rotationPeriod = b.rotationPeriod ?? "";
          if (p === "deletionProtection") patch.deletionProtection = b.deletionProtection ?? false;
          if (p === "status") {
            if (b.status !== "ACTIVE" && b.status !== "INACTIVE") {
              throw errors.invalidArgument("status: must be ACTIVE or INACTIVE when updateMask names it");
            }
            patch.status = b.status;
          }
          if (p === "defaultAlgorithm") {
            if (!b.defaultAlgorithm || b.defaultAlgorithm === "SYMMETRIC_ALGORITHM_UNSPECIFIED") {
              throw errors.invalidArgument("defaultAlgorithm: required when updateMask names it");
            }
            patch.defaultAlgorithm = b.defaultAlgorithm;
          }
        }
        return updateKey(store, ctx, key, patch);
      }),
    delete: (call, request) =>
      mutation(deps, call, `${SERVICE}/Delete`, request, (state, ctx) => {
        const key = keyFor(store, state.caller, split(request, "keyId")[0].keyId, "kms.keys.delete");
        return deleteKey(store, ctx, key);
      }),
    ...bindingMethods(
      deps,
      SERVICE,
      "kms-key",
      (caller, id, write) => keyFor(store, caller, id, write ? "kms.bindings.set" : "kms.bindings.get").id,
    ),
  };
}
