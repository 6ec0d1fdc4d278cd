/** Access bindings of folders, secrets and KMS keys, and the roles they grant a subject. */
import type { Database, SQLInputValue } from "./db";
import type { Binding, BindingResource, Page, ResourceRef } from "./records";

/** The access_bindings table. */
export class Bindings {
  constructor(private readonly db: Database) {}

  list(
    type: BindingResource,
    resourceId: string,
    pageSize: number,
    pageToken: string | undefined,
  ): Page<Binding> {
    return this.db.page(
      "SELECT * FROM access_bindings WHERE resource_type = ? AND resource_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      [type, resourceId],
      pageSize,
      pageToken,
      (r) => ({
        roleId: String(r.role_id),
        subject: { type: String(r.subject_type), id: String(r.subject_id) },
      }),
    );
  }

  /** Adds a binding (a no-op when it exists). */
  add(type: BindingResource, resourceId: string, b: Binding): void {
    this.db.run(
      "INSERT OR IGNORE INTO access_bindings (resource_type, resource_id, role_id, subject_type, subject_id) VALUES (?, ?, ?, ?, ?)",
      type,
      resourceId,
      b.roleId,
      b.subject.type,
      b.subject.id,
    );
  }

  /** Removes a binding (a no-op when it does not exist). */
  remove(type: BindingResource, resourceId: string, b: Binding): void {
    this.db.run(
      "DELETE FROM access_bindings WHERE resource_type = ? AND resource_id = ? AND role_id = ? AND subject_type = ? AND subject_id = ?",
      type,
      resourceId,
      b.roleId,
      b.subject.type,
      b.subject.id,
    );
  }

  /** Removes every binding of a resource. */
  clear(type: BindingResource, resourceId: string): void {
    this.db.run("DELETE FROM access_bindings WHERE resource_type = ? AND resource_id = ?", type, resourceId);
  }

  /** Role ids granted to a subject on any of the given resources (system groups included). */
  rolesOf(subject: { type: string; id: string }, resources: readonly ResourceRef[]): Set<string> {
    const roles = new Set<string>();
    if (resources.length === 0) return roles;
    const where = resources.map(() => "(resource_type = ? AND resource_id = ?)").join(" OR ");
    const params: SQLInputValue[] = resources.flatMap((r) => [r.type, r.id]);
    const rows = this.db.cachedAll<{ role_id: string }>(
      `SELECT role_id FROM access_bindings WHERE (${where}) AND ((subject_type = ? AND subject_id = ?) OR (subject_type = 'system' AND subject_id IN ('allAuthenticatedUsers', 'allUsers')))`,
      ...params,
      subject.type,
      subject.id,
    );
    for (const r of rows) roles.add(r.role_id);
    return roles;
  }
}
