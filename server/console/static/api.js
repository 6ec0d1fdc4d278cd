// The REST API as the signed-in caller: the session (token in this tab's memory only), calls with
// idempotency keys, waiting for Operations, paging, and errors in plain words.
let onExpired = () => {};
/** Sets what happens when the server refuses the signed-in caller's token (view.js signs out). */
export function whenExpired(fn) {
  onExpired = fn;
}

export const session = { token: "", folderId: "", kind: "" };

/** gRPC code numbers the API answers with, by name. */
export const CODE = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** Calls the REST API as the signed-in caller; throws ApiError with the server's status body. */
export async function api(method, path, { query, body, auth = true } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== "") url.searchParams.set(k, v);
  const headers = {};
  if (auth) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && auth) headers["idempotency-key"] = randomKey();
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      redirect: "error",
    });
  } catch {
    throw new ApiError(0, CODE.UNAVAILABLE, "lockbox-local could not be reached. Is it still running?");
  }
  let json = {};
  try {
    json = await res.json();
  } catch {
    // not JSON: the status line speaks for itself
  }
  if (!res.ok) {
    const requestId = res.headers.get("x-request-id") ?? "";
    const err = new ApiError(res.status, json.code ?? 0, json.message || res.statusText, requestId);
    if (res.status === 401 && auth && session.token) onExpired();
    throw err;
  }
  return json;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a mutating call and waits for its Operation to finish; returns the finished Operation. */
export async function mutate(method, path, body) {
  let op = await api(method, path, { body });
  const started = Date.now();
  for (let wait = 50; !op.done; wait = Math.min(wait * 2, 1000)) {
    if (Date.now() - started > 120000)
      throw new Error(`Operation ${op.id} is still running; check it later.`);
    await sleep(wait);
    op = await api("GET", `/operations/${encodeURIComponent(op.id)}`);
  }
  if (op.error) throw new ApiError(0, op.error.code, op.error.message, "");
  return op;
}

/** Reads every page of a List method (bounded). */
export async function listAll(path, field, query = {}, maxPages = 20) {
  const items = [];
  let pageToken = "";
  for (let i = 0; i < maxPages; i++) {
    const page = await api("GET", path, { query: { ...query, pageSize: "1000", pageToken } });
    items.push(...(page[field] ?? []));
    pageToken = page.nextPageToken ?? "";
    if (!pageToken) break;
  }
  return items;
}

export const secretPath = (id, suffix = "") => `/lockbox/v1/secrets/${encodeURIComponent(id)}${suffix}`;

/** The error in plain words; `what` completes "You are not allowed to …". */
export function explain(err, what, roleHint) {
  if (!(err instanceof ApiError)) return err.message || String(err);
  const said = err.message ? ` The server said: “${err.message}”.` : "";
  switch (err.code) {
    case CODE.PERMISSION_DENIED:
      return `You are not allowed to ${what}.${roleHint ? ` ${roleHint}` : ""}${said}`;
    case CODE.UNAUTHENTICATED:
      return "Your token was not accepted (it is wrong or has expired). Sign in again.";
    case CODE.NOT_FOUND:
      return `Not found.${said}`;
    case CODE.FAILED_PRECONDITION:
      return `This cannot be done in the current state.${said}`;
    case CODE.ALREADY_EXISTS:
      return `That already exists.${said}`;
    case CODE.INVALID_ARGUMENT:
      return `Some input was not accepted.${said}`;
    case CODE.RESOURCE_EXHAUSTED:
      return `A limit was reached or the server is busy; try again shortly.${said}`;
    default:
      return `${err.message || "The request failed"}${err.requestId ? ` (request ${err.requestId})` : ""}`;
  }
}

export const HINT_MANAGE =
  "Changing secrets needs the lockbox.editor role (or lockbox.admin) on the secret or its folder.";

export const HINT_PAYLOAD =
  "Revealing values needs the lockbox.payloadViewer role (or lockbox.admin) on this secret or its folder; ask an administrator to grant it.";

export const HINT_ACCESS = "Changing access needs the lockbox.admin role on the secret or its folder.";

export const HINT_READ =
  "Seeing secrets needs the lockbox.viewer role (or higher) on the folder or the secret.";
