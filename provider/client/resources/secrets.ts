/**
 * SecretService (docs/lockbox-api.md#secretservice): one method per API operation, named after it.
 */
import { lazy, listQuery, operation, page as pageOf, type Operation } from "../../api/common";
import {
  addVersionRequest,
  createSecretRequest,
  listSecretsQuery,
  listSecretsResponse,
  listVersionsResponse,
  scheduleVersionDestructionRequest,
  secret,
  updateSecretRequest,
  versionIdRequest,
  type AddVersionRequest,
  type CreateSecretRequest,
  type Secret,
  type UpdateSecretRequest,
  type Version,
} from "../../api/secret";
import type { HttpMethod, LockboxClient, RequestOptions } from "../core/client";
import { paginate, type PageIterator } from "../core/pagination";
import { requireId } from "../internal/ids";
import { path } from "../internal/path";
import { AccessBindingMethods } from "./access-bindings";

/** Query of List: `folderId` is required. */
export interface ListSecretsQuery {
  folderId: string;
  /** Page size, at most 1000 (default 100). */
  pageSize?: number | undefined;
  /** Start from this page token. */
  pageToken?: string | undefined;
}

/** Query of ListVersions and ListOperations. */
export interface ListQuery {
  /** Page size, at most 1000 (default 100). */
  pageSize?: number | undefined;
  /** Start from this page token. */
  pageToken?: string | undefined;
}

/** Body of SetCurrentVersion and CancelVersionDestruction. */
export interface VersionIdBody {
  versionId: string;
}

/** Body of ScheduleVersionDestruction; `pendingPeriod` is a Duration such as "604800s" (default 7 days). */
export interface ScheduleVersionDestructionBody {
  versionId: string;
  pendingPeriod?: string | undefined;
}

/** `{operations[], nextPageToken}`, built once on first use. */
const listOperationsResponse = lazy(() => pageOf("operations", operation()));

/** Secrets, their versions, operations and access bindings. */
export class Secrets extends AccessBindingMethods {
  readonly #client: LockboxClient;

  constructor(client: LockboxClient) {
    super(client, "lockbox", (id) => path`/lockbox/v1/secrets/${id}`);
    this.#client = client;
  }

