/**
 * A corpus of malformed gRPC request messages, generated per method from the request message's
 * layout as lockbox-local derives it from the SDK's codecs (server/grpc/wire-schema.ts): every
 * field path (nested messages, repeated fields and map entries included, up to three levels) gets
 * wrong wire types, truncated values, invalid UTF-8 (string fields), out-of-range numbers (int64
 * beyond 2^53, Duration and Timestamp ranges) and oversized repeated fields, each appended to a
 * well-formed request that would otherwise succeed.
 */
import { SERVICES, newerMethods, type MethodDefinition } from "../../server/grpc/definitions";
import { loadGrpcStack, type Codec } from "../../server/grpc/stack";
import { MAX_REPEATED } from "../../server/grpc/wire-check";
import { requestSchema, type FieldSpec, type MessageSchema } from "../../server/grpc/wire-schema";
import { METHODS } from "../../server/service/types";
import { pb } from "./grpc-raw";

/** One served method: its path, request layout and codec. */
export interface CorpusMethod {
  path: string;
  schema: MessageSchema;
  codec: Codec;
}

/** One malformed call. */
export interface GrpcCase {
  method: string;
  kind: "wire type" | "truncated" | "utf-8" | "out of range" | "repeated" | "framing";
  name: string;
  bytes: Buffer;
}

/** Every method lockbox-local serves through the service layer. */
export function servedMethods(): CorpusMethod[] {
  const stack = loadGrpcStack();
  const out: CorpusMethod[] = [];
  for (const spec of SERVICES) {
    const module = { file: stack.generatedFile(spec.module), exports: stack.generated(spec.module) };
    const generated = module.exports[spec.definition] as Record<string, MethodDefinition>;
    for (const def of Object.values({ ...generated, ...newerMethods(spec.definition, generated) })) {
      if (!METHODS[def.path.slice(1)]) continue;
      const schema = requestSchema(module, def.requestDeserialize);
      out.push({ path: def.path, schema, codec: schema.codec });
    }
  }
  return out;
}

/** Field chains from the request message down to each field, at most `depth` levels deep. */
function chains(schema: MessageSchema, depth = 3, prefix: FieldSpec[] = []): FieldSpec[][] {
  const out: FieldSpec[][] = [];
  for (const f of schema.fields.values()) {
    const chain = [...prefix, f];
    out.push(chain);
    if (f.message && chain.length < depth) out.push(...chains(f.message(), depth, chain));
  }
  return out;
}

const WIRE: Record<string, number> = { varint: 0, fixed64: 1, fixed32: 5 };
const wireOf = (f: FieldSpec) => WIRE[f.kind] ?? 2;

/** A value of the given wire type for field `n`. */
function valueOfWire(n: number, wire: number): Buffer {
  switch (wire) {
    case 0:
      return Buffer.concat([pb.tag(n, 0), pb.varint(20)]);
    case 1:
      return Buffer.concat([pb.tag(n, 1), Buffer.from("e6abcdef")]);
    case 5:
      return Buffer.concat([pb.tag(n, 5), Buffer.from("e6ab")]);
    case 3:
      return Buffer.concat([pb.tag(n, 3), pb.tag(n, 4)]);
    default:
      return pb.len(n, "e6");
  }
}

/** A well-formed value of the field (one item of a repeated field). */
function validValue(f: FieldSpec): Buffer {
  if (f.kind === "string") return pb.len(f.number, "a");
  if (f.kind === "bytes") return pb.len(f.number, Buffer.from([1]));
  if (f.kind === "message") return pb.len(f.number, Buffer.alloc(0));
  return valueOfWire(f.number, wireOf(f));
}

/** `leaf` (the last field of `chain`) wrapped in the chain's enclosing messages. */
function wrap(chain: FieldSpec[], leaf: Buffer): Buffer {
  let bytes = leaf;
  for (let i = chain.length - 2; i >= 0; i--) bytes = pb.len(chain[i]!.number, bytes);
  return bytes;
}

const NOT_UTF8: Array<[string, Buffer]> = [
  ["a lone continuation byte", Buffer.from([0x64, 0x80, 0x65])],
  ["a truncated two-byte sequence", Buffer.from([0xc3, 0x41])],
  ["a truncated three-byte sequence at the end", Buffer.from([0x6b, 0xe2, 0x82])],
  ["an encoded surrogate", Buffer.from([0xed, 0xa0, 0x80])],
  ["an overlong slash", Buffer.from([0xc0, 0xaf])],
  ["a code point above U+10FFFF", Buffer.from([0xf4, 0x90, 0x80, 0x80])],
  ["0xFF beside a literal U+FFFD", Buffer.concat([Buffer.from("\ufffd"), Buffer.from([0xff])])],
];

