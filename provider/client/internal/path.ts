/**
 * URL building without string concatenation of caller data
 * (docs/conventions.md#urls-are-built-never-concatenated). Private to the client (see README.md).
 */

/**
 * Tagged template for request paths: every interpolated value is percent-encoded as one path segment
 * (so an id cannot smuggle `/`, `?` or a `:customMethod` suffix) and must not be empty.
 *
 * @example path`/lockbox/v1/secrets/${secretId}:activate`
 * @internal
 */
export function path(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== "string" || value.length === 0) {
      throw new TypeError(`path parameter ${i + 1} must be a non-empty string`);
    }
    if (value === "." || value === "..") {
      throw new TypeError(`path parameter ${i + 1} must not be "." or ".."`);
    }
    out += encodeURIComponent(value) + (strings[i + 1] ?? "");
  }
  return out;
}

/** A query value: absent values are skipped; numbers and booleans are printed. */
export type QueryValue = string | number | boolean | undefined | null;

/**
 * Builds a query string (with the leading `?`, or "" when empty) from a flat object; nested request fields
 * use dotted names such as `folderAndName.folderId` (docs/lockbox-api.md#wire-format).
 * @internal
 */
export function query(params: Readonly<Record<string, QueryValue>> | undefined): string {
  if (params === undefined) return "";
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    search.append(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
