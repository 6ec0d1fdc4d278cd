/**
 * The lookups' one implementation: read secrets, versions, payloads and KMS keys with a given client.
 * The SDK's lookups (sdk/lookups.ts) run it in the program with a client built from the stack
 * config; the native provider's Invoke (provider/native/invoke.ts) runs it with the provider's
 * client. Plain values only: making payload values Pulumi secrets is the caller's part.
 *
 * By name, a secret is found by listing its folder (`lockbox.viewer` on the folder); a caller bound
 * only on the secret itself cannot list the folder, so the payload lookups go by name with GetEx
 * (which needs `lockbox.payloadViewer` on the secret alone) and `getSecret` falls back to it.
 */
import type * as api from "./api";
import * as client from "./client";

/** A secret by id, or by name in a folder (default: `lockbox:folderId`, then `YC_FOLDER_ID`). */
export type SecretRefArgs = { secretId: string } | { folderId?: string; name: string };

/** Find a secret by id, or by folder and name. */
export type GetSecretArgs = SecretRefArgs;

/** A password spec as the service reports it (unset `include*` flags mean true). */
export interface PasswordPayloadSpecificationResult {
  readonly passwordKey: string;
  readonly length?: number;
  readonly includeUppercase?: boolean;
  readonly includeLowercase?: boolean;
  readonly includeDigits?: boolean;
  readonly includePunctuation?: boolean;
  readonly includedPunctuation?: string;
  readonly excludedPunctuation?: string;
}

/** A version's metadata (never its values). */
export interface SecretVersionInfo {
  /** Version id. */
  readonly id: string;
  readonly secretId: string;
  /** `ACTIVE`, `SCHEDULED_FOR_DESTRUCTION` or `DESTROYED`. */
  readonly status: string;
  readonly description: string;
  readonly payloadEntryKeys: string[];
  readonly createdAt: string;
  /** When a version scheduled for destruction is destroyed; empty otherwise. */
  readonly destroyAt: string;
}

/** A secret's metadata (never its values). */
export interface GetSecretResult {
  /** Secret id. */
  readonly id: string;
  readonly folderId: string;
  readonly name: string;
  readonly description: string;
  readonly labels: Record<string, string>;
  readonly kmsKeyId: string;
  readonly status: string;
  readonly deletionProtection: boolean;
  readonly createdAt: string;
  /** Id of the current version; empty when the secret has none. */
  readonly currentVersionId: string;
  /** The whole current version; absent when the secret has none. */
  readonly currentVersion?: SecretVersionInfo;
  /** The secret's password spec; absent unless the service generates its values. */
  readonly passwordPayloadSpecification?: PasswordPayloadSpecificationResult;
}

/** Which version: the current one unless `versionId` is given. */
export type GetSecretVersionArgs = SecretRefArgs & { versionId?: string };

/** A version's metadata. */
export interface GetSecretVersionResult {
  readonly secretId: string;
  readonly versionId: string;
  readonly status: string;
  readonly description: string;
  readonly payloadEntryKeys: string[];
  readonly createdAt: string;
  readonly destroyAt: string;
}

/** Which payload: a secret by id or by folder and name, and optionally a version (default: current). */
export type GetPayloadArgs = SecretRefArgs & { versionId?: string };

/** One payload entry in the shape `SecretVersion` takes: a text value or a base64 binary value. */
export type PayloadEntryResult = { key: string; textValue: string } | { key: string; binaryValue: string };

/** A version's values, read by id or name (the SDK returns `entries` and `payloadEntries` as Pulumi secrets). */
export interface PayloadValue {
  readonly secretId: string;
  readonly versionId: string;
  readonly keys: string[];
  readonly binaryKeys: string[];
  readonly entries: Record<string, string>;
  readonly payloadEntries: PayloadEntryResult[];
}

/** One entry of a version, by key. */
export type GetSecretVersionEntryArgs = GetPayloadArgs & { key: string };

/** A KMS symmetric key by id, or by name in a folder (default: `lockbox:folderId`, then `YC_FOLDER_ID`). */
export type GetKmsSymmetricKeyArgs = { keyId: string } | { folderId?: string; name: string };

/** A KMS symmetric key's metadata. */
export interface GetKmsSymmetricKeyResult {
  /** Key id. */
  readonly id: string;
  readonly folderId: string;
  readonly name: string;
  readonly description: string;
  readonly labels: Record<string, string>;
  /** `CREATING`, `ACTIVE` or `INACTIVE`. */
  readonly status: string;
  /** Algorithm of new key versions, e.g. `AES_256`. */
  readonly defaultAlgorithm: string;
  /** Duration between automatic rotations (e.g. `"31536000s"`); empty when rotation is off. */
  readonly rotationPeriod: string;
  /** When the key was last rotated; empty if never. */
  readonly rotatedAt: string;
  readonly deletionProtection: boolean;
  readonly createdAt: string;
  /** Id of the primary key version. */
  readonly primaryVersionId: string;
}

