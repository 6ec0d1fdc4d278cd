/**
 * The three access-binding methods, shared by every resource that has them (lockbox-api.md §5.14).
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

/** The paths of one resource's access-binding methods, built with the `path` tag. */
export interface AccessBindingPaths {
  readonly list: (resourceId: string) => string;
  readonly set: (resourceId: string) => string;
  readonly update: (resourceId: string) => string;
}

/** Shared implementation of ListAccessBindings / SetAccessBindings / UpdateAccessBindings. @internal */
export class AccessBindingMethods {
  constructor(
    private readonly client: LockboxClient,
    private readonly service: Service,
    private readonly paths: AccessBindingPaths,
  ) {}

  /** `GET …:listAccessBindings`, every page. */
  list(
    resourceId: string,
    query: ListAccessBindingsQuery = {},
    options?: RequestOptions,
  ): PageIterator<ListedAccessBinding> {
    return paginate(async (pageToken) => {
      const path = this.paths.list(requireId("resourceId", resourceId, 64));
      this.client.validate(listQuery(), query, "ListAccessBindings query");
      const page = await this.client.request(
        {
          service: this.service,
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

  /** `POST …:setAccessBindings`. */
  async set(resourceId: string, body: SetAccessBindingsBody, options?: RequestOptions): Promise<Operation> {
    const path = this.paths.set(requireId("resourceId", resourceId, 64));
    this.client.validate(setAccessBindingsRequest(), body, "SetAccessBindings request");
    return this.client.request(
      { service: this.service, method: "POST", path, body, response: operation },
      options,
    );
  }

  /** `POST …:updateAccessBindings`. */
  async update(
    resourceId: string,
    body: UpdateAccessBindingsBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    const path = this.paths.update(requireId("resourceId", resourceId, 64));
    this.client.validate(updateAccessBindingsRequest(), body, "UpdateAccessBindings request");
    return this.client.request(
      { service: this.service, method: "POST", path, body, response: operation },
      options,
    );
  }
}
