/**
 * The web console's static files, served at `/console` on lockbox-local's own port. The console is a
 * page plus hand-written native ES modules (one per page, app.js loads them) and a style sheet (in
 * `static/`), with no build step; it talks to the same REST API
 * as every other client, with the signed-in caller's token, so it has no access of its own.
 *
 * Only GET and HEAD are answered; every response carries a strict Content-Security-Policy (scripts,
 * styles and connections from this origin only, no inline code, no framing, no form posts).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type * as http from "node:http";
import * as path from "node:path";

/** The path the console lives under. */
export const CONSOLE_PATH = "/console";

/** The Content-Security-Policy of every console response. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONSOLE_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Content types of the files served, by extension. */
const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  // ES modules: a module script must come with a JavaScript type, and `script-src 'self'` covers
  // every `import` of a sibling module.
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * The files served, by the name after `/console/` ("" is the page itself): every file of the static
 * folder with a plain name (`[a-z0-9-]+` and a known extension), read once at the first request.
 */
function files(dir: string): Array<[name: string, file: string, type: string]> {
  const out: Array<[string, string, string]> = [["", "index.html", TYPES[".html"]!]];
  for (const file of fs.readdirSync(dir).sort()) {
    const type = TYPES[path.extname(file)];
    if (type && /^[a-z0-9-]+\.[a-z]+$/.test(file) && file !== "index.html") out.push([file, file, type]);
  }
  return out;
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Where the static files are: next to this module when running from the source tree (ts-node), or
 * in the package's `server/console/static` when running from `dist/server/console` (the build does not
 * copy non-TypeScript files; the package's `files` ships that folder).
 */
export function staticDir(): string {
  const candidates = [
    path.join(__dirname, "static"),
    path.resolve(__dirname, "..", "..", "..", "server", "console", "static"),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "index.html")));
  if (!found) throw new Error(`the console's static files are missing (looked in ${candidates.join(", ")})`);
  return found;
}

let cache: Map<string, Asset> | undefined;

function assets(): Map<string, Asset> {
  if (cache) return cache;
  const dir = staticDir();
  const out = new Map<string, Asset>();
  for (const [name, file, type] of files(dir)) {
    const body = fs.readFileSync(path.join(dir, file));
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    out.set(name, { body, type, etag });
  }
  cache = out;
  return out;
}

function reply(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: Buffer,
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, "content-length": body.length });
  res.end(req.method === "HEAD" ? undefined : body);
}

function text(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string) {
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
  };
  if (status === 405) headers.allow = "GET, HEAD";
  reply(req, res, status, headers, Buffer.from(message + "\n", "utf8"));
}

/**
 * Answers a request for `/console` or anything under it and returns true; returns false for every
 * other path (the API router handles those). Never throws.
 */
export function handleConsoleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = req.url ?? "/";
  const pathname = url.split("?", 1)[0]!.split("#", 1)[0]!;
  if (pathname !== CONSOLE_PATH && !pathname.startsWith(CONSOLE_PATH + "/")) return false;
  const method = (req.method ?? "GET").toUpperCase();
  try {
    if (method !== "GET" && method !== "HEAD") {
      text(req, res, 405, `${method} is not allowed here: the console only answers GET and HEAD`);
      return true;
    }
    // "/console" and "/console/" are the page; the page loads its files with absolute paths.
    const name = pathname === CONSOLE_PATH ? "" : pathname.slice(CONSOLE_PATH.length + 1);
    const asset = assets().get(name);
    if (!asset) {
      text(req, res, 404, "Not found: the console has no such file");
      return true;
    }
    const headers = {
      "content-type": asset.type,
      etag: asset.etag,
      // The page and its files are small; revalidate each time so an upgrade is picked up at once.
      "cache-control": name === "" ? "no-store" : "no-cache",
    };
    if (name !== "" && req.headers["if-none-match"] === asset.etag) {
      res.writeHead(304, { ...SECURITY_HEADERS, etag: asset.etag, "cache-control": "no-cache" });
      res.end();
      return true;
    }
    reply(req, res, 200, headers, asset.body);
  } catch {
    if (!res.headersSent) text(req, res, 500, "The console's files could not be read");
    else res.destroy();
  }
  return true;
}
