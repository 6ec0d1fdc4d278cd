/**
 * The service layer's contract: one function per API method, free of HTTP. A transport (the REST
 * routes in server/routes, a gRPC server) turns its request into the method's request object,
 * calls the method with a {@link Call}, and renders the result or the {@link ServiceError}.
 *
 * Requests and results are the proto3 JSON form of the API's messages (the shapes the zod schemas
 * in provider/api describe): lowerCamel field names, int64 as strings or numbers, enums by name or
 * number, `bytes` as base64, Timestamps as RFC 3339 strings, Durations as "<seconds>s". A path
 * field of the REST mapping (`secretId`, `keyId`, `resourceId`, `operationId`) is a field of the
 * request object like any other. The service validates every request itself, so a transport only
 * has to produce JSON; what it produces is untrusted.
 *
 * How a transport calls a method:
 *
 *     const caller = service.authenticate(authorizationValue);   // "Bearer <token>", or throws
 *     const op = service.secrets.create({ caller, idempotencyKey }, requestJson);
 *
 * or through the table of full gRPC method names:
 *
 *     const m = METHODS["yandex.cloud.lockbox.v1.SecretService/Create"];
 *     const result = invoke(service, m, { caller, idempotencyKey }, requestJson);
 *
 * Methods are synchronous (SQLite through node:sqlite); a transport may await them all the same.
 */
import type { Operation } from "../../provider/api/common";
import type { GetExResponse, Payload } from "../../provider/api/payload";
import type {
  PasswordPayloadSpecification,
  PayloadEntryChange,
  Secret,
  Version,
} from "../../provider/api/secret";
import type { SymmetricKey } from "../../provider/api/kms";
import type { AccessBinding } from "../../provider/api/access-binding";
import type { IamToken } from "../../provider/api/iam";
import type { Caller } from "../iam/subjects";

export type { Caller } from "../iam/subjects";
/**
 * The one error type of the service: `codeName` is the gRPC code name ("NOT_FOUND"), `code` its
 * number, `httpStatus` the REST status Yandex Cloud maps it to, `message` is safe to show the
 * caller, `headers` carries `retry-after` where the code asks for a retry (gRPC: trailing metadata).
 * Anything else a method throws is a bug; transports answer it as INTERNAL without its message.
 */
export { ApiError as ServiceError } from "../errors";
export type { Operation, Secret, Version, Payload, GetExResponse, SymmetricKey, AccessBinding, IamToken };

/** How a method is called: who calls, and the Idempotency-Key of a mutating call. */
export interface Call {
  /** From {@link LockboxService.authenticate}; {@link ANONYMOUS} for the public IAM exchange. */
  caller: Caller;
  /**
   * 1–256 characters; only mutating methods use it. A repeat by the same caller with the same
   * method and request returns the first call's Operation after checking again every permission the
   * first call needed; the same key with another request is INVALID_ARGUMENT.
   */
  idempotencyKey?: string;
}

/** A List call's paging fields (pageSize 0..1000, 0 meaning 100). */
export interface PageRequest {
  pageSize?: number | string;
  pageToken?: string;
}

/** A List result: the items under their field name, `nextPageToken` only when there are more. */
export type PageOf<K extends string, T> = { [P in K]: T[] } & { nextPageToken?: string };

/** The empty message (google.protobuf.Empty). */
export type Empty = Record<string, never>;

// ----------------------------------------------------------------- requests

export interface SecretIdRequest {
  secretId: string;
}
export interface ListSecretsRequest extends PageRequest {
  folderId: string;
}
export interface CreateSecretRequest {
  folderId: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  kmsKeyId?: string;
  versionDescription?: string;
  versionPayloadEntries?: PayloadEntryChange[];
  deletionProtection?: boolean;
  passwordPayloadSpecification?: PasswordPayloadSpecification;
  createVersion?: boolean | null;
}
export interface UpdateSecretRequest extends SecretIdRequest {
  /** Comma-separated field paths, camelCase or snake_case (a FieldMask in proto3 JSON). */
  updateMask: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  deletionProtection?: boolean;
  passwordPayloadSpecification?: PasswordPayloadSpecification;
}
export interface ListInSecretRequest extends SecretIdRequest, PageRequest {}
export interface AddVersionRequest extends SecretIdRequest {
  description?: string;
  payloadEntries?: PayloadEntryChange[];
  baseVersionId?: string;
}
export interface VersionRequest extends SecretIdRequest {
  versionId: string;
}
export interface ScheduleVersionDestructionRequest extends VersionRequest {
  /** A Duration, e.g. "604800s"; defaults to 7 days. */
  pendingPeriod?: string;
}
export interface GetPayloadRequest extends SecretIdRequest {
  versionId?: string;
}
/** Exactly one of `secretId` and `folderAndName`. */
export interface GetExRequest {
  secretId?: string;
  folderAndName?: { folderId?: string; secretName?: string };
  versionId?: string;
}

