/**
 * Every JSON body lockbox-local answers, rendered from store records (see docs/lockbox-api.md and
 * docs/kms.md): default-valued fields omitted, int64 as strings, RFC 3339 `Z` timestamps, `@type`
 * on Any values. Errors are rendered by errors.ts (renderStatus).
 */
import { iso, isoSeconds } from "./ids";
import type { PasswordSpec } from "./crypto/password";
import type {
  Entry,
  Json,
  KmsKeyRecord,
  OperationRecord,
  Page,
  SecretRecord,
  VersionRecord,
} from "./store/store";

export type { Json };

/** The `@type` URL of a proto message. */
export function typeUrl(fullName: string): string {
  return `type.googleapis.com/${fullName}`;
}

/** A message packed in a google.protobuf.Any: its `@type` first, then its fields. */
export function packed(fullName: string, fields: Json = {}): Json {
  return { "@type": typeUrl(fullName), ...fields };
}

/** A PasswordPayloadSpecification as responses print it: length as a string, unset BoolValues omitted. */
export function passwordSpecJson(spec: PasswordSpec): Json {
  const out: Json = { passwordKey: spec.passwordKey };
  if (spec.length) out.length = String(spec.length);
  for (const k of ["includeUppercase", "includeLowercase", "includeDigits", "includePunctuation"] as const) {
    const v = spec[k];
    if (v === true || v === false) out[k] = v;
  }
  if (spec.includedPunctuation) out.includedPunctuation = spec.includedPunctuation;
  if (spec.excludedPunctuation) out.excludedPunctuation = spec.excludedPunctuation;
  return out;
}

/** Version. */
export function versionJson(v: VersionRecord): Json {
  const out: Json = { id: v.id, secretId: v.secretId, createdAt: iso(v.createdAt) };
  if (v.status === "SCHEDULED_FOR_DESTRUCTION" && v.destroyAt !== null) out.destroyAt = iso(v.destroyAt);
  if (v.description) out.description = v.description;
  out.status = v.status;
  if (v.entryKeys.length > 0) out.payloadEntryKeys = [...v.entryKeys];
  if (v.passwordSpec) out.passwordPayloadSpecification = passwordSpecJson(v.passwordSpec);
  return out;
}

/** Secret; `status` is CREATING until the Create operation completes. */
export function secretJson(s: SecretRecord, current: VersionRecord | undefined, now: number): Json {
  const out: Json = { id: s.id, folderId: s.folderId, createdAt: iso(s.createdAt) };
  if (s.name) out.name = s.name;
  if (s.description) out.description = s.description;
  if (Object.keys(s.labels).length > 0) out.labels = { ...s.labels };
  if (s.kmsKeyId) out.kmsKeyId = s.kmsKeyId;
  out.status = now < s.readyAt ? "CREATING" : s.status;
  if (current) out.currentVersion = versionJson(current);
  // deletionProtection:false appears in the service's responses, so it is always printed.
  out.deletionProtection = s.deletionProtection;
  if (s.passwordSpec) out.passwordPayloadSpecification = passwordSpecJson(s.passwordSpec);
  return out;
}

/** SymmetricKey: empty description and unset rotationPeriod omitted, `hostedByHsm:false` omitted. */
export function kmsKeyJson(k: KmsKeyRecord, now: number): Json {
  const out: Json = { id: k.id, folderId: k.folderId, createdAt: isoSeconds(k.createdAt) };
  if (k.name) out.name = k.name;
  if (k.description) out.description = k.description;
  if (Object.keys(k.labels).length > 0) out.labels = { ...k.labels };
  out.status = now < k.readyAt ? "CREATING" : k.status;
  out.primaryVersion = {
    id: k.primaryVersionId,
    keyId: k.id,
    status: "ACTIVE",
    algorithm: k.defaultAlgorithm,
    createdAt: isoSeconds(k.createdAt),
    primary: true,
  };
  out.defaultAlgorithm = k.defaultAlgorithm;
  if (k.rotationPeriod) out.rotationPeriod = k.rotationPeriod;
  out.deletionProtection = k.deletionProtection;
  return out;
}

/** Operation: `done` flips once the configured delay has passed. */
export function operationJson(op: OperationRecord, now: number): Json {
  const done = now >= op.doneAt;
  const out: Json = {
    id: op.id,
    description: op.description,
    createdAt: iso(op.createdAt),
    createdBy: op.createdBy,
    modifiedAt: iso(done ? Math.max(op.doneAt, op.createdAt) : op.createdAt),
    done,
    metadata: op.metadata,
  };
  if (done) {
    if (op.error) out.error = op.error;
    else out.response = op.response;
  }
  return out;
}

/** A List response: `{<field>: items}`, with `nextPageToken` only when there is a next page. */
export function pageJson<T>(field: string, page: Page<T>, item: (record: T) => unknown): Json {
  const body: Json = { [field]: page.items.map(item) };
  if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
  return body;
}

/** Payload (PayloadService.Get): text entries as `textValue`, binary ones base64 in `binaryValue`. */
export function payloadJson(p: { versionId: string; entries: Entry[] }): Json {
  return {
    versionId: p.versionId,
    entries: p.entries.map((e) =>
      e.binary
        ? { key: e.key, binaryValue: e.binary.toString("base64") }
        : { key: e.key, textValue: e.text ?? "" },
    ),
  };
}

/**
 * GetExResponse: entries is map<string, bytes>, so every value is base64, text included. Built with
 * fromEntries so a key such as "__proto__" becomes an own property, not a prototype.
 */
export function getExJson(secretId: string, p: { versionId: string; entries: Entry[] }): Json {
  const entries = Object.fromEntries(
    p.entries.map((e) => [e.key, (e.binary ?? Buffer.from(e.text ?? "", "utf8")).toString("base64")]),
  );
  return { secretId, versionId: p.versionId, entries };
}
