/**
 * Resource ids of the native provider. Each kind's id is the id `pulumi import` takes: a secret id, a
 * key id, or for versions and bindings a compound id, its parts joined by `/` (the kinds registry
 * names the parts). A SecretVersion's lifecycle knows it by its version id alone, so the host
 * translates between the two.
 */
import type { ResourceKind } from "../kinds";

/** The id form of a kind, e.g. `<secretId>/<versionId>`. */
export function idForm(kind: ResourceKind): string {
  return kind.importId.map((p) => `<${p}>`).join("/");
}

/** The id's parts by name, or an error naming the expected form. */
export function parseId(kind: ResourceKind, id: string): Record<string, string> {
  const parts = id.split("/");
  const ok = parts.length === kind.importId.length && parts.every((p) => p.trim() !== "" && p.trim() === p);
  if (!ok) {
    throw new Error(
      `lockbox:index:${kind.name}: ${JSON.stringify(id)} is not an id of this kind: expected ${idForm(kind)}` +
        (kind.importId.length > 1 ? ` (${kind.importId.length} parts joined by "/")` : ' (no "/")'),
    );
  }
  return Object.fromEntries(kind.importId.map((name, i) => [name, parts[i]!]));
}

/** The id the lifecycle uses for the resource with the native id `id`. */
export function lifecycleId(kind: ResourceKind, id: string): string {
  return kind.kind === "secretVersion" ? parseId(kind, id).versionId! : id;
}

/** The native id of a resource the lifecycle knows as `id`, with its properties `props`. */
export function nativeId(kind: ResourceKind, id: string, props: Record<string, unknown>): string {
  if (kind.kind !== "secretVersion" || id.includes("/")) return id;
  return `${String(props.secretId)}/${id}`;
}
