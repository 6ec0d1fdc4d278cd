/**
 * The one diff every resource uses: a pure function of (olds, news) driven by a per-resource table
 * of field → "update" | "replace" (docs/conventions.md#lifecycle-methods-are-small). No I/O, so each table is
 * tested without a server.
 */

/** How a change to one input field is applied. */
export type FieldChange = "update" | "replace";

/** One row of a diff table: how a change applies and the value an absent field stands for. */
export interface FieldRule {
  change: FieldChange;
  /** The default the API uses when the field is absent (e.g. "" or false), so absent == default. */
  empty?: unknown;
  /** Treat arrays as sets (order does not matter), e.g. binding members. */
  unordered?: boolean;
  /** Maps a present value to the form compared, so spellings the service treats alike are equal. */
  canonical?: (value: unknown) => unknown;
}

/** A resource's diff table. Fields not listed never cause a diff. */
export type DiffTable = Readonly<Record<string, FieldRule>>;

/** The result the dynamic-provider host understands (changes, replaces, deleteBeforeReplace). */
export interface Diff {
  changes: boolean;
  replaces: string[];
  /** The changed fields in table order, replacing or not. */
  changed: string[];
  deleteBeforeReplace: boolean;
}

/** Structural equality of JSON values; object key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function normalize(value: unknown, rule: FieldRule): unknown {
  let v = value === undefined || value === null ? rule.empty : value;
  if (rule.canonical && v !== undefined && v !== null) v = rule.canonical(v);
  if (rule.unordered && Array.isArray(v)) return [...v].map((x) => JSON.stringify(x)).sort();
  return v;
}

/**
 * Compares the fields in `table` between the old outputs and the new inputs. Any changed
 * "replace" field makes a replacement; create-before-delete unless `deleteBeforeReplace` is asked.
 */
export function diffByTable(
  table: DiffTable,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  deleteBeforeReplace = false,
): Diff {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [field, rule] of Object.entries(table)) {
    if (deepEqual(normalize(olds[field], rule), normalize(news[field], rule))) continue;
    changed.push(field);
    if (rule.change === "replace") replaces.push(field);
  }
  return {
    changes: changed.length > 0,
    replaces,
    changed,
    deleteBeforeReplace: replaces.length > 0 && deleteBeforeReplace,
  };
}

/**
 * The refreshed value of each table field that the service reports (`fields`): the service's value
 * (its absence standing for the field's `empty` default), except that a field the program left unset
 * stays unset while the service holds that default. So a refresh shows every change made by hand,
 * and an untouched resource reads back exactly as the program declared it.
 */
export function readBack(
  table: DiffTable,
  fields: readonly string[],
  service: Record<string, unknown>,
  declared: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const rule = table[f];
    if (!rule) continue;
    const v = service[f] ?? rule.empty;
    if (v === undefined) continue;
    const isDefault = deepEqual(normalize(v, rule), normalize(undefined, rule));
    if (!isDefault || (declared[f] !== undefined && declared[f] !== null)) out[f] = v;
  }
  return out;
}

/**
 * Removes every `undefined` (the host's Struct.fromJavaScript rejects it,
 * docs/pulumi-engine.md#secret-outputs).
 */
export function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
