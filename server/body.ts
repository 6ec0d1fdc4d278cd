/**
 * Reading a request body: at most the body limit, strict UTF-8, JSON without unpaired surrogates,
 * nesting bounded, and proto3 JSON's `null` members dropped.
 */
import type * as http from "node:http";
import { ApiError, errors } from "./errors";

/**
 * How deep a request body may nest. Protobuf parsers stop at 100 levels of nested messages; no
 * Lockbox request comes near it, and the bound keeps every walk over a body shallow.
 */
export const MAX_BODY_DEPTH = 100;

/** The client went away before its request was read; there is nobody to answer. */
export class ClientAborted extends Error {}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Reads and parses a request body ({} when empty); throws ApiError or {@link ClientAborted}. */
export async function readBody(req: http.IncomingMessage, limitBytes: number): Promise<unknown> {
  const tooLarge = () => errors.invalidArgument(`the request body is larger than ${limitBytes} bytes`);
  if (Number(req.headers["content-length"] ?? 0) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // The only way reading a request fails is the client closing the connection mid-body.
    throw new ClientAborted();
  }
  if (req.readableAborted || !req.complete) throw new ClientAborted();
  return parseBody(Buffer.concat(chunks));
}

/** Parses body bytes as the API reads JSON; see {@link readBody}. */
export function parseBody(bytes: Buffer): unknown {
  const text = decodeUtf8(bytes).trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    // Only a body with a surrogate escape pays for the reviver (it is several times slower).
    parsed = (
      SURROGATE_ESCAPE.test(text) ? JSON.parse(text, refuseLoneSurrogates) : JSON.parse(text)
    ) as unknown;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw errors.invalidArgument("the request body is not valid JSON");
  }
  if (depthExceeds(parsed, MAX_BODY_DEPTH)) {
    throw errors.invalidArgument(`the request body nests deeper than ${MAX_BODY_DEPTH} levels`);
  }
  return withoutNulls(parsed);
}

/** Decodes a body as strict UTF-8: invalid bytes are refused, never replaced by U+FFFD (as protojson does). */
function decodeUtf8(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw errors.invalidArgument("the request body is not valid UTF-8");
  }
}

/** A JSON.parse reviver refusing strings (values or names) with an unpaired surrogate escape such as "\ud800". */
function refuseLoneSurrogates(key: string, value: unknown): unknown {
  if (/\p{Cs}/u.test(key) || (typeof value === "string" && /\p{Cs}/u.test(value))) {
    throw errors.invalidArgument(
      "the request body has a string that is not valid UTF-8 (an unpaired surrogate)",
    );
  }
  return value;
}

/** Whether a parsed JSON value nests deeper than `max` arrays/objects (iterative: any depth is safe). */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * proto3 JSON reads a `null` field as the field's default (see docs/lockbox-api.md), so null
 * members are dropped before validation: `{"description": null}` means "no description". Array
 * elements stay as they are (a null list element is still an error).
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? v : withoutNulls(v)));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null)
      Object.defineProperty(out, k, {
        value: withoutNulls(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}
