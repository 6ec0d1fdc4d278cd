/**
 * Entries of concurrent version writers, and how to read a version's entries back: shared by the
 * integration and end-to-end tests of concurrent version writes.
 */
import type { LockboxClient } from "../../provider/client";

/** The entries of one writer: `count` keys named after the writer, each with its own value. */
export function entriesOf(writer: string, count: number): { key: string; textValue: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${writer}-k${i}`,
    textValue: `${writer}-value-${i}`,
  }));
}

/** The entries of one version, as `{ key, textValue }` in the version's order. */
export async function payloadOf(raw: LockboxClient, secretId: string, versionId: string) {
  const p = await raw.payload.get(secretId, { versionId });
  return p.entries.map((e) => ({ key: e.key, textValue: e.textValue }));
}