/** The id, or the folder and name, a lookup was given; a clear error for neither or both. */
function refOf(
  what: string,
  idField: string,
  args: Record<string, unknown>,
  defaultFolder: string | undefined,
): { id: string } | { folderId: string; name: string } {
  const id = args[idField];
  const name = args.name;
  if (id !== undefined && name !== undefined) throw new Error(`${what}: give ${idField} or name, not both`);
  if (typeof id === "string" && id !== "") return { id };
  if (typeof name !== "string" || name === "")
    throw new Error(`${what}: give ${idField}, or name (and optionally folderId)`);
  const folderId = (args.folderId as string | undefined) || defaultFolder;
  if (!folderId) {
    throw new Error(
      `${what}: looking up ${JSON.stringify(name)} by name needs a folder: pass folderId, or set the ` +
        "provider's default folder with `pulumi config set lockbox:folderId <id>` or YC_FOLDER_ID",
    );
  }
  return { folderId, name };
}

/** The id of the secret named `name` in `folderId`, by GetEx (payload access on the secret suffices). */
async function secretIdByGetEx(c: client.LockboxClient, folderId: string, name: string, versionId?: string) {
  const ex = await c.payload.getEx({ folderId, secretName: name }, versionId ? { versionId } : {});
  return { secretId: ex.secretId, versionId: ex.versionId };
}

async function findSecret(
  c: client.LockboxClient,
  args: SecretRefArgs,
  what: string,
  defaultFolder: string | undefined,
): Promise<api.Secret> {
  const ref = refOf(what, "secretId", args, defaultFolder);
  if ("id" in ref) return c.secrets.get(ref.id);
  let found: api.Secret | undefined;
  try {
    for await (const s of c.secrets.list({ folderId: ref.folderId })) {
      if (s.name === ref.name) found = s;
    }
  } catch (err) {
    if (!client.isPermissionDenied(err)) throw err;
    // Not allowed to list the folder: a caller bound on the secret alone may still reach it by name.
    const ex = await secretIdByGetEx(c, ref.folderId, ref.name).catch(() => undefined);
    if (!ex) {
      throw new Error(
        `${what}: cannot find ${JSON.stringify(ref.name)} in folder ${ref.folderId}: listing the folder ` +
          "needs lockbox.viewer on it, and finding a secret by name without that needs " +
          "lockbox.payloadViewer on the secret; or look it up by secretId",
        { cause: err },
      );
    }
    return c.secrets.get(ex.secretId);
  }
  if (!found) throw new Error(`no secret named ${JSON.stringify(ref.name)} in folder ${ref.folderId}`);
  return found;
}

function versionInfo(v: api.Version): SecretVersionInfo {
  return {
    id: v.id,
    secretId: v.secretId,
    status: v.status,
    description: v.description ?? "",
    payloadEntryKeys: v.payloadEntryKeys,
    createdAt: v.createdAt ?? "",
    destroyAt: v.destroyAt ?? "",
  };
}

function passwordSpecResult(
  spec: NonNullable<api.Secret["passwordPayloadSpecification"]>,
): PasswordPayloadSpecificationResult {
  const out: Record<string, unknown> = { passwordKey: spec.passwordKey };
  if (spec.length !== undefined) out.length = Number(spec.length);
  for (const flag of [
    "includeUppercase",
    "includeLowercase",
    "includeDigits",
    "includePunctuation",
  ] as const) {
    if (typeof spec[flag] === "boolean") out[flag] = spec[flag];
  }
  if (spec.includedPunctuation) out.includedPunctuation = spec.includedPunctuation;
  if (spec.excludedPunctuation) out.excludedPunctuation = spec.excludedPunctuation;
  return out as unknown as PasswordPayloadSpecificationResult;
}

function secretResult(s: api.Secret): GetSecretResult {
  const result: GetSecretResult = {
    id: s.id,
    folderId: s.folderId,
    name: s.name ?? "",
    description: s.description ?? "",
    labels: s.labels ?? {},
    kmsKeyId: s.kmsKeyId ?? "",
    status: s.status,
    deletionProtection: s.deletionProtection ?? false,
    createdAt: s.createdAt ?? "",
    currentVersionId: s.currentVersion?.id ?? "",
    ...(s.currentVersion ? { currentVersion: versionInfo(s.currentVersion) } : {}),
    ...(s.passwordPayloadSpecification
      ? { passwordPayloadSpecification: passwordSpecResult(s.passwordPayloadSpecification) }
      : {}),
  };
  return result;
}

/** Reads a secret's metadata, its password spec and whole current version included. */
export async function getSecret(
  c: client.LockboxClient,
  args: GetSecretArgs,
  defaultFolder: string | undefined,
): Promise<GetSecretResult> {
  return secretResult(await findSecret(c, args, "getSecret", defaultFolder));
}

