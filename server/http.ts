/** The tiny router lockbox-local's routes plug into (no web framework, node:http only). */
import type { IncomingHttpHeaders } from "node:http";
import { errors } from "./errors";
import type { Caller } from "./iam/subjects";
import type { MutationContext } from "./store/store";

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
  /** Builds the context of a mutating store call. */
  mutation(): MutationContext;
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
