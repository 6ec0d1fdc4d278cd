/**
 * Keeps a SecretVersion's entry values out of Pulumi state (docs/state-and-secrets.md#secretversion-with-entries).
 * `check` hands each version's values to this module, which keeps them in this process's memory for
 * the run, and returns in their place markers (key, origin, text or binary) and one slow, salted hash
 * of all the entries. The engine stores what `check` returns (docs/pulumi-engine.md#what-state-stores-for-inputs),
 * so state holds the markers and the hash, never a value; `create` takes the values back from memory.
 */
import { createHash, scrypt } from "node:crypto";
import { type EntryInput, orderedValuesHash, valuesHash } from "./hash";
import { UNKNOWN, containsUnknown } from "./check";
import { asSecret, plain } from "./secret-envelope";

/** What the checked inputs hold in place of one entry: no value. */
export interface EntryMarker {
  key: string;
  /** Where the value came from in the program (`plaintext`, `secret`, `computed`), when known. */
  source?: string;
  /** Present (true) for a binary value. */
  binary?: true;
}

/**
 * scrypt cost: N = 2^14, r = 8, p = 1 (16 MiB, tens of milliseconds on one core): one hash per version
 * per `pulumi preview`, `up` and `refresh` (the measured cost and the trade-off:
 * docs/state-and-secrets.md#the-values-hash).
 */
export const KDF = { logN: 14, r: 8, p: 1 } as const;
const PREFIX = "scrypt";

/** The parameters and salt of a hash, parsed from `scrypt$ln=14,r=8,p=1$<salt>$<hash>`. */
interface KdfSpec {
  logN: number;
  r: number;
  p: number;
  salt: string;
}

export { asSecret, plain };

/**
 * Stands, in state given to `read`, for a hash not computed yet (an import reads a version from its
 * id alone): `read` hashes the payload with the defaults and this secret's salt, as `check` does for
 * a version it has not hashed before, so the program declaring the same values shows no diff.
 */
export const HASH_TO_COMPUTE = `${PREFIX}$`;

/** Whether `v` is a hash this module wrote (as opposed to the HMAC of older state). */
export function isKdfHash(v: unknown): v is string {
  return typeof v === "string" && v.startsWith(`${PREFIX}$`);
}

function parse(hash: string): KdfSpec | undefined {
  const m = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$[A-Za-z0-9_-]+$/.exec(hash);
  if (!m) return undefined;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuses parameters no writer of ours uses: state is not trusted to set the cost.
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 4) return undefined;
  return { logN, r, p, salt: m[4]! };
}

/**
 * The salt of a version of `secretId`: a digest of the secret's id (ids are unique, so no two secrets
 * share a salt, and a table of guesses cannot be reused across secrets). It need not be secret.
 */
