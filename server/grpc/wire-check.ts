/**
 * Strict checks of a request message's raw bytes, run before the SDK's decoder reads them
 * (docs/grpc.md#strict-request-decoding). The generated ts-proto decoders read a field by its number
 * alone, whatever its wire type, and protobufjs replaces invalid UTF-8 instead of reporting it; a
 * standard protobuf parser refuses both. The layout of each message (field numbers, wire types,
 * string or bytes, nested message, repeated, map) is derived from the generated decoders
 * themselves (`server/grpc/wire-schema.ts`), so no field list is kept by hand.
 *
 * Refused here, as INVALID_ARGUMENT: a known field with the wrong wire type; truncated or
 * malformed bytes; a string (nested, repeated, map key or value) that is not valid UTF-8; more than
 * {@link MAX_REPEATED} items in one repeated field or map (counted as they are met, so an oversized
 * list costs at most that many items of work); a Duration or Timestamp outside its proto range.
 * Unknown fields are skipped, as proto3 parsers do.
 */
import { MAX_DURATION_SECONDS, MAX_ENTRIES } from "../limits";
import type { FieldSpec, MessageSchema } from "./wire-schema";

/** Items in one repeated field or map of one message: REST's cap on entry lists (server/limits.ts). */
export const MAX_REPEATED = MAX_ENTRIES;
/** Nesting depth of messages and groups, protobuf's default recursion limit. */
export const MAX_DEPTH = 100;

/** google.protobuf.Timestamp seconds: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
const MIN_TIMESTAMP_S = -62_135_596_800n;
const MAX_TIMESTAMP_S = 253_402_300_799n;

/** A request refused by the checks; `message` names the field, never its value. */
export class WireError extends Error {
  override name = "WireError";
}

/** A map entry keyed `__proto__`: the decoder drops it, so it is put back after decoding. */
export interface ProtoKeyFixup {
  /** Field names and list indexes leading to the message that holds the map. */
  path: Array<string | number>;
  map: string;
  /** The entry's bytes, for the entry codec to decode. */
  entry: Uint8Array;
  schema: MessageSchema;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const WIRE_NAMES = ["varint", "64-bit", "length-delimited", "start-group", "end-group", "32-bit"];

class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  /** A varint as a number (exact up to 2^53; tags and lengths are far below). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError("the message is truncated inside a varint");
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new WireError("a varint is longer than 10 bytes");
  }

  /** A varint as a 64-bit two's-complement integer. */
  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError("the message is truncated inside a varint");
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
    }
    throw new WireError("a varint is longer than 10 bytes");
  }

  skip(n: number): void {
    if (n > this.end - this.pos) throw new WireError("the message is truncated");
    this.pos += n;
  }

  /** A length-delimited value's [start, end). */
  delimited(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    this.skip(len);
    return [start, start + len];
  }
}

/** The wire type a field of this kind is written with. */
function expectedWire(f: FieldSpec): number {
  switch (f.kind) {
    case "varint":
      return 0;
    case "fixed64":
      return 1;
    case "fixed32":
      return 5;
    default:
      return 2;
  }
}

function fieldPath(path: Array<string | number>, name: string): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? name : `${out}.${name}`;
}

/** Skips an unknown field's value (groups included, as proto parsers do). */
function skipUnknown(c: Cursor, wire: number, fieldNo: number, depth: number): void {
  switch (wire) {
    case 0:
      c.varint();
      return;
    case 1:
      c.skip(8);
      return;
    case 2:
      c.delimited();
      return;
    case 5:
      c.skip(4);
      return;
    case 3: {
      if (depth >= MAX_DEPTH) throw new WireError(`groups nest deeper than ${MAX_DEPTH} levels`);
      for (;;) {
        const tag = c.varint();
        const no = Math.floor(tag / 8);
        if (no === 0) throw new WireError("a field number is 0");
        if (tag % 8 === 4) {
          if (no !== fieldNo) throw new WireError("a group ends with another field's number");
          return;
        }
        skipUnknown(c, tag % 8, no, depth + 1);
      }
    }
    default:
      throw new WireError(
        wire === 4 ? "an end-group tag without its start-group" : `wire type ${wire} does not exist`,
      );
  }
}

function checkString(c: Cursor, [start, end]: [number, number], at: () => string): string {
  try {
    return utf8.decode(c.buf.subarray(start, end));
  } catch {
    throw new WireError(`${at()}: the string is not valid UTF-8`);
  }
}

/**
 * Checks one message's bytes against its schema; throws {@link WireError}. Returns the
 * `__proto__` map entries the decoder will drop, for {@link applyProtoKeyFixups}.
 */
export function checkMessage(bytes: Uint8Array, schema: MessageSchema): ProtoKeyFixup[] {
  const fixups: ProtoKeyFixup[] = [];
  walk(new Cursor(bytes, 0, bytes.length), schema, [], 0, fixups);
  return fixups;
}

