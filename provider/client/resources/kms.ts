/**
 * KMS SymmetricKeyService, the subset lockbox-local serves (docs/kms.md).
 */
import { operation, type Operation } from "../../api/common";
import {
  createSymmetricKeyRequest,
  listKeysQuery,
  listKeysResponse,
  symmetricKey,
  updateSymmetricKeyRequest,
  type CreateSymmetricKeyRequest,
  type SymmetricKey,
  type UpdateSymmetricKeyRequest,
} from "../../api/kms";
import type { LockboxClient, RequestOptions } from "../core/client";
import { paginate, type PageIterator } from "../core/pagination";
import { requireId } from "../internal/ids";
import { path } from "../internal/path";
import { AccessBindingMethods } from "./access-bindings";

/** Query of KMS List: `folderId` is required. */
export interface ListKeysQuery {
  folderId: string;
  pageSize?: number | undefined;
  pageToken?: string | undefined;
}

/** KMS symmetric keys: create, get, list, update, delete, and the key's access bindings. */
export class KmsKeys extends AccessBindingMethods {
  readonly #client: LockboxClient;

  constructor(client: LockboxClient) {
    super(client, "kms", (id) => path`/kms/v1/keys/${id}`);
    this.#client = client;
  }

  /** Create → Operation (response: SymmetricKey; metadata: {keyId, primaryVersionId}). */
  async create(body: CreateSymmetricKeyRequest, options?: RequestOptions): Promise<Operation> {
    this.#client.validate(createSymmetricKeyRequest(), body, "KMS Create request");
    return this.#client.request(
      { service: "kms", method: "POST", path: path`/kms/v1/keys`, body, response: operation },
      options,
    );
  }

  /** Get: the key. */
  async get(keyId: string, options?: RequestOptions): Promise<SymmetricKey> {
    return this.#client.request(
      {
        service: "kms",
        method: "GET",
        path: path`/kms/v1/keys/${requireId("keyId", keyId)}`,
        response: symmetricKey,
      },
      options,
    );
  }

  /** List: every key of a folder, page by page. */
  list(query: ListKeysQuery, options?: RequestOptions): PageIterator<SymmetricKey> {
    return paginate(async (pageToken) => {
      this.#client.validate(listKeysQuery(), query, "KMS List query");
      const page = await this.#client.request(
        {
          service: "kms",
          method: "GET",
          path: path`/kms/v1/keys`,
          query: { folderId: query.folderId, pageSize: query.pageSize, pageToken },
          response: listKeysResponse,
        },
        options,
      );
      return { items: page.keys, nextPageToken: page.nextPageToken };
    }, query.pageToken);
  }

  /**
   * Update → Operation (response: SymmetricKey; metadata: {keyId}). `updateMask` lists the camelCase
   * fields to change: name, description, labels, status, defaultAlgorithm, rotationPeriod,
   * deletionProtection (docs/kms.md#hosts-and-methods); a named field left out of the body is reset to its
   * default.
   */
  async update(keyId: string, body: UpdateSymmetricKeyRequest, options?: RequestOptions): Promise<Operation> {
    this.#client.validate(updateSymmetricKeyRequest(), body, "KMS Update request");
    return this.#client.request(
      {
        service: "kms",
        method: "PATCH",
        path: path`/kms/v1/keys/${requireId("keyId", keyId)}`,
        body,
        response: operation,
      },
      options,
    );
  }

  /** Delete → Operation (response: the SymmetricKey). Fails while `deletionProtection` is set. */
  async delete(keyId: string, options?: RequestOptions): Promise<Operation> {
    return this.#client.request(
      {
        service: "kms",
        method: "DELETE",
        path: path`/kms/v1/keys/${requireId("keyId", keyId)}`,
        response: operation,
      },
      options,
    );
  }
}
