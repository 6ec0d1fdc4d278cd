/**
 * Payload rules of the service: merging entry changes into a version, and the limits on one
 * version and on a secret's versions (docs/limits.md).
 */
import { errors } from "../errors";
import { MAX_ENTRIES } from "../limits";
import { valueBytes } from "../store/codec";
import type { Entry } from "../store/store";

/** The values of one version total at most 64 KB. */
export const MAX_VERSION_BYTES = 65536;
/** At most 1,000 versions per secret, destroyed ones not counted. */
export const MAX_VERSIONS_PER_SECRET = 1000;
/** At most 10,000 secrets per folder. */
export const MAX_SECRETS_PER_FOLDER = 10000;
/** At most 100 KMS keys per folder. */
export const MAX_KMS_KEYS_PER_FOLDER = 100;

/** Refuses a version over the size limit, or a secret at its version quota. */
export function checkNewVersion(entries: readonly Entry[], liveVersions: number): void {
  if (valueBytes(entries) > MAX_VERSION_BYTES) {
    throw errors.invalidArgument(`payload entries: the values of one version must total at most 64 KB`);
  }
  if (liveVersions >= MAX_VERSIONS_PER_SECRET) {
    throw errors.resourceExhausted(`Quota exceeded: at most ${MAX_VERSIONS_PER_SECRET} versions per secret`);
  }
}

/**
 * Applies entry changes to a base (see docs/lockbox-api.md, AddVersion): a value sets the key (new keys go last), no value or an
 * empty textValue removes it. In a Create (`strict`), every entry must carry a value and keys must be
 * unique.
 */
export function applyChanges(base: Entry[], changes: Entry[], strict: boolean): Entry[] {
  // A Map keeps insertion order: a replaced key keeps its place, a removed then re-added key goes
  // last, as with the list splice/push this replaces, but in linear time.
  const out = new Map<string, Entry>(base.map((e) => [e.key, { ...e }]));
  const seen = new Set<string>();
  for (const c of changes) {
    if (strict) {
      if (seen.has(c.key)) throw errors.invalidArgument(`versionPayloadEntries: duplicate key "${c.key}"`);
      if (c.text === undefined && c.binary === undefined) {
        throw errors.invalidArgument(
          `versionPayloadEntries: entry "${c.key}" needs a textValue or binaryValue`,
        );
      }
    }
    seen.add(c.key);
    const remove = !strict && c.binary === undefined && (c.text === undefined || c.text === "");
    if (remove) {
      out.delete(c.key);
      continue;
    }
    out.set(
      c.key,
      c.binary !== undefined ? { key: c.key, binary: c.binary } : { key: c.key, text: c.text ?? "" },
    );
  }
  if (out.size > MAX_ENTRIES) {
    throw errors.invalidArgument(`payload entries: one version may hold at most ${MAX_ENTRIES} entries`);
  }
  return [...out.values()];
}
