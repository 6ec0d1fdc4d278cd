/**
 * Folder access bindings of resource-manager (`/resource-manager/v1/folders/{resourceId}:…`), the folder-level
 * counterpart of docs/lockbox-api.md#access-bindings; roles granted on a folder are inherited by its secrets
 * (docs/lockbox-api.md#lockbox-roles).
 */
import type { LockboxClient } from "../core/client";
import { path } from "../internal/path";
import { AccessBindingMethods } from "./access-bindings";

/** Folders: access bindings only. */
export class Folders extends AccessBindingMethods {
  constructor(client: LockboxClient) {
    super(client, "resourceManager", (id) => path`/resource-manager/v1/folders/${id}`);
  }
}
