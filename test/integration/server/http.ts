/** Raw-fetch helpers for the lockbox-local integration suites. */
import * as assert from "node:assert/strict";
import type { LocalServer } from "../../helpers/server";

/** A response as the suites inspect it. */
export interface Res {
  status: number;
  body: Record<string, unknown> & { [k: string]: unknown };
  headers: Headers;
}

/** A caller bound to one server and one bearer token. */
export interface Caller {
  get(path: string, headers?: Record<string, string>): Promise<Res>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Res>;
  delete(path: string, headers?: Record<string, string>): Promise<Res>;
}

/** Sends one request and parses the JSON answer. */
export async function call(
  url: string,
  method: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  const h: Record<string, string> = { ...headers };
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const res = await fetch(url, {
    method,
    headers: h,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Res["body"]) : {}, headers: res.headers };
}

/** A caller for `server` with `token` (the root token by default). */
export function as(
  server: Pick<LocalServer, "url" | "rootToken">,
  token: string | undefined = server.rootToken,
): Caller {
  return {
    get: (p, h) => call(server.url + p, "GET", token, undefined, h),
    post: (p, b, h) => call(server.url + p, "POST", token, b ?? {}, h),
    patch: (p, b, h) => call(server.url + p, "PATCH", token, b, h),
    delete: (p, h) => call(server.url + p, "DELETE", token, undefined, h),
  };
}

/** Asserts a 200 Operation that is done with a response, and returns it. */
export function done(
  res: Res,
): { metadata: Record<string, unknown>; response: Record<string, unknown> } & Res["body"] {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.done, true);
  return res.body as never;
}

/** Asserts an error answer with the HTTP status and gRPC code, and returns its message. */
export function failed(res: Res, status: number, code: number): string {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.code, code, JSON.stringify(res.body));
  return String(res.body.message);
}

/** Creates a secret with text entries as root and returns its id and first version id. */
export async function createSecret(
  c: Caller,
  body: Record<string, unknown>,
): Promise<{ secretId: string; versionId: string | undefined }> {
  const op = done(await c.post("/lockbox/v1/secrets", body));
  return { secretId: String(op.metadata.secretId), versionId: op.metadata.versionId as string | undefined };
}
