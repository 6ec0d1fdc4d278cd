/** SecretService (lockbox-api.md §5): 16 methods under /lockbox/v1/secrets. */
import { id as idSchema, listQuery } from "../../provider/api/common";
import * as api from "../../provider/api/secret";
import { errors, parseOrThrow } from "../errors";
import { checkEntryCount, checkMapKeys, checkTimestamp, decodeBase64, durationMs } from "../limits";
import { passwordClasses, type PasswordSpec } from "../crypto/password";
import { authorize, type Permission, scopeOf } from "../iam/roles";
import type { Caller } from "../iam/subjects";
import type { Reply, RequestContext, Route } from "../http";
import type { EntryChange, SecretPatch, SecretRecord, Store } from "../store/store";
import { operationJson, pageJson, secretJson, versionJson } from "../wire";
import type { RouteDeps } from "./deps";
import { bindingsRoutes } from "./bindings";

const BASE = "/lockbox/v1/secrets";
const DEFAULT_PENDING_MS = 7 * 24 * 3600 * 1000;

/** Loads a secret by path id and checks the caller's permission on it (folder + secret bindings). */
export function secretFor(
  store: Store,
  caller: Caller,
  rawId: string | undefined,
  permission: Permission,
): SecretRecord {
  const id = parseOrThrow(idSchema(), rawId, "secretId");
  const secret = store.getSecret(id);
  if (!secret) throw errors.notFound(`Secret ${id} not found`);
  authorize(store, caller, permission, scopeOf("secret", secret));
  return secret;
}

/** Checks that a KMS key is usable by the caller for a secret's encryption (§15.6). */
export function authorizeKmsUse(store: Store, caller: Caller, kmsKeyId: string): void {
  if (!kmsKeyId) return;
  const key = store.getKmsKey(kmsKeyId);
  if (!key) throw errors.failedPrecondition(`KMS key ${kmsKeyId} does not exist or was deleted`);
  authorize(store, caller, "kms.keys.use", scopeOf("kms-key", key));
}

/** Converts wire entries into store changes (binary values are strict base64, url-safe accepted). */
export function toChanges(entries: api.PayloadEntryChange[] | undefined, field: string): EntryChange[] {
  return (entries ?? []).map((e, i) => {
    const c: EntryChange = { key: e.key };
    if (e.textValue !== undefined) c.text = e.textValue;
    if (e.binaryValue !== undefined) c.binary = decodeBase64(e.binaryValue, `${field}[${i}].binaryValue`);
    return c;
  });
}

/** Label keys are checked whatever their name (a `__proto__` key included). */
export const LABEL_KEY_MESSAGE = "label keys must match [a-z][-_0-9a-z]*";

/** Normalises a parsed spec (null BoolValues mean unset) and checks it can produce a password. */
export function toPasswordSpec(
  spec: ReturnType<ReturnType<typeof api.passwordPayloadSpecification>["parse"]>,
): PasswordSpec {
  const out: PasswordSpec = { passwordKey: spec.passwordKey };
  if (spec.length) out.length = spec.length;
  for (const k of ["includeUppercase", "includeLowercase", "includeDigits", "includePunctuation"] as const) {
    const v = spec[k];
    if (v === true || v === false) out[k] = v;
  }
  if (spec.includedPunctuation) out.includedPunctuation = spec.includedPunctuation;
  if (spec.excludedPunctuation) out.excludedPunctuation = spec.excludedPunctuation;
  passwordClasses(out);
  return out;
}

const SNAKE_TO_CAMEL: Record<string, string> = {
  deletion_protection: "deletionProtection",
  password_payload_specification: "passwordPayloadSpecification",
  default_algorithm: "defaultAlgorithm",
  rotation_period: "rotationPeriod",
};

/** Parses updateMask (camelCase or snake_case paths, §5.5). */
export function parseUpdateMask(mask: string, allowed: readonly string[]): string[] {
  const paths = mask
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (paths.length === 0) throw errors.invalidArgument("updateMask: at least one field path is required");
  return paths.map((p) => {
    const camel = SNAKE_TO_CAMEL[p] ?? p;
    if (!allowed.includes(camel)) throw errors.invalidArgument(`updateMask: field "${p}" cannot be updated`);
    return camel;
  });
}

function op(ctx: RequestContext, record: ReturnType<Store["createSecret"]>): Reply {
  return { body: operationJson(record, ctx.now) };
}