const names = (chain: FieldSpec[]) => chain.map((f) => f.name).join(".");

/**
 * The corpus of one method. `base` is a well-formed request; `full` selects every variant and
 * 100,000-item repeated fields, otherwise a sample and MAX_REPEATED + 1 items.
 */
export function methodCorpus(m: CorpusMethod, base: Buffer, full: boolean): GrpcCase[] {
  const cases: GrpcCase[] = [];
  const add = (kind: GrpcCase["kind"], name: string, bytes: Buffer) =>
    cases.push({ method: m.path, kind, name, bytes: Buffer.concat([base, bytes]) });
  for (const chain of chains(m.schema)) {
    const f = chain[chain.length - 1]!;
    const expected = wireOf(f);
    const at = names(chain);
    for (const wire of [0, 1, 2, 3, 5]) {
      if (wire === expected || (wire === 2 && f.repeated && expected !== 2)) continue;
      if (!full && wire !== 0 && wire !== 3) continue;
      add("wire type", `${at} with wire type ${wire}`, wrap(chain, valueOfWire(f.number, wire)));
    }
    const truncated =
      expected === 2
        ? Buffer.concat([pb.tag(f.number, 2), pb.varint(10), Buffer.from("abc")])
        : expected === 0
          ? Buffer.concat([pb.tag(f.number, 0), Buffer.from([0x80])])
          : Buffer.concat([pb.tag(f.number, expected), Buffer.from([1, 2])]);
    cases.push({
      method: m.path,
      kind: "truncated",
      name: `${at} truncated`,
      bytes: Buffer.concat([base, wrap(chain, truncated)]),
    });
    if (f.kind === "string") {
      for (const [what, bad] of full ? NOT_UTF8 : NOT_UTF8.slice(0, 2)) {
        add("utf-8", `${at}: ${what}`, wrap(chain, pb.len(f.number, bad)));
      }
    }
    if (f.reader === "int64" || f.reader === "uint64") {
      add("out of range", `${at} = 2^60`, wrap(chain, pb.int(f.number, 2n ** 60n)));
    }
    if (f.message) {
      const inner = f.message().fullName;
      const time = (seconds: bigint, nanos: bigint, what: string) =>
        add(
          "out of range",
          `${at}: ${what}`,
          wrap(chain, pb.len(f.number, Buffer.concat([pb.int(1, seconds), pb.int(2, nanos)]))),
        );
      if (inner === "google.protobuf.Duration") {
        time(3600n, 1_000_000_000n, "nanos 1e9");
        time(3600n, -1n, "nanos of the other sign");
        time(-3600n, 5n, "nanos of the other sign (negative seconds)");
        time(315_576_000_001n, 0n, "seconds beyond 10,000 years");
      }
      if (inner === "google.protobuf.Timestamp") {
        time(1_700_000_000n, -1n, "negative nanos");
        time(253_402_300_800n, 0n, "the year 10000");
      }
    }
    if (f.repeated) {
      const items = full ? 100_000 : MAX_REPEATED + 1;
      const one = validValue(f);
      add(
        "repeated",
        `${at} with ${items} items`,
        wrap(chain, Buffer.concat(Array(items).fill(one) as Buffer[])),
      );
    }
  }
  const framing: Array<[string, Buffer]> = [
    ["field number 0", Buffer.concat([pb.varint(0), pb.varint(1)])],
    ["wire type 6", pb.tag(1, 6)],
    ["wire type 7", pb.tag(1, 7)],
    ["an end-group tag alone", pb.tag(15, 4)],
    ["an unterminated group", pb.tag(15, 3)],
    ["a varint of 11 bytes", Buffer.concat([pb.tag(15, 0), Buffer.alloc(10, 0xff), Buffer.from([1])])],
    ["a length past the end", Buffer.concat([pb.tag(15, 2), pb.varint(2 ** 31)])],
    ["a tag cut short", Buffer.from([0x80])],
  ];
  for (const [what, bytes] of framing) add("framing", what, bytes);
  if (base.length > 0) {
    cases.push({
      method: m.path,
      kind: "truncated",
      name: "the request cut by one byte",
      bytes: base.subarray(0, -1),
    });
  }
  return cases;
}
