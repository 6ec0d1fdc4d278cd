/**
 * The Pulumi package schema of the `lockbox` provider, derived from the kinds registry
 * (resources.ts, functions.ts) and the provider's configuration keys. `scripts/gen-schema.js` writes it
 * to schema.json; the native provider's GetSchema answers it; a unit test fails when the committed
 * file differs. Format: https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/
 */
import type { z } from "zod";
import { type NamedType, registry, token } from "./resources";
import { functionRegistry } from "./functions";

/** A property or type spec of the schema. */
export type TypeSpec = Record<string, unknown>;

/** One provider setting: the stack config key `lockbox:<name>` and an explicit provider's argument. */
export interface ConfigSetting {
  name: string;
  description: string;
  secret?: boolean;
  /** Environment variables the provider reads when the setting is unset, in order. */
  env: string[];
}

/** The provider's settings (provider/lifecycle/context.ts CONFIG_KEYS), with their env fallbacks. */
export const CONFIG_SETTINGS: ConfigSetting[] = [
  {
    name: "endpoint",
    description:
      "Base URL of the Lockbox API, e.g. `http://127.0.0.1:4588` for lockbox-local; unset means Yandex Cloud.",
    env: ["LOCKBOX_ENDPOINT"],
  },
  {
    name: "token",
    description: "An IAM token (or, through YC_TOKEN, an OAuth token exchanged for one).",
    secret: true,
    env: ["YC_IAM_TOKEN", "YC_TOKEN"],
  },
  {
    name: "serviceAccountKeyFile",
    description: "Path to a service account's authorized key (the key.json of `yc iam key create`).",
    env: ["YC_SERVICE_ACCOUNT_KEY_FILE"],
  },
  {
    name: "folderId",
    description: "The folder resources and lookups use when they name none.",
    env: ["YC_FOLDER_ID"],
  },
  {
    name: "operationTimeout",
    description:
      'How long a step waits for an operation by default ("10m", "90s"; a bare number is seconds).',
    env: [],
  },
];

type Zod = z.ZodType & { _zod: { def: Record<string, unknown> } };

/** The schema type of a zod schema; named object types become `$ref`s. */
function typeOf(schema: Zod, named: NamedType[]): TypeSpec {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "default":
      return typeOf(def.innerType as Zod, named);
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: (schema as unknown as { isInt?: boolean }).isInt ? "integer" : "number" };
    case "array":
      return { type: "array", items: typeOf(def.element as Zod, named) };
    case "record":
      return { type: "object", additionalProperties: typeOf(def.valueType as Zod, named) };
    case "object": {
      const hit = named.find((n) => n.schema === (schema as unknown));
      if (!hit) throw new Error("an object property must be one of the registry's named types");
      return { $ref: `#/types/${token(hit.name)}` };
    }
    default:
      throw new Error(`no schema type for zod type ${String(def.type)}`);
  }
}

function isOptional(schema: Zod): boolean {
  return schema._zod.def.type === "optional" || schema._zod.def.type === "default";
}

interface PropOptions {
  secrets?: string[];
  replaceOn?: string[];
  defaults?: Record<string, unknown>;
}

/** The properties of a zod object, with docs, secrets, replace-on fields and defaults. */
function properties(obj: z.ZodObject, named: NamedType[], o: PropOptions = {}): Record<string, TypeSpec> {
  const out: Record<string, TypeSpec> = {};
  for (const [name, field] of Object.entries(obj.shape) as [string, Zod][]) {
    const spec: TypeSpec = typeOf(field, named);
    if (field.description) spec.description = field.description;
    if (o.secrets?.includes(name)) spec.secret = true;
    if (o.replaceOn?.includes(name)) spec.replaceOnChanges = true;
    if (o.defaults?.[name] !== undefined) spec.default = o.defaults[name];
    out[name] = spec;
  }
  return out;
}

function required(obj: z.ZodObject): string[] {
  return (Object.entries(obj.shape) as [string, Zod][]).filter(([, f]) => !isOptional(f)).map(([n]) => n);
}

