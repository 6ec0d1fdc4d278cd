/**
 * Folder access bindings of resource-manager (`/resource-manager/v1/folders/{resourceId}:…`), the folder-level
 * counterpart of lockbox-api.md §5.14; roles granted on a folder are inherited by its secrets (§11.3).
 */
import type { Operation } from "../../api/common";
import type { LockboxClient, RequestOptions } from "../core/client";
import type { PageIterator } from "../core/pagination";
import { path } from "../internal/path";
import {
  AccessBindingMethods,
  type ListAccessBindingsQuery,
  type ListedAccessBinding,
  type SetAccessBindingsBody,
  type UpdateAccessBindingsBody,
} from "./access-bindings";

/** Folders: access bindings only. */
export class Folders {
  readonly #bindings: AccessBindingMethods;

  constructor(client: LockboxClient) {
    this.#bindings = new AccessBindingMethods(client, "resourceManager", {
      list: (id) => path`/resource-manager/v1/folders/${id}:listAccessBindings`,
      set: (id) => path`/resource-manager/v1/folders/${id}:setAccessBindings`,
      update: (id) => path`/resource-manager/v1/folders/${id}:updateAccessBindings`,
    });
  }

  /** ListAccessBindings of a folder. */
  listAccessBindings(
    folderId: string,
    query: ListAccessBindingsQuery = {},
    options?: RequestOptions,
  ): PageIterator<ListedAccessBinding> {
    return this.#bindings.list(folderId, query, options);
  }

  /** SetAccessBindings → Operation: replaces every binding on the folder. */
  async setAccessBindings(
    folderId: string,
    body: SetAccessBindingsBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    return this.#bindings.set(folderId, body, options);
  }

  /** UpdateAccessBindings → Operation: applies ADD/REMOVE deltas in order. */
  async updateAccessBindings(
    folderId: string,
    body: UpdateAccessBindingsBody,
    options?: RequestOptions,
  ): Promise<Operation> {
    return this.#bindings.update(folderId, body, options);
  }
}