/** Access-binding methods of a secret, a KMS key or a folder: `resourceId` names it. */
export interface ListAccessBindingsRequest extends PageRequest {
  resourceId: string;
}
export interface SetAccessBindingsRequest {
  resourceId: string;
  accessBindings?: AccessBinding[];
}
export interface UpdateAccessBindingsRequest {
  resourceId: string;
  accessBindingDeltas: Array<{ action: "ADD" | "REMOVE" | number; accessBinding: AccessBinding }>;
}

export interface KeyIdRequest {
  keyId: string;
}
export interface ListKeysRequest extends PageRequest {
  folderId: string;
}
export interface CreateSymmetricKeyRequest {
  folderId: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  defaultAlgorithm: string | number;
  rotationPeriod?: string;
  deletionProtection?: boolean;
}
export interface UpdateSymmetricKeyRequest extends KeyIdRequest {
  updateMask: string;
  name?: string;
  description?: string;
  status?: string | number;
  labels?: Record<string, string>;
  defaultAlgorithm?: string | number;
  rotationPeriod?: string;
  deletionProtection?: boolean;
}

export interface OperationIdRequest {
  operationId: string;
}

/** Exactly one of the two. */
export interface CreateIamTokenRequest {
  yandexPassportOauthToken?: string;
  jwt?: string;
}

// ----------------------------------------------------------------- methods

/** A method: the call, the request (untrusted JSON of the request type), the result. */
export type Method<Req, Res> = (call: Call, request: Req) => Res;

/** The three access-binding methods every resource kind with bindings has. */
export interface AccessBindingMethods {
  listAccessBindings: Method<ListAccessBindingsRequest, PageOf<"accessBindings", AccessBinding>>;
  setAccessBindings: Method<SetAccessBindingsRequest, Operation>;
  updateAccessBindings: Method<UpdateAccessBindingsRequest, Operation>;
}

/** yandex.cloud.lockbox.v1.SecretService. */
export interface SecretMethods extends AccessBindingMethods {
  get: Method<SecretIdRequest, Secret>;
  list: Method<ListSecretsRequest, PageOf<"secrets", Secret>>;
  create: Method<CreateSecretRequest, Operation>;
  update: Method<UpdateSecretRequest, Operation>;
  delete: Method<SecretIdRequest, Operation>;
  activate: Method<SecretIdRequest, Operation>;
  deactivate: Method<SecretIdRequest, Operation>;
  listVersions: Method<ListInSecretRequest, PageOf<"versions", Version>>;
  addVersion: Method<AddVersionRequest, Operation>;
  setCurrentVersion: Method<VersionRequest, Operation>;
  scheduleVersionDestruction: Method<ScheduleVersionDestructionRequest, Operation>;
  cancelVersionDestruction: Method<VersionRequest, Operation>;
  listOperations: Method<ListInSecretRequest, PageOf<"operations", Operation>>;
}

/** yandex.cloud.lockbox.v1.PayloadService. */
export interface PayloadMethods {
  get: Method<GetPayloadRequest, Payload>;
  getEx: Method<GetExRequest, GetExResponse>;
}

/** The yandex.cloud.kms.v1.SymmetricKeyService subset lockbox-local serves. */
export interface KmsKeyMethods extends AccessBindingMethods {
  create: Method<CreateSymmetricKeyRequest, Operation>;
  get: Method<KeyIdRequest, SymmetricKey>;
  list: Method<ListKeysRequest, PageOf<"keys", SymmetricKey>>;
  update: Method<UpdateSymmetricKeyRequest, Operation>;
  delete: Method<KeyIdRequest, Operation>;
}

/** yandex.cloud.operation.OperationService. */
export interface OperationMethods {
  get: Method<OperationIdRequest, Operation>;
  /** Operations complete when accepted, so Cancel answers the operation as it stands. */
  cancel: Method<OperationIdRequest, Operation>;
}

/** yandex.cloud.iam.v1.IamTokenService (Create only; public: call it with {@link ANONYMOUS}). */
export interface IamTokenMethods {
  create: Method<CreateIamTokenRequest, IamToken>;
}

/** Every API method lockbox-local serves, by service. */
export interface LockboxService {
  /**
   * The caller of an `Authorization` value ("Bearer <IAM token or root token>"); throws
   * UNAUTHENTICATED when it is missing, malformed, unknown or expired.
   */
  authenticate(authorization: string | undefined): Caller;
  secrets: SecretMethods;
  payload: PayloadMethods;
  kmsKeys: KmsKeyMethods;
  /** Folder access bindings (resource-manager FolderService); folders exist implicitly. */
  folders: AccessBindingMethods;
  operations: OperationMethods;
  iamTokens: IamTokenMethods;
}

/** The caller of the public methods (the IAM token exchange). */
export const ANONYMOUS: Caller = Object.freeze({ id: "", type: "userAccount", root: false }) as Caller;

