/**
 * Lifecycle of `lockbox.SecretVersion`. A version is immutable: changed entries make a new
 * version (create-before-delete) and the old one is scheduled for destruction. No value reaches
 * state: `check` keeps the values in memory and returns markers and a slow salted hash in their place
 * (held-values.ts); `create` takes them from memory; `diff` and `read` compare hashes
 * (docs/state-and-secrets.md#secretversion-with-entries).
 */
import * as api from "../api";
import { type CheckFailure, UNKNOWN, adoptFailures, containsUnknown, validateFields } from "./check";
import { type DiffTable, clean, diffByTable } from "./diff";
import { getClient } from "./context";
import { type EntryInput, valuesHash } from "./hash";
import {
  type EntryMarker,
  isKdfHash,
  kdfHash,
  newHash,
  plain,
  legacyHashMatches,
  specFor,
  valuesOf,
  withoutValues,
} from "./held-values";
import {
  collect,
  isFailedPrecondition,
  isNotFound,
  isPermissionDenied,
  metadataField,
  mutate,
  mutateCreate,
} from "./ops";
import { addExactVersion, responseOf } from "../client";

/**
 * Where each entry's value came from in the program (read by the policy pack). The one definition: the SDK
 * re-exports it.
 */
export type EntrySource = "plaintext" | "secret" | "computed";

/**
 * The default pending period before a replaced version is destroyed: 7 days
 * (docs/lockbox-api.md#versions-and-destruction).
 */
export const DEFAULT_DESTRUCTION_PENDING_PERIOD = "604800s";

/** Inputs of a SecretVersion as the SDK registers them. */
export interface SecretVersionInputs {
  secretId: string;
  /** As the program gives them; after `check`, markers without values. */
  entries?: (EntryInput | EntryMarker)[];
  /** After `check`: the slow salted hash of the values (a Pulumi secret). */
  valuesHash?: unknown;
  description?: string;
  regenerateOn?: string;
  destructionPendingPeriod?: string;
  entrySources?: Record<string, EntrySource>;
  /** The id of an existing version of the secret to manage instead of adding one. */
  adopt?: string;
}

/** Outputs of a SecretVersion: no `entries`; `valuesHash` stands for them. */
export interface SecretVersionOutputs extends Omit<SecretVersionInputs, "entries" | "valuesHash"> {
  versionId: string;
  status: string;
  payloadEntryKeys: string[];
  /** Whether this is the secret's current version (drift when someone moves the pointer). */
  current: boolean;
  valuesHash?: string;
  createdAt?: string;
  destroyAt?: string;
}

/** Fields that make a new version, and the ones that only change what deletion does. */
export const SECRET_VERSION_DIFF: DiffTable = {
  secretId: { change: "replace" },
  description: { change: "replace", empty: "" },
  regenerateOn: { change: "replace", empty: "" },
  destructionPendingPeriod: { change: "update", empty: DEFAULT_DESTRUCTION_PENDING_PERIOD },
  entrySources: { change: "update", empty: {} },
};

const absent = (v: unknown) => v === undefined || v === null;
const text = (v: unknown) => (absent(v) ? "" : v);

/**
 * A generated version (no entries) is made by AddVersion generating a new password, so changing
 * only its description would regenerate the password by surprise (only `regenerateOn`
 * does). Such a change is refused unless `regenerateOn` changes with it. The old inputs tell: the
 * rule applies to an existing version of the same secret, without entries before and after.
 */
function generatedDescriptionFailure(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): CheckFailure | undefined {
  if (absent(olds.secretId) || olds.secretId !== news.secretId) return undefined;
  if (!absent(olds.entries) || !absent(news.entries)) return undefined;
  if (containsUnknown(news.description) || containsUnknown(news.regenerateOn)) return undefined;
  if (text(olds.description) === text(news.description)) return undefined;
  if (text(olds.regenerateOn) !== text(news.regenerateOn)) return undefined;
  return {
    property: "description",
    reason:
      "the description of a generated version (no entries) cannot change on its own: a new version " +
      "means a new password. Keep the old description, or change regenerateOn too to generate a new " +
      "password with the new description",
  };
}