  /**
   * Sends a mutation of one secret to `/lockbox/v1/secrets/{secretId}<suffix>`, where `suffix` is a literal
   * `:method` or ""; it answers an Operation.
   */
  async #operation(
    method: HttpMethod,
    secretId: string,
    suffix: string,
    body: unknown,
    options: RequestOptions | undefined,
  ): Promise<Operation> {
    const p = path`/lockbox/v1/secrets/${requireId("secretId", secretId)}` + suffix;
    return this.#client.request({ service: "lockbox", method, path: p, body, response: operation }, options);
  }

  /** Get: the secret with its current version (never values). */
  async get(secretId: string, options?: RequestOptions): Promise<Secret> {
    return this.#client.request(
      {
        service: "lockbox",
        method: "GET",
        path: path`/lockbox/v1/secrets/${requireId("secretId", secretId)}`,
        response: secret,
      },
      options,
    );
  }

  /** List: every secret of a folder, page by page. */
  list(query: ListSecretsQuery, options?: RequestOptions): PageIterator<Secret> {
    return paginate(async (pageToken) => {
      this.#client.validate(listSecretsQuery(), query, "List query");
      const page = await this.#client.request(
        {
          service: "lockbox",
          method: "GET",
          path: path`/lockbox/v1/secrets`,
          query: { folderId: query.folderId, pageSize: query.pageSize, pageToken },
          response: listSecretsResponse,
        },
        options,
      );
      return { items: page.secrets, nextPageToken: page.nextPageToken };
    }, query.pageToken);
  }

  /** Create → Operation (response: Secret; metadata: CreateSecretMetadata {secretId, versionId}). */
  async create(body: CreateSecretRequest, options?: RequestOptions): Promise<Operation> {
    this.#client.validate(createSecretRequest(), body, "Create request");
    return this.#client.request(
      { service: "lockbox", method: "POST", path: path`/lockbox/v1/secrets`, body, response: operation },
      options,
    );
  }

  /**
   * Update → Operation (response: Secret). `updateMask` lists the camelCase fields to change
   * (docs/lockbox-api.md#update).
   */
  async update(secretId: string, body: UpdateSecretRequest, options?: RequestOptions): Promise<Operation> {
    this.#client.validate(updateSecretRequest(), body, "Update request");
    return this.#operation("PATCH", secretId, "", body, options);
  }

  /** Delete → Operation (response: the deleted Secret). Fails while `deletionProtection` is set. */
  async delete(secretId: string, options?: RequestOptions): Promise<Operation> {
    return this.#operation("DELETE", secretId, "", undefined, options);
  }

  /** Activate → Operation (response: Secret). */
  async activate(secretId: string, options?: RequestOptions): Promise<Operation> {
    return this.#operation("POST", secretId, ":activate", undefined, options);
  }

  /** Deactivate → Operation (response: Secret); payload reads fail while INACTIVE. */
  async deactivate(secretId: string, options?: RequestOptions): Promise<Operation> {
    return this.#operation("POST", secretId, ":deactivate", undefined, options);
  }

  /** ListVersions: every version, including scheduled and destroyed ones. */
  listVersions(secretId: string, query: ListQuery = {}, options?: RequestOptions): PageIterator<Version> {
    return paginate(async (pageToken) => {
      const p = path`/lockbox/v1/secrets/${requireId("secretId", secretId)}/versions`;
      this.#client.validate(listQuery(), query, "ListVersions query");
      const page = await this.#client.request(
        {
          service: "lockbox",
          method: "GET",
          path: p,
          query: { pageSize: query.pageSize, pageToken },
          response: listVersionsResponse,
        },
        options,
      );
      return { items: page.versions, nextPageToken: page.nextPageToken };
    }, query.pageToken);
  }

  /**
   * AddVersion → Operation (response: Version): a change against the base version
   * (docs/lockbox-api.md#addversion).
   */
  async addVersion(secretId: string, body: AddVersionRequest, options?: RequestOptions): Promise<Operation> {
    this.#client.validate(addVersionRequest(), body, "AddVersion request");
    return this.#operation("POST", secretId, ":addVersion", body, options);
  }

  /** SetCurrentVersion → Operation (response: Version). */
  async setCurrentVersion(
    secretId: string,
    body: VersionIdBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    this.#client.validate(versionIdRequest(), body, "SetCurrentVersion request");
    return this.#operation("POST", secretId, ":setCurrentVersion", body, options);
  }

  /** ScheduleVersionDestruction → Operation (response: Version). */
  async scheduleVersionDestruction(
    secretId: string,
    body: ScheduleVersionDestructionBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    this.#client.validate(scheduleVersionDestructionRequest(), body, "ScheduleVersionDestruction request");
    return this.#operation("POST", secretId, ":scheduleVersionDestruction", body, options);
  }

  /** CancelVersionDestruction → Operation (response: Version). */
  async cancelVersionDestruction(
    secretId: string,
    body: VersionIdBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    this.#client.validate(versionIdRequest(), body, "CancelVersionDestruction request");
    return this.#operation("POST", secretId, ":cancelVersionDestruction", body, options);
  }

  /** ListOperations: the secret's operations, newest state of each. */
  listOperations(secretId: string, query: ListQuery = {}, options?: RequestOptions): PageIterator<Operation> {
    return paginate(async (pageToken) => {
      const p = path`/lockbox/v1/secrets/${requireId("secretId", secretId)}/operations`;
      this.#client.validate(listQuery(), query, "ListOperations query");
      const page = await this.#client.request(
        {
          service: "lockbox",
          method: "GET",
          path: p,
          query: { pageSize: query.pageSize, pageToken },
          response: listOperationsResponse,
        },
        options,
      );
      return { items: page.operations, nextPageToken: page.nextPageToken };
    }, query.pageToken);
  }
}
