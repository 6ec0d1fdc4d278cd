/**
 * The keyed hash SecretVersion's outputs hold instead of its values, so `pulumi refresh` and
 * `pulumi up` can tell whether the values changed without comparing against stored values. (The values
 * themselves are in state only in the inputs, encrypted as a Pulumi secret:
 * docs/state-and-secrets.md#the-values-hash.)
 */
import { createHash, createHmac } from "node:crypto";

/** A payload entry as the provider receives it: a key with a text or a base64 binary value. */
export interface EntryInput {
  key: string;
  textValue?: string;
  binaryValue?: string;
}

/**
 * HMAC-SHA256 over the entries sorted by key, keyed by a digest of the secret and version ids (never
 * by a value), printed as `hmac-sha256:<hex>`. Those ids are not secret (they are in state too), so
 * the key is no secret either: the hash keeps values out of the outputs and differs between versions, but
 * anyone who could read it could test guesses of a low-entropy value against it, which is why it is stored as
 * a Pulumi secret too. The order does not count: the service keeps the keys
 * of the current version first and appends new ones (docs/lockbox-api.md#addversion), so a version read back
 * lists its keys in another order than the program may. Binary values are compared as bytes, so url-safe and
 * standard base64 of the same bytes hash alike.
 */
export function valuesHash(secretId: string, versionId: string, entries: readonly EntryInput[]): string {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return orderedValuesHash(secretId, versionId, sorted);
}

/**
 * The hash over the entries in the order given, as state written before the hash became
 * order-insensitive holds it: `diff` accepts it too, so those versions are not replaced for nothing.
 */
export function orderedValuesHash(
  secretId: string,
  versionId: string,
  entries: readonly EntryInput[],
): string {
  const key = createHash("sha256").update(`pulumi-lockbox/values/${secretId}/${versionId}`).digest();
  const mac = createHmac("sha256", key);
  for (const e of entries) {
    const bytes =
      e.binaryValue !== undefined ? Buffer.from(e.binaryValue, "base64") : Buffer.from(e.textValue ?? "");
    const kind = e.binaryValue !== undefined ? "b" : "t";
    // Length-prefixed fields, so no two different entry lists serialize alike.
    mac.update(`${Buffer.byteLength(e.key)}:${e.key}:${kind}:${bytes.length}:`).update(bytes);
  }
  return `hmac-sha256:${mac.digest("hex")}`;
}
