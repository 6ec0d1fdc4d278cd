/**
 * The origin of each entry of a SecretVersion registered through the native provider, recorded in
 * `entrySources` like the dynamic SDK does when the program builds the resource: `secret` for a
 * value the engine sent as a Pulumi secret (a secret config value in YAML), `computed` for a value
 * unknown during preview (an output of another resource), `plaintext` for anything else (a literal
 * in the program). The policy pack's plaintext rule reads it; the lifecycle stores it and updates it
 * in place without an API call.
 *
 * When the whole `entries` list arrives as one secret (the YAML language host does this for every
 * property the schema marks secret, folding the secrecy of the values inside into it), a literal and
 * a secret config value look the same: nothing is recorded then, and the policy's
 * `whenSourceUnknown` option decides (docs/native-provider.md#policies).
 */
import { UNKNOWN } from "../lifecycle/check";
import type { EntrySource } from "../lifecycle/secret-version";
import { isSecret, SECRET_SIG, type Props } from "./values";

/** `entrySources` for the raw (still encoded) `entries` of a SecretVersion, or undefined. */
export function entrySourcesOf(rawEntries: unknown): Record<string, EntrySource> | undefined {
  const whole = isSecret(rawEntries);
  const list = whole ? rawEntries.value : rawEntries;
  if (!Array.isArray(list)) return undefined;
  if (whole && !JSON.stringify(list).includes(SECRET_SIG)) return undefined;
  const out: Record<string, EntrySource> = {};
  for (const raw of list) {
    const entry = (isSecret(raw) ? raw.value : raw) as Props | undefined;
    if (typeof entry !== "object" || entry === null) continue;
    const key = isSecret(entry.key) ? entry.key.value : entry.key;
    if (typeof key !== "string") continue;
    const value = entry.textValue ?? entry.binaryValue;
    if (isSecret(raw) || isSecret(value)) out[key] = "secret";
    else if (value === UNKNOWN) out[key] = "computed";
    else out[key] = "plaintext";
  }
  return out;
}
