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

/**
 * How many objects, arrays and object members together a request body may hold. The largest valid
 * request (UpdateAccessBindings with 1,000 deltas) holds about 9,000; the bound keeps JSON.parse's
 * work on any body small whatever its shape (its cost grows with objects and members far more than
 * with bytes). Counted on the text, before parsing.
 */
export const MAX_BODY_NODES = 20_000;

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

/**
 * Parses body bytes as the API reads JSON; see {@link readBody}. The cost stays near one
 * JSON.parse of the body: nesting is checked on the text before parsing (a too-deep body is refused
 * without building anything), and null members are stripped in one iterative pass only when the
 * text has a `null` at all. Figures in docs/reliability.md.
 */
export function parseBody(bytes: Buffer): unknown {
  const text = decodeUtf8(bytes).trim();
  if (text === "") return {};
  const shape = scanJsonText(text, MAX_BODY_DEPTH);
  if (shape.tooDeep) {
    throw errors.invalidArgument(`the request body nests deeper than ${MAX_BODY_DEPTH} levels`);
  }
  if (shape.containers + shape.members > MAX_BODY_NODES) {
    throw errors.invalidArgument(
      `the request body holds more than ${MAX_BODY_NODES} objects, arrays and members in all`,
    );
  }
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
  return text.includes("null") ? stripNulls(parsed) : parsed;
}

/**
 * Whether JSON text nests deeper than `maxDepth` arrays/objects, how many it opens and how many
 * object members it has, by counting brackets and colons outside strings. Text that is not JSON may
 * be misjudged; JSON.parse refuses it right after.
 */
export function scanJsonText(
  text: string,
  maxDepth: number,
): { tooDeep: boolean; containers: number; members: number } {
  let depth = 0;
  let containers = 0;
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      containers++;
      if (++depth > maxDepth) return { tooDeep: true, containers, members };
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x3a) members++;
  }
  return { tooDeep: false, containers, members };
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

/**
 * proto3 JSON reads a `null` field as the field's default (see docs/lockbox-api.md), so null
 * members are dropped before validation: `{"description": null}` means "no description". Array
 * elements stay as they are (a null list element is still an error). Works in place, iteratively
 * (any depth is safe), on a freshly parsed value; returns it.
 */
export function stripNulls(value: unknown): unknown {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const child = obj[k];
      if (child === null) delete obj[k];
      else if (typeof child === "object") stack.push(child);
    }
  }
  return value;
}