/**
 * Validates secretId, entries (keys, one value each, no duplicates), description and the period,
 * and refuses a description change that would regenerate a password (see above).
 */
export async function check(olds: Record<string, unknown>, news: Record<string, unknown>) {
  const failures: CheckFailure[] = [];
  const shape = {
    secretId: api.common.id(),
    description: api.secrets.addVersionRequest().shape.description,
    destructionPendingPeriod: api.common.duration(),
  };
  failures.push(
    ...validateFields(shape, news, Object.keys(shape), ["secretId"], {
      secretId: "secretId is required",
    }),
  );
  const entries = news.entries;
  if (entries !== undefined && entries !== null && entries !== UNKNOWN) {
    if (!Array.isArray(entries)) {
      failures.push({
        property: "entries",
        reason: "entries must be a list of {key, textValue | binaryValue}",
      });
    } else {
      if (entries.length === 0) failures.push({ property: "entries", reason: "entries must not be empty" });
      const seen = new Set<string>();
      entries.forEach((e: unknown, i: number) => {
        if (containsUnknown(e)) return;
        const entry = e as EntryInput;
        const r = api.secrets.payloadEntryChange().safeParse(entry);
        if (!r.success) {
          for (const issue of r.error.issues) {
            failures.push({
              property: [`entries[${i}]`, ...issue.path.map(String)].join("."),
              reason: issue.message,
            });
          }
          return;
        }
        if (entry.textValue === undefined && entry.binaryValue === undefined) {
          failures.push({
            property: `entries[${i}]`,
            reason: `entry "${entry.key}" needs a textValue or a binaryValue`,
          });
        }
        // An empty text value removes the key in AddVersion (docs/lockbox-api.md#addversion), so it cannot be
        // stored.
        if (entry.textValue === "") {
          failures.push({
            property: `entries[${i}].textValue`,
            reason: `entry "${entry.key}" must not be empty`,
          });
        }
        if (seen.has(entry.key)) {
          failures.push({
            property: `entries[${i}].key`,
            reason: `entry key "${entry.key}" appears more than once`,
          });
        }
        seen.add(entry.key);
      });
    }
    if (news.regenerateOn !== undefined && news.regenerateOn !== null) {
      failures.push({
        property: "regenerateOn",
        reason: "regenerateOn applies only to generated secrets: a version with entries cannot also set it",
      });
    }
  }
  failures.push(...adoptFailures(news, "version"));
  const generated = generatedDescriptionFailure(olds ?? {}, news);
  if (generated) failures.push(generated);
  return { inputs: await withoutValues(olds ?? {}, news, failures.length === 0), failures };
}

/**
 * Diff: the table, plus the values (their hash against the stored one) and the version's status (a
 * version destroyed outside Pulumi is made again). State of older versions holds an HMAC of the
 * values: compared with the values held in memory, equal values only rewrite the hash (an update
 * without a new version), so the state migrates on the next `up`.
 */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const d = diffByTable(SECRET_VERSION_DIFF, olds, news);
  const o = olds as unknown as SecretVersionOutputs;
  const newEntries = news.entries;
  const oldHash = plain(o.valuesHash);
  const hadEntries = oldHash !== undefined && oldHash !== "";
  let entriesChanged: boolean;
  let migrate = false;
  if (newEntries === undefined || newEntries === null) entriesChanged = hadEntries;
  else if (newEntries === UNKNOWN || !hadEntries) entriesChanged = true;
  else {
    const hash = await newHash(o, news);
    if (hash === UNKNOWN || typeof hash !== "string") entriesChanged = true;
    else if (isKdfHash(oldHash)) entriesChanged = hash !== oldHash;
    else {
      entriesChanged = !legacyHashMatches(o.secretId, o.versionId, oldHash, newEntries, hash);
      migrate = !entriesChanged;
    }
  }
  if (entriesChanged) {
    d.changed.push("entries");
    d.replaces.push("entries");
  } else if (migrate) d.changed.push("valuesHash");
  if (o.status !== undefined && o.status !== "ACTIVE") {
    d.changed.push("status");
    d.replaces.push("status");
  }
  d.changes = d.changed.length > 0;
  return d;
}

