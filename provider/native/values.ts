/**
 * Property values as the engine sends them to a provider that accepts secrets: a secret is an object
 * `{ "<sig key>": "<secret sig>", value }`, an unknown (during preview) the string UNKNOWN of
 * provider/lifecycle/check.ts. The lifecycle takes plain values, so the host unwraps secrets on the
 * way in, remembering which top-level properties held one, and wraps them again on the way out
 * (docs/pulumi-engine.md#native-provider-protocol).
 */

import { asSecret, isSecret } from "../lifecycle/secret-envelope";

export { SIG_KEY, SECRET_SIG, isSecret } from "../lifecycle/secret-envelope";

/** Properties: a plain object of JSON values. */
export type Props = Record<string, unknown>;

/** `v` as an encoded secret (once: an encoded secret is returned as is). */
export function secret(v: unknown): unknown {
  return isSecret(v) ? v : asSecret(v);
}

/** `v` with every encoded secret replaced by its value, and whether it held one. */
export function reveal(v: unknown): { value: unknown; secret: boolean } {
  if (isSecret(v)) return { value: reveal(v.value).value, secret: true };
  if (Array.isArray(v)) {
    const items = v.map(reveal);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (v !== null && typeof v === "object") {
    let found = false;
    const out: Props = {};
    for (const [k, item] of Object.entries(v)) {
      const r = reveal(item);
      out[k] = r.value;
      found ||= r.secret;
    }
    return { value: out, secret: found };
  }
  return { value: v, secret: false };
}

/** Plain properties and the names of the top-level properties that held a secret anywhere inside. */
export function unwrap(props: Props | undefined): { plain: Props; secrets: Set<string> } {
  const plain: Props = {};
  const secrets = new Set<string>();
  for (const [k, v] of Object.entries(props ?? {})) {
    const r = reveal(v);
    plain[k] = r.value;
    if (r.secret) secrets.add(k);
  }
  return { plain, secrets };
}

/**
 * `props` ready for the engine: the properties named in `secrets` encoded as secrets, `undefined`
 * dropped (a Struct cannot hold it), everything else as is.
 */
export function wrap(props: Props, secrets: Iterable<string>): Props {
  const names = new Set(secrets);
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    const clean = JSON.parse(JSON.stringify(v)) as unknown;
    out[k] = names.has(k) ? secret(clean) : clean;
  }
  return out;
}
