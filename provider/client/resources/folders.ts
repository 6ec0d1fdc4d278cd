/**
 * Folder access bindings of resource-manager (`/resource-manager/v1/folders/{resourceId}:…`), the folder-level
 * counterpart of lockbox-api.md §5.14; roles granted on a folder are inherited by its secrets (§11.3).
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
