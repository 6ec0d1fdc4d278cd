/**
 * Header helpers: lookup in undici's header records and redaction of credentials.
 * Private to the client (see README.md).
 */

/** What the Authorization header (and any other credential header) is replaced with in errors and logs. */
export const REDACTED = "[REDACTED]";

const SENSITIVE = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Header record as undici returns it. */
export type HeaderRecord = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Returns a copy of `headers` with every credential header replaced by {@link REDACTED}.
 * @internal
 */
export function redactHeaders(headers: HeaderRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SENSITIVE.has(name.toLowerCase())
      ? REDACTED
      : Array.isArray(value)
        ? value.join(", ")
        : value;
  }
  return out;
}

/**
 * Reads one header case-insensitively (undici lower-cases response header names already).
 * @internal
 */
export function header(headers: HeaderRecord | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const lower = name.toLowerCase();
  const value = headers[lower] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === lower)?.[1];
  return Array.isArray(value) ? value[0] : value;
}