/** The SecretService routes. */
export function secretRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  const manage = (ctx: RequestContext) =>
    secretFor(store, ctx.caller, ctx.params.secretId, "lockbox.secrets.manage");

  return [
    {
      method: "GET",
      template: `${BASE}/{secretId}`,
      handler: (ctx) => {
        const s = secretFor(store, ctx.caller, ctx.params.secretId, "lockbox.secrets.get");
        const current = s.currentVersionId ? store.getVersion(s.id, s.currentVersionId) : undefined;
        return { body: secretJson(s, current, ctx.now) };
      },
    },
    {
      method: "GET",
      template: BASE,
      query: true,
      handler: (ctx) => {
        const q = parseOrThrow(api.listSecretsQuery(), ctx.query);
        authorize(store, ctx.caller, "lockbox.secrets.list", [{ type: "folder", id: q.folderId }]);
        const page = store.listSecrets(q.folderId, q.pageSize ?? 0, q.pageToken);
        return {
          body: pageJson("secrets", page, (s) =>
            secretJson(
              s,
              s.currentVersionId ? store.getVersion(s.id, s.currentVersionId) : undefined,
              ctx.now,
            ),
          ),
        };
      },
    },
    {
      method: "POST",
      template: BASE,
      mutating: true,
      handler: (ctx) => {
        checkEntryCount(ctx.body, "versionPayloadEntries");
        checkMapKeys(ctx.body, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.createSecretRequest(), ctx.body);
        authorize(store, ctx.caller, "lockbox.secrets.manage", [{ type: "folder", id: b.folderId }]);
        if (b.kmsKeyId) authorizeKmsUse(store, ctx.caller, b.kmsKeyId);
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
        return op(
          ctx,
          store.createSecret(ctx.mutation(), {
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
          }),
        );
      },
    },
    {
      method: "PATCH",
      template: `${BASE}/{secretId}`,
      mutating: true,
      handler: (ctx) => {
        const s = manage(ctx);
        checkMapKeys(ctx.body, "labels", LABEL_KEY_MESSAGE);
        const b = parseOrThrow(api.updateSecretRequest(), ctx.body);
        const paths = parseUpdateMask(b.updateMask, api.UPDATABLE_SECRET_FIELDS);
        const patch: SecretPatch = {};
        for (const p of paths) {
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
        return op(ctx, store.updateSecret(ctx.mutation(), s.id, patch));
      },
    },
    {
      method: "DELETE",
      template: `${BASE}/{secretId}`,
      mutating: true,
      handler: (ctx) => op(ctx, store.deleteSecret(ctx.mutation(), manage(ctx).id)),
    },
    {
      method: "POST",
      template: `${BASE}/{secretId}:activate`,
      mutating: true,
      handler: (ctx) => op(ctx, store.setSecretStatus(ctx.mutation(), manage(ctx).id, "ACTIVE")),
    },
    {
      method: "POST",
      template: `${BASE}/{secretId}:deactivate`,
      mutating: true,
      handler: (ctx) => op(ctx, store.setSecretStatus(ctx.mutation(), manage(ctx).id, "INACTIVE")),
    },
    {
      method: "GET",
      template: `${BASE}/{secretId}/versions`,
      query: true,
      handler: (ctx) => {
        const s = secretFor(store, ctx.caller, ctx.params.secretId, "lockbox.secrets.get");
        const q = parseOrThrow(listQuery(), ctx.query);
        const page = store.listVersions(s.id, q.pageSize ?? 0, q.pageToken);
        return { body: pageJson("versions", page, versionJson) };
      },
    },
    {
      method: "POST",
      template: `${BASE}/{secretId}:addVersion`,
      mutating: true,
      handler: (ctx) => {
        const s = manage(ctx);
        checkEntryCount(ctx.body, "payloadEntries");
        const b = parseOrThrow(api.addVersionRequest(), ctx.body);
        authorizeKmsUse(store, ctx.caller, s.kmsKeyId);
        return op(
          ctx,
          store.addVersion(ctx.mutation(), s.id, {
            description: b.description ?? "",
            changes: toChanges(b.payloadEntries, "payloadEntries"),
            baseVersionId: b.baseVersionId ?? "",
          }),
        );
      },
    },
    {
      method: "POST",
      template: `${BASE}/{secretId}:setCurrentVersion`,
      mutating: true,
      handler: (ctx) => {
        const s = manage(ctx);
        const b = parseOrThrow(api.versionIdRequest(), ctx.body);
        return op(ctx, store.setCurrentVersion(ctx.mutation(), s.id, b.versionId));
      },
    },
    {
      method: "POST",
      template: `${BASE}/{secretId}:scheduleVersionDestruction`,
      mutating: true,
      handler: (ctx) => {
        const s = manage(ctx);
        const b = parseOrThrow(api.scheduleVersionDestructionRequest(), ctx.body);
        const pending =
          b.pendingPeriod === undefined ? DEFAULT_PENDING_MS : durationMs(b.pendingPeriod, "pendingPeriod");
        checkTimestamp(ctx.now + pending, "pendingPeriod");
        return op(ctx, store.scheduleVersionDestruction(ctx.mutation(), s.id, b.versionId, pending));
      },
    },
    {
      method: "POST",
      template: `${BASE}/{secretId}:cancelVersionDestruction`,
      mutating: true,
      handler: (ctx) => {
        const s = manage(ctx);
        const b = parseOrThrow(api.versionIdRequest(), ctx.body);
        return op(ctx, store.cancelVersionDestruction(ctx.mutation(), s.id, b.versionId));
      },
    },
    {
      method: "GET",
      template: `${BASE}/{secretId}/operations`,
      query: true,
      handler: (ctx) => {
        const s = secretFor(store, ctx.caller, ctx.params.secretId, "lockbox.secrets.get");
        const q = parseOrThrow(listQuery(), ctx.query);
        const page = store.listOperations(s.id, q.pageSize ?? 0, q.pageToken);
        return { body: pageJson("operations", page, (o) => operationJson(o, ctx.now)) };
      },
    },
    ...bindingsRoutes(deps, {
      template: `${BASE}/{resourceId}`,
      type: "secret",
      resolve: (ctx, write) => {
        const s = secretFor(
          store,
          ctx.caller,
          ctx.params.resourceId,
          write ? "lockbox.bindings.set" : "lockbox.bindings.get",
        );
        return s.id;
      },
    }),
  ];
}