/** Reads a version's metadata (the current version unless `versionId` is given). */
export async function getSecretVersion(
  c: client.LockboxClient,
  args: GetSecretVersionArgs,
  defaultFolder: string | undefined,
): Promise<GetSecretVersionResult> {
  const s = await findSecret(c, args, "getSecretVersion", defaultFolder);
  let version: api.Version | undefined;
  if (args.versionId === undefined) {
    version = s.currentVersion;
    if (!version) throw new Error(`secret ${s.id} has no current version`);
  } else {
    for await (const v of c.secrets.listVersions(s.id)) {
      if (v.id === args.versionId) version = v;
    }
    if (!version) throw new Error(`secret ${s.id} has no version ${args.versionId}`);
  }
  const info = versionInfo(version);
  return {
    secretId: info.secretId,
    versionId: info.id,
    status: info.status,
    description: info.description,
    payloadEntryKeys: info.payloadEntryKeys,
    createdAt: info.createdAt,
    destroyAt: info.destroyAt,
  };
}

/** Reads a version's values (the current version unless `versionId` is given). */
export async function readPayload(
  c: client.LockboxClient,
  args: GetPayloadArgs,
  defaultFolder: string | undefined,
  what = "getPayload",
): Promise<PayloadValue> {
  const ref = refOf(what, "secretId", args, defaultFolder);
  let secretId: string;
  let versionId = args.versionId;
  if ("id" in ref) secretId = ref.id;
  else {
    // GetEx by name answers with the secret and version ids (its values are all base64, so text and
    // binary cannot be told apart); Get of that very version then returns the typed entries.
    const ex = await secretIdByGetEx(c, ref.folderId, ref.name, versionId);
    secretId = ex.secretId;
    versionId = ex.versionId;
  }
  const payload = await c.payload.get(secretId, versionId ? { versionId } : {});
  const payloadEntries: PayloadEntryResult[] = payload.entries.map((e) =>
    e.binaryValue !== undefined
      ? { key: e.key, binaryValue: e.binaryValue }
      : { key: e.key, textValue: e.textValue ?? "" },
  );
  // fromEntries defines own properties, so a key such as `__proto__` is kept like any other.
  const entries: Record<string, string> = Object.fromEntries(
    payloadEntries.map((e) => [e.key, "binaryValue" in e ? e.binaryValue : e.textValue]),
  );
  return {
    secretId,
    versionId: payload.versionId,
    keys: payloadEntries.map((e) => e.key),
    binaryKeys: payloadEntries.filter((e) => "binaryValue" in e).map((e) => e.key),
    entries,
    payloadEntries,
  };
}

/** Reads one entry of a version by key: its text value, or its binary value as base64. */
export async function readEntry(
  c: client.LockboxClient,
  args: GetSecretVersionEntryArgs,
  defaultFolder: string | undefined,
) {
  if (typeof args.key !== "string" || args.key === "")
    throw new Error("getSecretVersionEntry: give the entry's key");
  const p = await readPayload(c, args, defaultFolder, "getSecretVersionEntry");
  const entry = p.payloadEntries.find((e) => e.key === args.key);
  if (!entry) {
    throw new Error(
      `version ${p.versionId} of secret ${p.secretId} has no entry ${JSON.stringify(args.key)} ` +
        `(its keys: ${p.keys.map((k) => JSON.stringify(k)).join(", ") || "none"})`,
    );
  }
  const binary = "binaryValue" in entry;
  return {
    secretId: p.secretId,
    versionId: p.versionId,
    key: entry.key,
    binary,
    value: binary ? entry.binaryValue : entry.textValue,
  };
}

function keyResult(k: api.SymmetricKey): GetKmsSymmetricKeyResult {
  return {
    id: k.id,
    folderId: k.folderId,
    name: k.name ?? "",
    description: k.description ?? "",
    labels: k.labels ?? {},
    status: k.status ?? "STATUS_UNSPECIFIED",
    defaultAlgorithm: k.defaultAlgorithm ?? "",
    rotationPeriod: k.rotationPeriod ?? "",
    rotatedAt: k.rotatedAt ?? "",
    deletionProtection: k.deletionProtection ?? false,
    createdAt: k.createdAt ?? "",
    primaryVersionId: k.primaryVersion?.id ?? "",
  };
}

/** Reads a KMS symmetric key's metadata by id, or by name in a folder (a name two keys share is refused). */
export async function getKmsSymmetricKey(
  c: client.LockboxClient,
  args: GetKmsSymmetricKeyArgs,
  defaultFolder: string | undefined,
): Promise<GetKmsSymmetricKeyResult> {
  const ref = refOf("getKmsSymmetricKey", "keyId", args, defaultFolder);
  if ("id" in ref) return keyResult(await c.kms.keys.get(ref.id));
  const found: api.SymmetricKey[] = [];
  for await (const k of c.kms.keys.list({ folderId: ref.folderId })) {
    if (k.name === ref.name) found.push(k);
  }
  if (found.length === 0)
    throw new Error(`no KMS symmetric key named ${JSON.stringify(ref.name)} in folder ${ref.folderId}`);
  if (found.length > 1) {
    throw new Error(
      `${found.length} KMS symmetric keys are named ${JSON.stringify(ref.name)} in folder ${ref.folderId} ` +
        `(${found.map((k) => k.id).join(", ")}): look the key up by keyId`,
    );
  }
  return keyResult(found[0]!);
}
