/**
 * The three access-binding methods, shared by every resource that has them
 * (docs/lockbox-api.md#access-bindings).
 */
import type { z } from "zod";
import {
  listAccessBindingsResponse,
  setAccessBindingsRequest,
  updateAccessBindingsRequest,
  type AccessBinding,
  type AccessBindingDelta,
} from "../../api/access-binding";
import { listQuery, operation, type Operation } from "../../api/common";
import type { LockboxClient, RequestOptions } from "../core/client";
import type { Service } from "../core/config";
import { paginate, type PageIterator } from "../core/pagination";
import { requireId } from "../internal/ids";

/** Query of ListAccessBindings. */
export interface ListAccessBindingsQuery {
  /** Page size, at most 1000 (default 100). */
  pageSize?: number | undefined;
  /** Start from this page token. */
  pageToken?: string | undefined;
}

/** Body of SetAccessBindings: replaces every binding (an empty list clears them). */
export interface SetAccessBindingsBody {
  accessBindings: AccessBinding[];
}

/** Body of UpdateAccessBindings: ADD/REMOVE deltas applied in order. */
export interface UpdateAccessBindingsBody {
  accessBindingDeltas: AccessBindingDelta[];
}

/** A listed binding (responses may carry fields the request schema does not). */
export type ListedAccessBinding = z.output<
  ReturnType<typeof listAccessBindingsResponse>
>["accessBindings"][number];

/**
 * Base of every resource class that has access bindings (secrets, KMS keys, folders): ListAccessBindings,
 * SetAccessBindings and UpdateAccessBindings on `{resourcePath(id)}:…AccessBindings`.
 */
export abstract class AccessBindingMethods {
  readonly #client: LockboxClient;
  readonly #service: Service;
  readonly #resourcePath: (resourceId: string) => string;

  /** `resourcePath` builds the resource's path with the `path` tag, e.g. ``(id) => path`/kms/v1/keys/${id}` ``. */
  protected constructor(
    client: LockboxClient,
    service: Service,
    resourcePath: (resourceId: string) => string,
  ) {
    this.#client = client;
    this.#service = service;
    this.#resourcePath = resourcePath;
  }

  /** ListAccessBindings: bindings made directly on the resource, every page. */
  listAccessBindings(
    resourceId: string,
    query: ListAccessBindingsQuery = {},
    options?: RequestOptions,
  ): PageIterator<ListedAccessBinding> {
    return paginate(async (pageToken) => {
      const path = `${this.#resourcePath(requireId("resourceId", resourceId, 64))}:listAccessBindings`;
      this.#client.validate(listQuery(), query, "ListAccessBindings query");
      const page = await this.#client.request(
        {
          service: this.#service,
          method: "GET",
          path,
          query: { pageSize: query.pageSize, pageToken },
          response: listAccessBindingsResponse,
        },
        options,
      );
      return { items: page.accessBindings, nextPageToken: page.nextPageToken };
    }, query.pageToken);
  }

  /** SetAccessBindings → Operation: replaces every binding on the resource (an empty list clears them). */
  async setAccessBindings(
    resourceId: string,
    body: SetAccessBindingsBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    const path = `${this.#resourcePath(requireId("resourceId", resourceId, 64))}:setAccessBindings`;
    this.#client.validate(setAccessBindingsRequest(), body, "SetAccessBindings request");
    return this.#client.request(
      { service: this.#service, method: "POST", path, body, response: operation },
      options,
    );
  }

  /** UpdateAccessBindings → Operation: applies ADD/REMOVE deltas in order. */
  async updateAccessBindings(
    resourceId: string,
    body: UpdateAccessBindingsBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    const path = `${this.#resourcePath(requireId("resourceId", resourceId, 64))}:updateAccessBindings`;
    this.#client.validate(updateAccessBindingsRequest(), body, "UpdateAccessBindings request");
    return this.#client.request(
      { service: this.#service, method: "POST", path, body, response: operation },
      options,
    );
  }
}