function objectType(t: NamedType, named: NamedType[]): TypeSpec {
  const spec: TypeSpec = { type: "object", properties: properties(t.schema, named) };
  if (t.schema.description) spec.description = t.schema.description;
  const req = required(t.schema);
  if (req.length > 0) spec.required = req;
  return spec;
}

function resources(named: NamedType[]): Record<string, TypeSpec> {
  const out: Record<string, TypeSpec> = {};
  for (const k of registry().kinds) {
    const inputs = properties(k.inputs, named, k);
    const outputs = properties(k.outputs, named, k);
    const importId = k.importId.map((p) => `<${p}>`).join("/");
    const spec: TypeSpec = {
      description:
        `${k.description}\n\n## Import\n\n\`pulumi import ${token(k.name)} <name> ${importId}\`` +
        (k.importId.length > 1 ? " (a compound id: its parts joined by `/`)." : "."),
      properties: { ...inputs, ...outputs },
      required: [...new Set([...required(k.inputs), ...k.alwaysOut])],
      inputProperties: inputs,
    };
    // Empty lists are left out, as the engine's own encoding of a schema does (`get-schema` prints the same).
    if (required(k.inputs).length > 0) spec.requiredInputs = required(k.inputs);
    out[token(k.name)] = spec;
  }
  return out;
}

function functions(named: NamedType[]): Record<string, TypeSpec> {
  const out: Record<string, TypeSpec> = {};
  for (const f of functionRegistry().functions) {
    const inputs: TypeSpec = { properties: properties(f.inputs, named) };
    const req = required(f.inputs);
    if (req.length > 0) inputs.required = req;
    out[token(f.name)] = {
      description: f.description,
      inputs,
      outputs: { properties: properties(f.outputs, named, f), required: f.alwaysOut },
    };
  }
  return out;
}

function configProperties(): Record<string, TypeSpec> {
  const out: Record<string, TypeSpec> = {};
  for (const s of CONFIG_SETTINGS) {
    const spec: TypeSpec = { type: "string", description: s.description };
    if (s.secret) spec.secret = true;
    if (s.env.length > 0) spec.defaultInfo = { environment: s.env };
    out[s.name] = spec;
  }
  return out;
}

/** The package schema for `version` (the npm package's version). */
export function packageSchema(version: string): Record<string, unknown> {
  const named = [...registry().types];
  named.push({ name: "SecretVersionInfo", schema: functionRegistry().versionInfo });
  const types: Record<string, TypeSpec> = {};
  for (const t of named) types[token(t.name)] = objectType(t, named);
  const config = configProperties();
  return {
    name: "lockbox",
    displayName: "Lockbox",
    version,
    description: "Secrets in a Lockbox-compatible service (the Yandex Cloud Lockbox API) and lockbox-local.",
    keywords: ["pulumi", "lockbox", "secrets", "kms", "kind/native", "category/utility"],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)", supportPack: true },
    config: { variables: config },
    provider: {
      description:
        "The lockbox provider. Without an explicit provider, resources use the stack config `lockbox:*`; an " +
        "explicit `pulumi:providers:lockbox` takes the same settings, so one program can address two endpoints.",
      properties: config,
      inputProperties: config,
    },
    types,
    resources: resources(named),
    functions: functions(named),
    language: {
      nodejs: {
        packageName: "pulumi-lockbox-native",
        packageDescription: "The lockbox provider's generated Node.js SDK.",
        dependencies: { "@pulumi/pulumi": "^3.0.0" },
        respectSchemaVersion: true,
      },
      python: {
        packageName: "pulumi_lockbox",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: "github.com/pulumi-lockbox/pulumi-lockbox/sdk/go/lockbox",
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      csharp: { rootNamespace: "PulumiLockbox", respectSchemaVersion: true },
    },
  };
}

/** The schema as schema.json holds it: two-space JSON and a final newline. */
export function schemaText(version: string): string {
  return `${JSON.stringify(packageSchema(version), null, 2)}\n`;
}
