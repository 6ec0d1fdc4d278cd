/**
 * The wire layout of the SDK's request messages, derived from the generated ts-proto decoders
 * (`decode` reads each field in a `case <field number>:` with `reader.<type>()` or
 * `<Codec>.decode(reader, …)`), so it follows whatever SDK version is installed and no list of
 * field numbers is kept by hand. A unit test encodes a probe of every derived field with the same
 * codec and checks the tag it writes (test/unit/server/grpc-wire-schema.test.ts).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import type { Codec } from "./stack";

/** How a field travels: the wire type follows from it. */
export type FieldKind = "varint" | "fixed64" | "fixed32" | "string" | "bytes" | "message";

export interface FieldSpec {
  number: number;
  /** The field's name in the decoded message (lowerCamelCase). */
  name: string;
  kind: FieldKind;
  /** The protobufjs reader method of a scalar field ("string", "int64", …). */
  reader?: string;
  repeated: boolean;
  map: boolean;
  /** The nested message's schema (resolved on first use). */
  message?: () => MessageSchema;
}

export interface MessageSchema {
  /** e.g. "yandex.cloud.lockbox.v1.CreateSecretRequest". */
  fullName: string;
  codec: Codec;
  mapEntry: boolean;
  fields: Map<number, FieldSpec>;
}

const READER_KINDS: Record<string, FieldKind> = {
  int32: "varint",
  int64: "varint",
  uint32: "varint",
  uint64: "varint",
  sint32: "varint",
  sint64: "varint",
  bool: "varint",
  fixed64: "fixed64",
  sfixed64: "fixed64",
  double: "fixed64",
  fixed32: "fixed32",
  sfixed32: "fixed32",
  float: "fixed32",
  string: "string",
  bytes: "bytes",
};

/** A generated module: where it lives (to resolve its imports) and what it exports. */
interface ModuleRef {
  file: string;
  exports: Record<string, unknown>;
}

const schemas = new Map<unknown, MessageSchema>();
const imports = new Map<string, Map<string, string>>();

/** The `const x_1 = require("…")` aliases of a generated module's source. */
function importsOf(file: string): Map<string, string> {
  let found = imports.get(file);
  if (!found) {
    found = new Map();
    const source = fs.readFileSync(file, "utf8");
    for (const m of source.matchAll(/const (\w+) = (?:__importDefault\()?require\("([^"]+)"\)/g)) {
      found.set(m[1]!, m[2]!);
    }
    imports.set(file, found);
  }
  return found;
}

/** Resolves a codec reference of a decoder's source ("exports.X" or "secret_1.Secret"). */
function resolveRef(from: ModuleRef, ref: string): { module: ModuleRef; name: string } {
  const [alias, name] = ref.split(".") as [string, string];
  if (alias === "exports") return { module: from, name };
  const spec = importsOf(from.file).get(alias);
  if (!spec) throw new Error(`cannot resolve ${ref} in ${from.file}`);
  const req = createRequire(from.file);
  return { module: { file: req.resolve(spec), exports: req(spec) as Record<string, unknown> }, name };
}

/** The schema of the message `name` exported by a generated module. */
export function messageSchema(module: ModuleRef, name: string): MessageSchema {
  const codec = module.exports[name] as Codec | undefined;
  if (!codec || typeof codec.decode !== "function") throw new Error(`${name} is not a message codec`);
  const known = schemas.get(codec);
  if (known) return known;
  const pkg = String(module.exports.protobufPackage ?? "");
  const schema: MessageSchema = {
    fullName: `${pkg}${pkg ? "." : ""}${name.replace(/_/g, ".")}`,
    codec,
    mapEntry: false,
    fields: new Map(),
  };
  schemas.set(codec, schema);
  const source = codec.decode.toString();
  schema.mapEntry = /Entry$/.test(name) && /case 1:\s*message\.key =/.test(source);
  const cases = source.split(/case (\d+):/);
  for (let i = 1; i + 1 < cases.length; i += 2) {
    const number = Number(cases[i]);
    const body = cases[i + 1]!.split(/\bbreak;|default:/)[0]!;
    schema.fields.set(number, fieldOf(module, number, body));
  }
  return schema;
}

function fieldOf(module: ModuleRef, number: number, body: string): FieldSpec {
  const entry = /const entry\d+ = ([\w$]+\.[\w$]+)\.decode\(reader/.exec(body);
  if (entry) {
    const name = /message\.(\w+)\[entry\d+\.key\]/.exec(body)?.[1];
    if (!name) throw new Error(`unrecognised map field ${number}: ${body}`);
    const target = resolveRef(module, entry[1]!);
    return { number, name, kind: "message", repeated: true, map: true, message: lazy(target) };
  }
  const name = /message\.(\w+)(?: =|\.push\()/.exec(body)?.[1];
  if (!name) throw new Error(`unrecognised field ${number}: ${body}`);
  const repeated = new RegExp(`message\\.${name}\\.push\\(`).test(body);
  const nested = /([\w$]+\.[\w$]+)\.decode\(reader/.exec(body);
  if (nested) {
    return {
      number,
      name,
      kind: "message",
      repeated,
      map: false,
      message: lazy(resolveRef(module, nested[1]!)),
    };
  }
  const reader = /reader\.(\w+)\(\)/g;
  for (const m of body.matchAll(reader)) {
    const kind = READER_KINDS[m[1]!];
    if (kind) return { number, name, kind, reader: m[1]!, repeated, map: false };
  }
  throw new Error(`unrecognised field type of ${name} (${number}): ${body}`);
}

function lazy(target: { module: ModuleRef; name: string }): () => MessageSchema {
  let schema: MessageSchema | undefined;
  return () => (schema ??= messageSchema(target.module, target.name));
}

/** The codec reference a service definition's `requestDeserialize` decodes with. */
export function requestSchema(
  module: ModuleRef,
  requestDeserialize: (bytes: Buffer) => unknown,
): MessageSchema {
  const ref = /([\w$]+\.[\w$]+)\.decode\(/.exec(requestDeserialize.toString())?.[1];
  if (!ref) throw new Error("cannot tell the request message of a service method");
  const target = resolveRef(module, ref);
  return messageSchema(target.module, target.name);
}

/** Every message reachable from `root` (itself included), each once. */
export function reachable(root: MessageSchema): MessageSchema[] {
  const seen = new Set<MessageSchema>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const f of queue.shift()!.fields.values()) {
      const m = f.message?.();
      if (m && !seen.has(m)) {
        seen.add(m);
        queue.push(m);
      }
    }
  }
  return [...seen];
}
