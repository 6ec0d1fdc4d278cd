/**
 * Role evaluation (see docs/roles.md): which roles grant which permission. Roles come
 * from bindings on the folder and on the resource itself (inherited downward); the root subject
 * holds every role everywhere.
 */
import { errors } from "../errors";
import type { AccessCheck, BindingResource, Store } from "../store/store";
import type { Caller } from "./subjects";

/** A permission checked by one or more API methods. */
export type Permission =
  | "lockbox.secrets.get"
  | "lockbox.secrets.list"
  | "lockbox.secrets.manage"
  | "lockbox.payload.get"
  | "lockbox.bindings.get"
  | "lockbox.bindings.set"
  | "kms.keys.get"
  | "kms.keys.list"
  | "kms.keys.create"
  | "kms.keys.update"
  | "kms.keys.delete"
  | "kms.keys.use"
  | "kms.bindings.get"
  | "kms.bindings.set"
  | "folder.bindings.get"
  | "folder.bindings.set";

const LOCKBOX_READ = [
  "lockbox.auditor",
  "lockbox.viewer",
  "lockbox.editor",
  "lockbox.admin",
  "auditor",
  "viewer",
  "editor",
  "admin",
];
const KMS_READ = [
  "kms.auditor",
  "kms.viewer",
  "kms.editor",
  "kms.admin",
  "auditor",
  "viewer",
  "editor",
  "admin",
];

/**
 * Roles granting each permission. Payload read is granted only by lockbox.payloadViewer,
 * lockbox.admin and primitive admin (docs/roles.md): primitive viewer/editor never read values.
 */
export const GRANTS: Readonly<Record<Permission, readonly string[]>> = {
  "lockbox.secrets.get": LOCKBOX_READ,
  "lockbox.secrets.list": LOCKBOX_READ,
  "lockbox.secrets.manage": ["lockbox.editor", "lockbox.admin", "editor", "admin"],
  "lockbox.payload.get": ["lockbox.payloadViewer", "lockbox.admin", "admin"],
  "lockbox.bindings.get": LOCKBOX_READ,
  "lockbox.bindings.set": ["lockbox.admin", "admin"],
  "kms.keys.get": [
    ...KMS_READ,
    "kms.keys.encrypterDecrypter",
    "kms.keys.encrypter",
    "kms.keys.decrypter",
    "kms.keys.user",
  ],
  "kms.keys.list": KMS_READ,
  "kms.keys.create": ["kms.editor", "kms.admin", "editor", "admin"],
  "kms.keys.update": ["kms.editor", "kms.admin", "editor", "admin"],
  "kms.keys.delete": ["kms.admin", "editor", "admin"],
  "kms.keys.use": [
    "kms.keys.encrypterDecrypter",
    "kms.keys.user",
    "kms.editor",
    "kms.admin",
    "editor",
    "admin",
  ],
  "kms.bindings.get": KMS_READ,
  "kms.bindings.set": ["kms.admin", "admin"],
  "folder.bindings.get": [
    "resource-manager.auditor",
    "resource-manager.viewer",
    "resource-manager.editor",
    "resource-manager.admin",
    "auditor",
    "viewer",
    "editor",
    "admin",
  ],
  "folder.bindings.set": ["resource-manager.admin", "admin"],
};

/** Every role id lockbox-local knows; binding any other role id is refused. */
export const KNOWN_ROLES: ReadonlySet<string> = new Set([
  ...Object.values(GRANTS).flat(),
  "lockbox.payloadViewer",
  "resource-manager.clouds.owner",
]);

/** What a resource's roles come from: the bindings on its folder, then those on the resource itself. */
export function scopeOf(
  type: "secret" | "kms-key",
  resource: { id: string; folderId: string },
): Array<{ type: BindingResource; id: string }> {
  return [
    { type: "folder", id: resource.folderId },
    { type, id: resource.id },
  ];
}

/** Whether the caller holds `permission` on the resources (folder first, then the resource). */
export function allowed(
  store: Store,
  caller: Caller,
  permission: Permission,
  resources: Array<{ type: BindingResource; id: string }>,
): boolean {
  if (caller.root) return true;
  const roles = store.bindings.rolesOf({ type: caller.type, id: caller.id }, resources);
  return GRANTS[permission].some((r) => roles.has(r));
}

/** One permission check made while serving a request; replays of an Idempotency-Key repeat them. */
export type { AccessCheck };

/**
 * Throws PERMISSION_DENIED unless the caller holds `permission` on the resources. The check is
 * recorded on the caller (when it keeps a list), so an idempotent replay can run it again.
 */
export function authorize(
  store: Store,
  caller: Caller,
  permission: Permission,
  resources: Array<{ type: BindingResource; id: string }>,
): void {
  caller.checks?.push({ permission, resources: resources.map((r) => ({ type: r.type, id: r.id })) });
  if (!allowed(store, caller, permission, resources)) {
    throw errors.permissionDenied(`Permission denied: ${permission} is required`);
  }
}