function outputsFrom(
  version: api.Version,
  inputs: SecretVersionInputs,
  hash: string | undefined,
  current: boolean,
): SecretVersionOutputs {
  const { entries: _entries, valuesHash: _hash, ...rest } = inputs;
  const out: SecretVersionOutputs = {
    ...rest,
    versionId: version.id,
    status: version.status,
    payloadEntryKeys: version.payloadEntryKeys,
    current,
  };
  if (hash !== undefined) out.valuesHash = hash;
  if (version.createdAt) out.createdAt = version.createdAt;
  if (version.destroyAt) out.destroyAt = version.destroyAt;
  return clean(out);
}

/**
 * Adds the version. AddVersion applies changes to a base version (docs/lockbox-api.md#addversion): the
 * version read here is named as `baseVersionId` and its keys that are not in `entries` are sent as removals,
 * so the new version holds exactly `entries` even if another writer (a second SecretVersion, `runtime.put`,
 * another stack) added a version in between (provider/client/exact-version.ts). Without entries,
 * the service generates a new password (docs/lockbox-api.md#password-generation); on a secret that is not
 * generated that would only copy the current version, so it is refused before any change.
 */
export async function create(inputs: SecretVersionInputs) {
  // The values first: without them nothing is created.
  const values = inputs.entries ? await valuesOf(inputs) : undefined;
  if (inputs.adopt) return adopt(inputs.adopt, inputs, values);
  const c = getClient();
  const started = (op: api.Operation) => {
    const versionId = metadataField(op, "versionId");
    if (!versionId) return undefined;
    const { entries, valuesHash: _hash, ...rest } = inputs;
    const properties: Record<string, unknown> = { ...rest, versionId, current: true };
    if (entries && values) {
      properties.payloadEntryKeys = entries.map((e) => e.key);
      properties.valuesHash = values.hash;
    }
    return { id: versionId, properties };
  };
  const add = (body: api.secrets.AddVersionRequest) =>
    mutateCreate("SecretVersion", (cl) => cl.secrets.addVersion(inputs.secretId, body), inputs, started);
  let op: api.Operation;
  if (values) {
    const entries = values.entries.map((e) => clean(e));
    op = await addExactVersion(c, inputs.secretId, entries, { description: inputs.description, call: add });
  } else {
    const secret = await c.secrets.get(inputs.secretId);
    if (!secret.passwordPayloadSpecification) {
      // AddVersion without changes would copy the current version: a silent duplicate.
      throw new Error(
        `SecretVersion: secret ${inputs.secretId} has no passwordPayloadSpecification, so a version ` +
          `without entries would only copy its current version. Give the version entries, or make ` +
          `the secret generated (passwordPayloadSpecification) to have the service generate a password`,
      );
    }
    op = await add(inputs.description ? { description: inputs.description } : {});
  }
  const version = responseOf(op, api.secrets.version);
  const hash = values?.hash;
  // AddVersion always makes the new version current.
  return { id: version.id, outs: outputsFrom(version, inputs, hash, true) };
}

/**
 * Adopts the existing version `versionId` of the secret instead of adding one. A version cannot
 * change, so it must already be what the program declares: active, with the declared description
 * and exactly the declared entries (compared by their keyed hash; no value is ever printed).
 */
