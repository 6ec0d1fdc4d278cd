/**
 * The request layouts lockbox-local derives from the SDK's generated decoders
 * (server/grpc/wire-schema.ts) agree with the SDK's own encoders: for every field of every message
 * a served request reaches, a message with only that field set is encoded by the SDK codec, and the
 * first thing it writes must be the derived field number with the derived wire type.
 */
import { strict as assert } from "node:assert";
import { servedMethods } from "../../helpers/grpc-corpus";
import { reachable, type FieldSpec, type MessageSchema } from "../../../server/grpc/wire-schema";

const WIRE: Record<string, number> = { varint: 0, fixed64: 1, fixed32: 5 };

/** Values to try for a field, until the codec writes something for it. */
function probes(f: FieldSpec): unknown[] {
  const one: unknown[] =
    f.kind === "string"
      ? ["x"]
      : f.kind === "bytes"
        ? [Buffer.from([1])]
        : f.kind === "message"
          ? [{ seconds: 1, nanos: 0 }, {}, true, "x", 1, new Date(1000)]
          : f.reader === "bool"
            ? [true]
            : [1];
  if (f.map) return [{ k: "v" }, { k: {} }];
  return f.repeated ? one.map((v) => [v]) : one;
}

function firstTag(bytes: Uint8Array): number {
  let v = 0;
  let mul = 1;
  for (const b of bytes) {
    v += (b & 0x7f) * mul;
    if (b < 0x80) return v;
    mul *= 128;
  }
  return -1;
}

describe("gRPC request layouts derived from the SDK decoders", () => {
  it("match what the SDK encoders write, field by field", () => {
    const seen = new Set<MessageSchema>();
    let fields = 0;
    for (const m of servedMethods()) {
      for (const schema of reachable(m.schema)) {
        if (seen.has(schema)) continue;
        seen.add(schema);
        const codec = schema.codec as typeof schema.codec & { fromPartial(x: unknown): unknown };
        for (const f of schema.fields.values()) {
          let tag = -1;
          for (const value of probes(f)) {
            try {
              const bytes = codec.encode(codec.fromPartial({ [f.name]: value })).finish();
              if (bytes.length > 0) {
                tag = firstTag(bytes);
                break;
              }
            } catch {
              /* another probe */
            }
          }
          assert.equal(tag, f.number * 8 + (WIRE[f.kind] ?? 2), `${schema.fullName}.${f.name}`);
          fields++;
        }
      }
    }
    assert.ok(seen.size >= 30 && fields >= 100, `${seen.size} messages, ${fields} fields`);
  });
});