function saltOf(secretId: string): string {
  return createHash("sha256")
    .update(`pulumi-lockbox/values-salt/${secretId}`)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

/**
 * The spec to hash a version of `secretId` with: the one of `previous` (the version's hash in state)
 * when it is a hash of this module, so the same values give the same hash; the defaults otherwise.
 */
export function specFor(secretId: string, previous?: unknown): KdfSpec {
  const p = plain(previous);
  const old = isKdfHash(p) ? parse(p) : undefined;
  return old ?? { ...KDF, salt: saltOf(secretId) };
}

/** Length-prefixed serialization of the entries sorted by key: no two entry lists serialize alike. */
function serialize(entries: readonly EntryInput[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parts: Buffer[] = [];
  for (const e of sorted) {
    const binary = e.binaryValue !== undefined;
    const bytes = binary ? Buffer.from(e.binaryValue!, "base64") : Buffer.from(e.textValue ?? "");
    parts.push(
      Buffer.from(`${Buffer.byteLength(e.key)}:${e.key}:${binary ? "b" : "t"}:${bytes.length}:`),
      bytes,
    );
  }
  return Buffer.concat(parts);
}

/** Hashes already computed in this process, by a digest of spec and values (never stored anywhere). */
const computed = new Map<string, Promise<string>>();

/**
 * The slow hash of `entries` with `spec`: `scrypt$ln=14,r=8,p=1$<salt>$<hash>`. Runs on libuv's
 * thread pool (async), so the versions of a run hash in parallel; one hash per version covers all its entries.
 */
export function kdfHash(spec: KdfSpec, entries: readonly EntryInput[]): Promise<string> {
  const data = serialize(entries);
  const head = `${PREFIX}$ln=${spec.logN},r=${spec.r},p=${spec.p}$${spec.salt}`;
  const memo = createHash("sha256").update(head).update("\0").update(data).digest("base64url");
  let hash = computed.get(memo);
  if (!hash) {
    const N = 2 ** spec.logN;
    hash = new Promise<string>((resolve, reject) =>
      scrypt(
        data,
        Buffer.from(spec.salt, "base64url"),
        32,
        { N, r: spec.r, p: spec.p, maxmem: 256 * N * spec.r + 1024 * 1024 },
        (err, key) => (err ? reject(err) : resolve(`${head}$${key.toString("base64url")}`)),
      ),
    );
    computed.set(memo, hash);
    hash.catch(() => computed.delete(memo));
  }
  return hash;
}

/** Values `check` saw in this process, by their hash. Only in memory, for the provider process's run. */
const held = new Map<string, EntryInput[]>();

/** Keeps `entries` in memory under `hash`. */
export function hold(hash: string, entries: readonly EntryInput[]): void {
  held.set(
    hash,
    entries.map((e) => ({ ...e })),
  );
}

/** The values held under `hash`, if `check` saw them in this process. */
export function recall(hash: unknown): EntryInput[] | undefined {
  const h = plain(hash);
  return typeof h === "string" ? held.get(h) : undefined;
}

/** Whether an entry carries its value (older state, or a caller that did not go through `check`). */
export function hasValue(e: unknown): e is EntryInput {
  return e !== null && typeof e === "object" && ("textValue" in e || "binaryValue" in e);
}

/**
 * The markers and the hash that stand for `entries` (known, validated) in the checked inputs; the
 * values are held in memory for `create`. `sources` is the program's record of each entry's origin.
 */
export async function seal(
  secretId: string,
  entries: readonly EntryInput[],
  sources: Record<string, unknown> | undefined,
  previous: unknown,
): Promise<{ markers: EntryMarker[]; hash: string }> {
  const hash = await kdfHash(specFor(secretId, previous), entries);
  hold(hash, entries);
  return { markers: markersOf(entries, sources), hash };
}

/** Markers of entries that may hold unknowns (preview): no hash then, it is unknown too. */
export function markersOf(
  entries: readonly unknown[],
  sources: Record<string, unknown> | undefined,
): EntryMarker[] {
  return entries.map((e) => {
    if (e === UNKNOWN || e === null || typeof e !== "object") return UNKNOWN as unknown as EntryMarker;
    const entry = e as EntryInput;
    const marker: EntryMarker = { key: entry.key };
    const source = sources && typeof entry.key === "string" ? sources[entry.key] : undefined;
    if (typeof source === "string") marker.source = source;
    if (entry.binaryValue !== undefined) marker.binary = true;
    return marker;
  });
}

/**
 * The checked inputs: `entries` replaced by markers and `valuesHash` (a Pulumi secret), the values
 * held in memory for `create`. Unknown entries or secret (preview) give an unknown hash. Invalid
 * inputs get markers only: no value is ever returned.
 */
export async function withoutValues(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  valid: boolean,
) {
  const { valuesHash: _ignored, ...inputs } = news;
  const entries = news.entries;
  if (entries === UNKNOWN) return { ...inputs, valuesHash: UNKNOWN };
  if (!Array.isArray(entries)) return inputs;
  const sources =
    news.entrySources !== null && typeof news.entrySources === "object"
      ? (news.entrySources as Record<string, unknown>)
      : undefined;
  const secretId = news.secretId;
  if (!valid || containsUnknown(entries) || typeof secretId !== "string" || containsUnknown(secretId)) {
    inputs.entries = markersOf(entries, sources);
    if (valid) inputs.valuesHash = UNKNOWN;
    return inputs;
  }
  // The hash in state keeps its salt and cost while the secret is the same.
  const previous = olds.secretId === secretId ? olds.valuesHash : undefined;
  const sealed = await seal(secretId, entries as EntryInput[], sources, previous);
  inputs.entries = sealed.markers;
  inputs.valuesHash = asSecret(sealed.hash);
  return inputs;
}

/**
 * The hash that stands for the new entries, if it can be known: the checked one, or (for a caller
 * that passes values without `check`) one computed with the old version's salt and cost.
 */
export async function newHash(
  olds: { secretId?: unknown; valuesHash?: unknown },
  news: Record<string, unknown>,
): Promise<unknown> {
  const given = plain(news.valuesHash);
  if (given !== undefined) return given;
  const list = news.entries as unknown[];
  if (containsUnknown(list) || !list.every(hasValue) || typeof news.secretId !== "string") return UNKNOWN;
  return kdfHash(specFor(news.secretId, olds.secretId === news.secretId ? olds.valuesHash : undefined), list);
}

/**
 * The values and hash of a create: the values `check` held in memory for the checked hash, or
 * values given directly (a caller that does not go through `check`). Throws, before any change,
 * when the values are not in this process.
 */
export async function valuesOf(inputs: {
  secretId: string;
  entries?: { key: string }[];
  valuesHash?: unknown;
}): Promise<{ entries: EntryInput[]; hash: string }> {
  const list = inputs.entries ?? [];
  if (list.every(hasValue)) return { entries: list, hash: await kdfHash(specFor(inputs.secretId), list) };
  const hash = plain(inputs.valuesHash);
  const entries = recall(hash);
  const keys = (l: { key: string }[]) =>
    l
      .map((e) => e.key)
      .sort()
      .join("\n");
  if (!isKdfHash(hash) || !entries || keys(entries) !== keys(list)) {
    throw new Error(
      `SecretVersion: the values of the entries (${list.map((e) => e.key).join(", ")}) of secret ` +
        `${inputs.secretId} are not in this provider process. Pulumi state never holds them: the ` +
        `provider keeps them in memory from check to create within one run of the program. This happens ` +
        `when a create runs without the program's values (for example a saved plan applied by a ` +
        `process that did not run check). Nothing was created: run pulumi up again`,
    );
  }
  return { entries, hash };
}

/**
 * Whether the new values match the HMAC that state of older versions holds (keyed by secret and
 * version id, in sorted or program order): the values `check` held in memory, or values given directly.
 */
export function legacyHashMatches(
  secretId: string,
  versionId: string,
  oldHash: unknown,
  entries: unknown,
  hash: string,
): boolean {
  const values = Array.isArray(entries) && entries.every(hasValue) ? entries : recall(hash);
  if (values === undefined) return false;
  return (
    valuesHash(secretId, versionId, values) === oldHash ||
    orderedValuesHash(secretId, versionId, values) === oldHash
  );
}