async function adopt(
  versionId: string,
  inputs: SecretVersionInputs,
  values: { entries: EntryInput[]; hash: string } | undefined,
) {
  const c = getClient();
  const refuse = (why: string): never => {
    throw new Error(
      `SecretVersion: cannot adopt version ${versionId} of secret ${inputs.secretId}: ${why}. ` +
        `A version cannot change: declare what it holds, or remove adopt to add a new version`,
    );
  };
  let versions: api.Version[];
  try {
    versions = await collect(c.secrets.listVersions(inputs.secretId));
  } catch (err) {
    if (isNotFound(err)) refuse("there is no such secret");
    throw err;
  }
  const version = versions.find((v) => v.id === versionId) ?? refuse("the secret has no such version");
  if (version.status !== "ACTIVE") refuse(`it is ${version.status}`);
  if ((version.description ?? "") !== (inputs.description ?? "")) refuse("its description differs");
  let hash: string | undefined;
  if (values) {
    const payload = await c.payload.get(inputs.secretId, { versionId });
    hash = values.hash;
    if ((await kdfHash(specFor(inputs.secretId, hash), payload.entries)) !== hash) {
      refuse(
        `its entries differ from the declared ones (it has keys ${payload.entries.map((e) => e.key).join(", ")})`,
      );
    }
  } else if (!version.passwordPayloadSpecification) {
    refuse("it is not a generated version, so the program must declare its entries");
  }
  const current = (await c.secrets.get(inputs.secretId)).currentVersion?.id === versionId;
  return { id: versionId, outs: outputsFrom(version, inputs, hash, current) };
}

/** The outputs the service computed, as opposed to the program's inputs. */
// prettier-ignore
const COMPUTED = ["versionId", "status", "payloadEntryKeys", "current", "valuesHash", "createdAt", "destroyAt"] as const;

/**
 * Only `destructionPendingPeriod` and `entrySources` update in place: no API call. The outputs are the
 * new inputs plus the old computed fields, so an input the program no longer sets leaves state too.
 */
export async function update(_id: string, olds: SecretVersionOutputs, news: SecretVersionInputs) {
  const { entries: _entries, valuesHash: given, ...rest } = news;
  const computed: Record<string, unknown> = {};
  for (const k of COMPUTED) if (olds[k] !== undefined) computed[k] = olds[k];
  // State of older versions: the checked hash replaces the HMAC (diff found the values equal).
  const hash = plain(given);
  if (isKdfHash(hash)) computed.valuesHash = hash;
  return { outs: clean({ ...rest, ...computed }) as SecretVersionOutputs };
}

/**
 * Refreshes status and keys from ListVersions and, while the version is readable, recomputes the
 * values hash from the payload. A secret or version that is gone makes the resource gone.
 */
export async function read(id: string, props: SecretVersionOutputs) {
  const c = getClient();
  let versions: api.Version[];
  try {
    versions = await collect(c.secrets.listVersions(props.secretId));
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
  const version = versions.find((v) => v.id === id);
  if (!version) return {};
  let current: boolean;
  try {
    current = (await c.secrets.get(props.secretId)).currentVersion?.id === id;
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
  // HASH_TO_COMPUTE (an import) is a hash of ours without a spec: specFor gives the defaults.
  let hash = props.valuesHash;
  if (hash && version.status !== "DESTROYED") {
    try {
      const payload = await c.payload.get(props.secretId, { versionId: id });
      hash = isKdfHash(hash)
        ? await kdfHash(specFor(props.secretId, hash), payload.entries)
        : valuesHash(props.secretId, id, payload.entries);
    } catch (err) {
      // Without payload access (or with the secret deactivated) the stored hash stands.
      if (!isPermissionDenied(err) && !isFailedPrecondition(err) && !isNotFound(err)) throw err;
    }
  }
  return { id, props: outputsFrom(version, props, hash, current) };
}

/** Schedules the version for destruction after `destructionPendingPeriod`; gone or already scheduled is done. */
export async function remove(id: string, props: SecretVersionOutputs) {
  const pendingPeriod = props.destructionPendingPeriod ?? DEFAULT_DESTRUCTION_PENDING_PERIOD;
  try {
    await mutate((c) =>
      c.secrets.scheduleVersionDestruction(props.secretId, { versionId: id, pendingPeriod }),
    );
  } catch (err) {
    if (isNotFound(err) || isFailedPrecondition(err)) return;
    throw err;
  }
}
