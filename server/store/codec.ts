/**
 * The payload codec: a version's entries as the bytes the keyring encrypts, and back. Compact JSON
 * (`k` key, `t` text or `b` base64 binary); the plaintext buffer is the caller's to zero.
 */
import type { Entry } from "./records";

type Stored = { k: string; t?: string; b?: string };

/** Entries to plaintext bytes. */
export function encodeEntries(entries: readonly Entry[]): Buffer {
  const items: Stored[] = entries.map((e) =>
    e.binary ? { k: e.key, b: e.binary.toString("base64") } : { k: e.key, t: e.text ?? "" },
  );
  return Buffer.from(JSON.stringify(items), "utf8");
}

/** Plaintext bytes to entries. */
export function decodeEntries(plain: Buffer): Entry[] {
  const items = JSON.parse(plain.toString("utf8")) as Stored[];
  return items.map((i) =>
    i.b !== undefined ? { key: i.k, binary: Buffer.from(i.b, "base64") } : { key: i.k, text: i.t ?? "" },
  );
}

/** The total size of the values of a version (UTF-8 bytes of text, bytes of binary). */
export function valueBytes(entries: readonly Entry[]): number {
  let total = 0;
  for (const e of entries) total += e.binary ? e.binary.length : Buffer.byteLength(e.text ?? "", "utf8");
  return total;
}
