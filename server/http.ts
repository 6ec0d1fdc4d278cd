/** The tiny router lockbox-local's routes plug into (no web framework, node:http only). */
import type { IncomingHttpHeaders } from "node:http";
import { listQuery } from "../provider/api/common";
import { listKeysQuery } from "../provider/api/kms";
import { getExQuery, getPayloadQuery } from "../provider/api/payload";
import { listSecretsQuery } from "../provider/api/secret";
import { errors } from "./errors";
import type { Caller } from "./iam/subjects";

/** Everything a handler needs about one request. */
export interface RequestContext {
  method: string;
  /** The path template the request matched, e.g. "/lockbox/v1/secrets/{secretId}". */
  template: string;
  requestId: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The parsed JSON body ({} when the request had none). */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The authenticated caller (an anonymous placeholder on public routes). */
  caller: Caller;
  now: number;
  /** The Idempotency-Key header of a mutating call. */
  idempotencyKey?: string;
}

/** What a handler returns. */
export interface Reply {
  status?: number;
  body: unknown;
}

/** One route: a verb and a path template with `{param}` segments and an optional `:verb` suffix. */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  template: string;
  /** Counts as a mutating call (stats, idempotency, fault eligibility). */
  mutating?: boolean;
  /** Reachable without a bearer token. */
  public?: boolean;
  /** Reads query parameters (every other route refuses any). */
  query?: boolean;
  handler(ctx: RequestContext): Reply | Promise<Reply>;
}

/** A compiled route. */
export interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

/** Compiles a template into a regex; params never contain "/" or ":". */
export function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const pattern = route.template
    .split(/(\{[a-zA-Z]+\})/)
    .map((part) => {
      const m = /^\{([a-zA-Z]+)\}$/.exec(part);
      if (m) {
        keys.push(m[1]!);
        return "([^/:]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { ...route, regex: new RegExp(`^${pattern}$`), keys };
}

/** Finds the route for a request: the route, or "method" when only the verb is wrong. */
export function match(
  routes: CompiledRoute[],
  method: string,
  pathname: string,
): { route: CompiledRoute; params: Record<string, string> } | "method" | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((k, i) => {
      try {
        params[k] = decodeURIComponent(m[i + 1]!);
      } catch {
        throw errors.invalidArgument(`${k}: the path has invalid percent-encoding`);
      }
    });
    return { route, params };
  }
  return pathMatched ? "method" : undefined;
}

/**
 * Splits a request target into its path and query string exactly as sent. The path is never
 * normalised: `.`/`..` segments (plain or percent-encoded) and backslashes are not resolved, so
 * they cannot lead into another route; such a path simply matches no template. An absolute-form
 * target (`http://host/path`) is reduced to its path.
 */
export function splitTarget(target: string): { pathname: string; search: string } {
  let rest = target;
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length) || "/";
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  return q < 0 ? { pathname: rest, search: "" } : { pathname: rest.slice(0, q), search: rest.slice(q + 1) };
}

/** Every JSON name (or dotted part of one) that a route's query schema knows. */
export function queryFieldNames(): Set<string> {
  const schemas = [listQuery(), listSecretsQuery(), listKeysQuery(), getPayloadQuery(), getExQuery()];
  return new Set(schemas.flatMap((s) => Object.keys(s.shape)).flatMap((k) => k.split(".")));
}

/** lowerCamel JSON name of a proto (snake_case) field name, as protoc derives it. */
function jsonName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Reads a query string the way the API gateway does: every dot-separated part of a name may be the
 * field's JSON name or its proto name (`versionId` or `version_id`, `folderAndName.secretName` or
 * `folder_and_name.secret_name`, mixed forms too). Proto names of `known` JSON names become their
 * JSON names; any other name is kept as sent, so the route's strict schema rejects it by the name
 * the caller used. A field given twice (under either name) is an error, as is a name that would
 * collide with an object's prototype (the result has none).
 */
export function parseQuery(search: string, known: ReadonlySet<string>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(search)) {
    const parts = name.split(".");
    const canonical = parts.every((p) => /^[a-z][a-zA-Z0-9]*(_[a-z0-9]+)*$/.test(p) && known.has(jsonName(p)))
      ? parts.map(jsonName).join(".")
      : name;
    if (Object.prototype.hasOwnProperty.call(out, canonical)) {
      throw errors.invalidArgument(`${canonical}: the query parameter is given more than once`);
    }
    out[canonical] = value;
  }
  return out;
}