function walk(
  c: Cursor,
  schema: MessageSchema,
  path: Array<string | number>,
  depth: number,
  fixups: ProtoKeyFixup[],
): string | undefined {
  if (depth > MAX_DEPTH) throw new WireError(`messages nest deeper than ${MAX_DEPTH} levels`);
  const counts = new Map<number, number>();
  const wellKnown =
    schema.fullName === "google.protobuf.Duration" || schema.fullName === "google.protobuf.Timestamp";
  let seconds = 0n;
  let nanos = 0n;
  let mapKey: string | undefined;
  while (c.pos < c.end) {
    const tag = c.varint();
    const fieldNo = Math.floor(tag / 8);
    const wire = tag % 8;
    if (fieldNo === 0 || fieldNo > 0x1fffffff) throw new WireError(`field number ${fieldNo} is out of range`);
    const f = schema.fields.get(fieldNo);
    if (!f) {
      skipUnknown(c, wire, fieldNo, depth);
      continue;
    }
    const at = () => fieldPath(path, f.name);
    const expected = expectedWire(f);
    const packed = f.repeated && expected !== 2 && wire === 2;
    if (wire !== expected && !packed) {
      throw new WireError(
        `${at()}: wire type ${wire} (${WIRE_NAMES[wire] ?? "invalid"}) where the field's type is ${expected} (${WIRE_NAMES[expected]})`,
      );
    }
    let index = 0;
    if (f.repeated) {
      index = counts.get(fieldNo) ?? 0;
      counts.set(fieldNo, index + 1);
      if (index >= MAX_REPEATED) throw new WireError(`${at()}: at most ${MAX_REPEATED} items are allowed`);
    }
    if (packed) {
      const [start, end] = c.delimited();
      const inner = new Cursor(c.buf, start, end);
      while (inner.pos < inner.end) {
        if (expected === 0) inner.varint();
        else inner.skip(expected === 1 ? 8 : 4);
        counts.set(fieldNo, ++index);
        if (index > MAX_REPEATED) throw new WireError(`${at()}: at most ${MAX_REPEATED} items are allowed`);
      }
      continue;
    }
    switch (f.kind) {
      case "varint":
        if (wellKnown && fieldNo === 1) seconds = c.varintBig();
        else if (wellKnown && fieldNo === 2) nanos = BigInt.asIntN(32, c.varintBig());
        else c.varint();
        break;
      case "fixed64":
        c.skip(8);
        break;
      case "fixed32":
        c.skip(4);
        break;
      case "bytes":
        c.delimited();
        break;
      case "string": {
        const s = checkString(c, c.delimited(), at);
        if (schema.mapEntry && fieldNo === 1) mapKey = s;
        break;
      }
      case "message": {
        const [start, end] = c.delimited();
        const nested = f.message!();
        const here = f.repeated && !f.map ? [...path, f.name, index] : [...path, f.name];
        const key = walk(new Cursor(c.buf, start, end), nested, here, depth + 1, fixups);
        if (f.map && key === "__proto__") {
          fixups.push({ path, map: f.name, entry: c.buf.subarray(start, end), schema: nested });
        }
        break;
      }
    }
  }
  if (wellKnown) checkTime(schema.fullName, seconds, nanos, path);
  return mapKey;
}

/** Duration and Timestamp ranges (https://protobuf.dev/reference/protobuf/google.protobuf/). */
function checkTime(fullName: string, seconds: bigint, nanos: bigint, path: Array<string | number>): void {
  const at = fieldPath(path.slice(0, -1), String(path[path.length - 1] ?? fullName));
  if (fullName === "google.protobuf.Duration") {
    const max = BigInt(MAX_DURATION_SECONDS);
    if (seconds > max || seconds < -max) {
      throw new WireError(`${at}: seconds must lie within ±${MAX_DURATION_SECONDS}`);
    }
    if (nanos <= -1_000_000_000n || nanos >= 1_000_000_000n) {
      throw new WireError(`${at}: nanos must lie within ±999,999,999`);
    }
    if ((seconds > 0n && nanos < 0n) || (seconds < 0n && nanos > 0n)) {
      throw new WireError(`${at}: nanos must have the sign of seconds`);
    }
    return;
  }
  if (seconds < MIN_TIMESTAMP_S || seconds > MAX_TIMESTAMP_S) {
    throw new WireError(`${at}: the time must lie between years 0001 and 9999`);
  }
  if (nanos < 0n || nanos >= 1_000_000_000n) throw new WireError(`${at}: nanos must lie in [0, 999,999,999]`);
}

/**
 * Puts back the map entries keyed `__proto__` that the generated decoder drops (it assigns them to
 * a plain object, which sets the prototype instead), so the service layer sees the key exactly as
 * REST's JSON parser hands it over, and answers it the same way.
 */
export function applyProtoKeyFixups(decoded: unknown, fixups: ProtoKeyFixup[]): void {
  for (const fx of fixups) {
    let holder = decoded as Record<string | number, unknown> | undefined;
    for (const p of fx.path) holder = holder?.[p] as Record<string | number, unknown> | undefined;
    const map = holder?.[fx.map];
    if (typeof map !== "object" || map === null) continue;
    const entry = fx.schema.codec.decode(fx.entry) as { value?: unknown };
    Object.defineProperty(map, "__proto__", {
      value: entry.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}
