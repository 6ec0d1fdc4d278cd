/** lockbox-local's own endpoints: /health and the root-only /_local/* admin API. */
import { z } from "zod";
import { errors, parseOrThrow } from "../errors";
import { createAuthorizedKey, subjectJson } from "../iam/admin";
import { IAM_TOKEN_TTL_MS } from "../iam/subjects";
import { iso } from "../ids";
import type { RequestContext, Route } from "../http";
import { faultSpecSchema } from "../store/faults";
import type { RouteDeps } from "./deps";

function requireRoot(ctx: RequestContext): void {
  if (!ctx.caller.root) throw errors.permissionDenied("Only the root token may call /_local endpoints");
}

/** The health and admin routes. */
export function localRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  return [
    { method: "GET", template: "/health", public: true, handler: () => ({ body: { status: "ok" } }) },
    {
      method: "GET",
      template: "/_local/stats",
      handler: (ctx) => {
        requireRoot(ctx);
        return { body: deps.stats.snapshot() };
      },
    },
    {
      method: "POST",
      template: "/_local/stats:reset",
      handler: (ctx) => {
        requireRoot(ctx);
        deps.stats.reset();
        return { body: {} };
      },
    },
    {
      method: "GET",
      template: "/_local/faults",
      handler: (ctx) => {
        requireRoot(ctx);
        return { body: deps.faults.current() };
      },
    },
    {
      method: "POST",
      template: "/_local/faults",
      handler: (ctx) => {
        requireRoot(ctx);
        deps.faults.set(parseOrThrow(faultSpecSchema(), ctx.body));
        return { body: deps.faults.current() };
      },
    },
    {
      method: "POST",
      template: "/_local/reset",
      handler: (ctx) => {
        requireRoot(ctx);
        deps.reset();
        return { body: {} };
      },
    },
    {
      method: "POST",
      template: "/_local/iam/serviceAccounts",
      handler: (ctx) => {
        requireRoot(ctx);
        const b = parseOrThrow(
          z.strictObject({ name: z.string().min(1).max(63), folderId: z.string().min(1).max(50) }),
          ctx.body,
        );
        return { body: subjectJson(store.identities.createServiceAccount(b.name, b.folderId, ctx.now)) };
      },
    },
    {
      method: "POST",
      template: "/_local/iam/keys",
      handler: (ctx) => {
        requireRoot(ctx);
        const b = parseOrThrow(z.strictObject({ serviceAccountId: z.string().min(1).max(50) }), ctx.body);
        return { body: createAuthorizedKey(store, b.serviceAccountId, ctx.now) };
      },
    },
    {
      method: "POST",
      template: "/_local/iam/users",
      handler: (ctx) => {
        requireRoot(ctx);
        const b = parseOrThrow(z.strictObject({ name: z.string().min(1).max(63) }), ctx.body);
        const { user, oauthToken } = store.identities.createUser(b.name, ctx.now);
        return { body: { ...subjectJson(user), oauthToken } };
      },
    },
    {
      method: "POST",
      template: "/_local/iam/tokens",
      handler: (ctx) => {
        // Issues an IAM token for a known subject directly (tests that do not exercise the exchange).
        requireRoot(ctx);
        const b = parseOrThrow(z.strictObject({ subjectId: z.string().min(1).max(50) }), ctx.body);
        const subject = store.identities.getSubject(b.subjectId);
        if (!subject) throw errors.notFound(`Subject ${b.subjectId} not found`);
        const t = store.identities.issueIamToken(subject, ctx.now, IAM_TOKEN_TTL_MS);
        return { body: { iamToken: t.token, expiresAt: iso(t.expiresAt) } };
      },
    },
  ];
}
