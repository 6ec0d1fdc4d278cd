/** SecretService (see docs/lockbox-api.md): secrets, their versions and their operations. */
import { listQuery } from "../../provider/api/common";
import * as api from "../../provider/api/secret";
import { errors, parseOrThrow } from "../errors";
import { authorize } from "../iam/roles";
import { checkEntryCount, checkMapKeys, checkTimestamp, durationMs } from "../limits";
import type { MutationContext, OperationRecord, SecretRecord, Store } from "../store/store";
import { operationJson, pageJson, secretJson, versionJson } from "../wire";
import { authorizeKmsUse, secretFor } from "./access";
import { bindingMethods } from "./bindings";
import { begin, mutation, type CallState, type ServiceDeps } from "./context";
import { LABEL_KEY_MESSAGE, parseUpdateMask, split, toChanges, toPasswordSpec } from "./fields";
import * as ops from "./secret-ops";
import type { Call, Operation, PageOf, Secret, SecretMethods, Version } from "./types";

const SERVICE = "yandex.cloud.lockbox.v1.SecretService";
const DEFAULT_PENDING_MS = 7 * 24 * 3600 * 1000;

function currentOf(store: Store, s: SecretRecord) {
  return store.secrets.currentVersion(s);
}

/** The SecretService methods. */
export function secretMethods(deps: ServiceDeps): SecretMethods {
  const { store } = deps;
  /** A mutation of one existing secret: loads it with lockbox.secrets.manage, then runs `fn`. */
  const onSecret = (
    name: string,
    call: Call,
    request: unknown,
    fn: (state: CallState, ctx: MutationContext, secret: SecretRecord, body: unknown) => OperationRecord,
  ): Operation =>
    mutation(deps, call, `${SERVICE}/${name}`, request, (state, ctx) => {
      const [head, body] = split(request, "secretId");
      const s = secretFor(store, state.caller, head.secretId, "lockbox.secrets.manage");
      return fn(state, ctx, s, body);
    });

  return {
    get: (call, request) => {
      const { caller, now } = begin(deps, call);
      const s = secretFor(store, caller, split(request, "secretId")[0].secretId, "lockbox.secrets.get");
      return secretJson(s, currentOf(store, s), now) as Secret;
    },
    list: (call, request) => {
      const { caller, now } = begin(deps, call);
      const q = parseOrThrow(api.listSecretsQuery(), request);
      authorize(store, caller, "lockbox.secrets.list", [{ type: "folder", id: q.folderId }]);
      const page = store.secrets.list(q.folderId, q.pageSize ?? 0, q.pageToken);
      return pageJson("secrets", page, (s) => secretJson(s, currentOf(store, s), now)) as PageOf<
        "secrets",
        Secret
      >;
    },
    create: (call, request) =>
      mutation(deps, call, `${SERVICE}/Create`, request, (state, ctx) => {
        checkEntryCount(request, "versionPayloadEntries");
        checkMapKeys(request, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.createSecretRequest(), request);
        authorize(store, state.caller, "lockbox.secrets.manage", [{ type: "folder", id: b.folderId }]);
        if (b.kmsKeyId) authorizeKmsUse(store, state.caller, b.kmsKeyId);
        const hasEntries = (b.versionPayloadEntries ?? []).length > 0;
        const spec = b.passwordPayloadSpecification ? toPasswordSpec(b.passwordPayloadSpecification) : null;
        if (hasEntries && spec) {
          throw errors.invalidArgument(
            "versionPayloadEntries and passwordPayloadSpecification cannot both be set",
          );
        }
        if (b.createVersion === true && !hasEntries && !spec) {
          throw errors.invalidArgument(
            "createVersion: when true, one of versionPayloadEntries and passwordPayloadSpecification is required",
          );
        }
        const makeVersion = b.createVersion === false ? false : hasEntries || spec !== null;
        return ops.createSecret(store, ctx, {
          folderId: b.folderId,
          name: b.name ?? "",
          description: b.description ?? "",
          labels: b.labels ?? {},
          kmsKeyId: b.kmsKeyId ?? "",
          deletionProtection: b.deletionProtection ?? false,
          passwordSpec: spec,
          firstVersion: makeVersion
            ? {
                description: b.versionDescription ?? "",
                entries: spec ? null : toChanges(b.versionPayloadEntries, "versionPayloadEntries"),
              }
            : null,
        });
      }),
    update: (call, request) =>
      onSecret("Update", call, request, (_state, ctx, s, body) => {
        checkMapKeys(body, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.updateSecretRequest(), body);
        const patch: ops.SecretPatch = {};
        for (const p of parseUpdateMask(b.updateMask, api.UPDATABLE_SECRET_FIELDS)) {
          if (p === "name") patch.name = b.name ?? "";
          if (p === "description") patch.description = b.description ?? "";
          if (p === "labels") patch.labels = b.labels ?? {};
          if (p === "deletionProtection") patch.deletionProtection = b.deletionProtection ?? false;
          if (p === "passwordPayloadSpecification") {
            if (!b.passwordPayloadSpecification) {
              throw errors.invalidArgument("passwordPayloadSpecification: required when updateMask names it");
            }
            patch.passwordSpec = toPasswordSpec(b.passwordPayloadSpecification);
          }
        }
        return ops.updateSecret(store, ctx, s.id, patch);
      }),
    delete: (call, request) =>
      onSecret("Delete", call, request, (_s, ctx, s) => ops.deleteSecret(store, ctx, s.id)),
    activate: (call, request) =>
      onSecret("Activate", call, request, (_s, ctx, s) => ops.setSecretStatus(store, ctx, s.id, "ACTIVE")),
    deactivate: (call, request) =>
      onSecret("Deactivate", call, request, (_s, ctx, s) =>
        ops.setSecretStatus(store, ctx, s.id, "INACTIVE"),
      ),
    listVersions: (call, request) => {
      const { caller } = begin(deps, call);
      const [head, rest] = split(request, "secretId");
      const s = secretFor(store, caller, head.secretId, "lockbox.secrets.get");
      const q = parseOrThrow(listQuery(), rest);
      const page = store.secrets.listVersions(s.id, q.pageSize ?? 0, q.pageToken);
      return pageJson("versions", page, versionJson) as PageOf<"versions", Version>;
    },
    addVersion: (call, request) =>
      onSecret("AddVersion", call, request, (state, ctx, s, body) => {
        checkEntryCount(body, "payloadEntries");
        const b = parseOrThrow(api.addVersionRequest(), body);
        authorizeKmsUse(store, state.caller, s.kmsKeyId);
        return ops.addVersion(store, ctx, s.id, {
          description: b.description ?? "",
          changes: toChanges(b.payloadEntries, "payloadEntries"),
          baseVersionId: b.baseVersionId ?? "",
        });
      }),
    setCurrentVersion: (call, request) =>
      onSecret("SetCurrentVersion", call, request, (_s, ctx, s, body) => {
        const b = parseOrThrow(api.versionIdRequest(), body);
        return ops.setCurrentVersion(store, ctx, s.id, b.versionId);
      }),
    scheduleVersionDestruction: (call, request) =>
      onSecret("ScheduleVersionDestruction", call, request, (state, ctx, s, body) => {
        const b = parseOrThrow(api.scheduleVersionDestructionRequest(), body);
        const pending =
          b.pendingPeriod === undefined ? DEFAULT_PENDING_MS : durationMs(b.pendingPeriod, "pendingPeriod");
        checkTimestamp(state.now + pending, "pendingPeriod");
        return ops.scheduleVersionDestruction(store, ctx, s.id, b.versionId, pending);
      }),
    cancelVersionDestruction: (call, request) =>
      onSecret("CancelVersionDestruction", call, request, (_s, ctx, s, body) => {
        const b = parseOrThrow(api.versionIdRequest(), body);
        return ops.cancelVersionDestruction(store, ctx, s.id, b.versionId);
      }),
    listOperations: (call, request) => {
      const { caller, now } = begin(deps, call);
      const [head, rest] = split(request, "secretId");
      const s = secretFor(store, caller, head.secretId, "lockbox.secrets.get");
      const q = parseOrThrow(listQuery(), rest);
      const page = store.operations.list(s.id, q.pageSize ?? 0, q.pageToken);
      return pageJson("operations", page, (o) => operationJson(o, now)) as PageOf<"operations", Operation>;
    },
    ...bindingMethods(
      deps,
      SERVICE,
      "secret",
      (caller, id, write) =>
        secretFor(store, caller, id, write ? "lockbox.bindings.set" : "lockbox.bindings.get").id,
    ),
  };
}
