/**
 * The Lockbox API client: named exports only (docs/conventions.md#small-listed-public-surfaces).
 *
 * @example
 * import { LockboxClient, isNotFound } from "pulumi-lockbox/provider/client";
 * const client = new LockboxClient({ endpoint: "http://127.0.0.1:8080" }); // credentials from YC_IAM_TOKEN etc.
 * const done = await client.awaitOperation(await client.secrets.create({ folderId, name: "db" }));
 */
export { LockboxClient } from "./core/client";
export type { RequestOptions, HttpMethod } from "./core/client";
export { defaultEndpoints, MISSING_CREDENTIALS_MESSAGE } from "./core/config";
export type { ClientOptions, Service, ServiceAccountKey, Logger } from "./core/config";
export type { Sleep } from "./internal/sleep";
export type { Env } from "./internal/env";
export { StaticCredentials, ExchangedCredentials } from "./core/credentials";
export type { Credentials, ExchangedToken } from "./core/credentials";
export {
  LockboxError,
  LockboxConfigError,
  LockboxValidationError,
  LockboxAPIError,
  BadRequestError,
  UnauthenticatedError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  AlreadyExistsError,
  FailedPreconditionError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  DeadlineExceededError,
  NotImplementedError,
  CancelledError,
  LockboxConnectionError,
  LockboxTimeoutError,
  LockboxAbortError,
  LockboxResponseError,
  errorFromResponse,
  errorFromStatus,
  isLockboxError,
  isAPIError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isPermissionDenied,
  isUnauthenticated,
  isFailedPrecondition,
  isBadRequest,
  isRateLimit,
  isServiceUnavailable,
  isConnectionError,
  isTimeout,
  isAbort,
  isConfigError,
  isValidationError,
} from "./core/errors";
export type { RequestSummary, APIErrorInit } from "./core/errors";
export { shouldRetry, backoffDelay, parseRetryAfter } from "./core/retry";
export type { BackoffOptions, AttemptFailure } from "./core/retry";
export { PageIterator, paginate } from "./core/pagination";
export type { Page, FetchPage } from "./core/pagination";
export { responseOf, metadataOf } from "./core/operations";
export type { AwaitOperationOptions } from "./core/operations";
export type {
  Secrets,
  ListSecretsQuery,
  ListQuery,
  VersionIdBody,
  ScheduleVersionDestructionBody,
} from "./resources/secrets";
export type { Payload, VersionQuery, GetExTarget } from "./resources/payload";
export type { Operations } from "./resources/operations";
export type { KmsKeys, ListKeysQuery } from "./resources/kms";
export type { Folders } from "./resources/folders";
export type {
  AccessBindingMethods,
  ListAccessBindingsQuery,
  SetAccessBindingsBody,
  UpdateAccessBindingsBody,
  ListedAccessBinding,
} from "./resources/access-bindings";
export type {
  Operation,
  Status,
  Secret,
  Version,
  Payload as PayloadData,
  PayloadEntry,
  GetExResponse,
  AccessBinding,
  AccessBindingDelta,
  SymmetricKey,
  PasswordPayloadSpecification,
  PayloadEntryChange,
} from "../api";
export type { CreateSecretRequest, UpdateSecretRequest, AddVersionRequest } from "../api/secret";
export type { CreateSymmetricKeyRequest, UpdateSymmetricKeyRequest } from "../api/kms";
export { addExactVersion, exactVersionRequest, correctionRequest } from "./exact-version";
export type { ExactVersionRequest, AddVersionCall } from "./exact-version";