/** Where a full gRPC method name leads: the service group, the method, and its kind. */
export interface MethodInfo {
  group: keyof Omit<LockboxService, "authenticate">;
  method: string;
  /** Creates an Operation; accepts an Idempotency-Key; counts as a mutation. */
  mutating: boolean;
  /** Needs no bearer token. */
  public: boolean;
}

const m = (group: MethodInfo["group"], method: string, mutating = false, pub = false): MethodInfo => ({
  group,
  method,
  mutating,
  public: pub,
});

/** Every served method by its full gRPC name ("<package>.<Service>/<Method>"). */
export const METHODS: Readonly<Record<string, MethodInfo>> = Object.freeze({
  "yandex.cloud.lockbox.v1.SecretService/Get": m("secrets", "get"),
  "yandex.cloud.lockbox.v1.SecretService/List": m("secrets", "list"),
  "yandex.cloud.lockbox.v1.SecretService/Create": m("secrets", "create", true),
  "yandex.cloud.lockbox.v1.SecretService/Update": m("secrets", "update", true),
  "yandex.cloud.lockbox.v1.SecretService/Delete": m("secrets", "delete", true),
  "yandex.cloud.lockbox.v1.SecretService/Activate": m("secrets", "activate", true),
  "yandex.cloud.lockbox.v1.SecretService/Deactivate": m("secrets", "deactivate", true),
  "yandex.cloud.lockbox.v1.SecretService/ListVersions": m("secrets", "listVersions"),
  "yandex.cloud.lockbox.v1.SecretService/AddVersion": m("secrets", "addVersion", true),
  "yandex.cloud.lockbox.v1.SecretService/SetCurrentVersion": m("secrets", "setCurrentVersion", true),
  "yandex.cloud.lockbox.v1.SecretService/ScheduleVersionDestruction": m(
    "secrets",
    "scheduleVersionDestruction",
    true,
  ),
  "yandex.cloud.lockbox.v1.SecretService/CancelVersionDestruction": m(
    "secrets",
    "cancelVersionDestruction",
    true,
  ),
  "yandex.cloud.lockbox.v1.SecretService/ListOperations": m("secrets", "listOperations"),
  "yandex.cloud.lockbox.v1.SecretService/ListAccessBindings": m("secrets", "listAccessBindings"),
  "yandex.cloud.lockbox.v1.SecretService/SetAccessBindings": m("secrets", "setAccessBindings", true),
  "yandex.cloud.lockbox.v1.SecretService/UpdateAccessBindings": m("secrets", "updateAccessBindings", true),
  "yandex.cloud.lockbox.v1.PayloadService/Get": m("payload", "get"),
  "yandex.cloud.lockbox.v1.PayloadService/GetEx": m("payload", "getEx"),
  "yandex.cloud.kms.v1.SymmetricKeyService/Create": m("kmsKeys", "create", true),
  "yandex.cloud.kms.v1.SymmetricKeyService/Get": m("kmsKeys", "get"),
  "yandex.cloud.kms.v1.SymmetricKeyService/List": m("kmsKeys", "list"),
  "yandex.cloud.kms.v1.SymmetricKeyService/Update": m("kmsKeys", "update", true),
  "yandex.cloud.kms.v1.SymmetricKeyService/Delete": m("kmsKeys", "delete", true),
  "yandex.cloud.kms.v1.SymmetricKeyService/ListAccessBindings": m("kmsKeys", "listAccessBindings"),
  "yandex.cloud.kms.v1.SymmetricKeyService/SetAccessBindings": m("kmsKeys", "setAccessBindings", true),
  "yandex.cloud.kms.v1.SymmetricKeyService/UpdateAccessBindings": m("kmsKeys", "updateAccessBindings", true),
  "yandex.cloud.resourcemanager.v1.FolderService/ListAccessBindings": m("folders", "listAccessBindings"),
  "yandex.cloud.resourcemanager.v1.FolderService/SetAccessBindings": m("folders", "setAccessBindings", true),
  "yandex.cloud.resourcemanager.v1.FolderService/UpdateAccessBindings": m(
    "folders",
    "updateAccessBindings",
    true,
  ),
  "yandex.cloud.operation.OperationService/Get": m("operations", "get"),
  "yandex.cloud.operation.OperationService/Cancel": m("operations", "cancel"),
  "yandex.cloud.iam.v1.IamTokenService/Create": m("iamTokens", "create", false, true),
});

/** Calls the method `info` names (from {@link METHODS}) with an untrusted request. */
export function invoke(service: LockboxService, info: MethodInfo, call: Call, request: unknown): unknown {
  const group = service[info.group] as unknown as Record<string, Method<unknown, unknown>>;
  const fn = group[info.method];
  if (typeof fn !== "function") throw new Error(`no method ${info.group}.${info.method}`);
  return fn(call, request);
}
