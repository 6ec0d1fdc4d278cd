/**
 * Between the SDK's decoded messages and the proto3 JSON the service layer speaks (the REST API is
 * gRPC-JSON transcoding of the same protos, see docs/grpc.md#the-json-mapping-between-the-two-protocols).
 *
 * The generated codecs' own `toJSON`/`fromJSON` are not proto3 JSON for the well-known types: they
 * print a FieldMask as `{paths}`, a Duration as `{seconds, nanos}` and an Any as
 * `{typeUrl, value}`, where proto3 JSON has `"a,b"`, `"3600s"` and `{"@type": …, …fields}`. Those
 * three are converted here; everything else (Timestamps, int64, enums, bytes, maps, oneofs) the
 * codecs already read and write in the proto3 JSON form.
 */
import type { Codec, GeneratedModule } from "./stack";

type Json = Record<string, unknown>;

/** Fields holding a map<string, …>: their keys are data, never field names. */
const MAP_FIELDS = new Set(["labels", "entries"]);
/** google.protobuf.Duration fields of the messages served here. */
const DURATION_FIELDS = new Set(["rotationPeriod", "pendingPeriod"]);

const isPlainObject = (v: unknown): v is Json =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Uint8Array) &&
  !(v instanceof Date);

function durationString(d: { seconds: number; nanos: number }): string {
  if (!d.nanos) return `${d.seconds}s`;
  const sign = d.seconds < 0 || d.nanos < 0 ? "-" : "";
  const frac = String(Math.abs(d.nanos)).padStart(9, "0").replace(/0+$/, "");
  return `${sign}${Math.abs(d.seconds)}.${frac}s`;
}

function isDuration(v: Json): v is { seconds: number; nanos: number } {
  const keys = Object.keys(v);
  return keys.length === 2 && typeof v.seconds === "number" && typeof v.nanos === "number";
}

/**
 * A decoded request message as proto3 JSON. Empty strings, empty bytes, lists and maps and unset
 * messages are left out, as a proto3 JSON encoder does (proto3 cannot tell them from absent
 * fields). Numbers and `false` stay, except top-level fields equal to their value in `defaults`
 * (the message decoded from no bytes): a BoolValue's false is not its absence, and nested zeros
 * cannot be told from set ones without the nested message's defaults.
 */
export function requestJson(message: unknown, defaults?: unknown): Json {
  const json = (messageJson(message) as Json | undefined) ?? {};
  if (!isPlainObject(defaults)) return json;
  // A scalar field holding its proto3 default is absent on the wire, so it is left out as a REST
  // body leaves it out (a wrapper's false stays: its default is unset, not false).
  for (const [k, v] of Object.entries(defaults)) {
    if ((typeof v === "boolean" || typeof v === "number") && json[k] === v) delete json[k];
  }
  return json;
}

function messageJson(v: unknown, field = ""): unknown {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Uint8Array) return v.length === 0 ? undefined : Buffer.from(v).toString("base64");
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "string") return v === "" ? undefined : v;
  // Zero numbers stay: an enum's zero is a name the service knows (and may require), an int64's zero its default.
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => messageJson(x) ?? defaultOf(x));
    return items.length === 0 ? undefined : items;
  }
  if (!isPlainObject(v)) return undefined;
  if (MAP_FIELDS.has(field)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return undefined;
    return Object.fromEntries(
      entries.map(([k, x]) => [k, x instanceof Uint8Array ? Buffer.from(x).toString("base64") : x]),
    );
  }
  if (DURATION_FIELDS.has(field) && isDuration(v)) return durationString(v);
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === "paths" && Array.isArray(v.paths)) {
    // google.protobuf.FieldMask: comma-separated paths (an empty mask is absent).
    return v.paths.length === 0 ? undefined : (v.paths as string[]).join(",");
  }
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    const j = messageJson(x, k);
    if (j !== undefined) out[k] = j;
  }
  return out;
}

/** A list element keeps its place even when it holds its type's default. */
function defaultOf(x: unknown): unknown {
  if (typeof x === "string") return "";
  if (typeof x === "number") return 0;
  return {};
}

/** Message codecs by full proto name ("yandex.cloud.lockbox.v1.Secret"), for Any values. */
export class TypeRegistry {
  private readonly byName = new Map<string, Codec>();

  /** Adds every message codec a generated module exports (nested messages are `Outer_Inner`). */
  add(module: GeneratedModule): this {
    for (const [name, value] of Object.entries(module)) {
      const c = value as Partial<Codec> | undefined;
      if (
        typeof c?.encode === "function" &&
        typeof c.fromJSON === "function" &&
        typeof c.decode === "function"
      ) {
        this.byName.set(`${module.protobufPackage}.${name.replace(/_/g, ".")}`, c as Codec);
      }
    }
    return this;
  }

  /** Packs `fullName` with the codec of another message of the same field layout. */
  alias(fullName: string, codec: Codec): this {
    if (!this.byName.has(fullName)) this.byName.set(fullName, codec);
    return this;
  }

  get(fullName: string): Codec | undefined {
    return this.byName.get(fullName);
  }
}

const TYPE_URL_PREFIX = "type.googleapis.com/";

/**
 * Proto3 JSON of a response as the codec's `fromJSON` reads it: Any values (`{"@type", …}`) become
 * `{typeUrl, value}` with the packed message encoded, Duration strings become `{seconds, nanos}`.
 * An Any of a type the SDK has no codec for is dropped from lists (a google.rpc.Status's details)
 * and left unset elsewhere.
 */
export function responseInput(json: unknown, registry: TypeRegistry, field = ""): unknown {
  if (Array.isArray(json)) {
    return json.map((x) => responseInput(x, registry)).filter((x) => x !== DROP);
  }
  if (typeof json === "string" && DURATION_FIELDS.has(field)) return parseDuration(json);
  if (!isPlainObject(json)) return json;
  if (MAP_FIELDS.has(field)) return json;
  if (typeof json["@type"] === "string") {
    const url = json["@type"];
    const name = url.startsWith(TYPE_URL_PREFIX) ? url.slice(TYPE_URL_PREFIX.length) : url;
    const codec = registry.get(name);
    if (!codec) return DROP;
    const { "@type": _type, ...fields } = json;
    const message = codec.fromJSON(responseInput(fields, registry));
    return { typeUrl: url, value: Buffer.from(codec.encode(message).finish()).toString("base64") };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(json)) {
    const converted = responseInput(v, registry, k);
    if (converted !== DROP) out[k] = converted;
  }
  return out;
}

const DROP = Symbol("drop");

function parseDuration(text: string): { seconds: number; nanos: number } | string {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m) return text;
  const sign = m[1] === "-" ? -1 : 1;
  return { seconds: sign * Number(m[2]), nanos: sign * Number((m[3] ?? "").padEnd(9, "0")) };
}
