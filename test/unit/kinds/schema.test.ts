/**
 * The kinds registry and the package schema derived from it: the committed schema.json is what the
 * registry generates, and the schema says what the lifecycle does (replace-on fields from the diff
 * tables, secret fields, defaults, the provider's settings).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CONFIG_SETTINGS,
  functionRegistry,
  packageSchema,
  registry,
  schemaText,
} from "../../../provider/kinds";
import { packageVersion } from "../../../provider/native/main";
import * as lifecycle from "../../../provider/lifecycle";
import { CONFIG_KEYS } from "../../../provider/lifecycle/context";

const root = path.resolve(__dirname, "..", "..", "..");

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("kinds registry and schema.json", () => {
  const schema = packageSchema(packageVersion()) as Spec;

  it("the committed schema.json is what the registry generates (regenerate with `npm run schema`)", () => {
    const committed = fs.readFileSync(path.join(root, "schema.json"), "utf8");
    assert.equal(committed, schemaText(packageVersion()), "schema.json is stale: run `npm run schema`");
  });

  it("names the package, the seven resources and the five functions", () => {
    assert.equal(schema.name, "lockbox");
    assert.equal(
      schema.version,
      JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version,
    );
    assert.deepEqual(Object.keys(schema.resources).sort(), [
      "lockbox:index:AccessBinding",
      "lockbox:index:AccessBindingMember",
      "lockbox:index:KmsKeyAccessBinding",
      "lockbox:index:KmsKeyAccessBindingMember",
      "lockbox:index:KmsSymmetricKey",
      "lockbox:index:Secret",
      "lockbox:index:SecretVersion",
    ]);
    assert.deepEqual(Object.keys(schema.functions).sort(), [
      "lockbox:index:getKmsSymmetricKey",
      "lockbox:index:getPayload",
      "lockbox:index:getSecret",
      "lockbox:index:getSecretVersion",
      "lockbox:index:getSecretVersionEntry",
    ]);
  });

  it("every resource kind has a lifecycle with the same name", () => {
    for (const k of registry().kinds) {
      assert.ok(lifecycle.providers[k.kind], `no lifecycle providers.${k.kind}`);
    }
  });

  it("marks as replace-on exactly the inputs the lifecycle's diff replaces on", () => {
    const replaceOn = (type: string) =>
      Object.entries(schema.resources[`lockbox:index:${type}`].inputProperties as Spec)
        .filter(([, p]) => p.replaceOnChanges)
        .map(([n]) => n)
        .sort();
    assert.deepEqual(replaceOn("Secret"), ["folderId", "kmsKeyId"]);
    assert.deepEqual(replaceOn("SecretVersion"), ["description", "entries", "regenerateOn", "secretId"]);
    assert.deepEqual(replaceOn("AccessBinding"), ["role", "secretId"]);
    assert.deepEqual(replaceOn("AccessBindingMember"), ["member", "role", "secretId"]);
    assert.deepEqual(replaceOn("KmsSymmetricKey"), ["folderId"]);
    assert.deepEqual(replaceOn("KmsKeyAccessBinding"), ["keyId", "role"]);
    assert.deepEqual(replaceOn("KmsKeyAccessBindingMember"), ["keyId", "member", "role"]);
    // ...and those are the fields whose change the lifecycle's diff answers with a replacement.
    for (const [table, fields] of [
      [lifecycle.SECRET_DIFF, ["folderId", "kmsKeyId"]],
      [lifecycle.KMS_KEY_DIFF, ["folderId"]],
    ] as const) {
      for (const f of fields) assert.equal(table[f]!.change, "replace");
    }
  });

  it("keeps values secret: version entries, the values hash, payload results and the token", () => {
    const v = schema.resources["lockbox:index:SecretVersion"];
    assert.equal(v.inputProperties.entries.secret, true);
    assert.equal(v.properties.entries.secret, true);
    assert.equal(v.properties.valuesHash.secret, true);
    assert.equal(v.properties.payloadEntryKeys.secret, undefined);
    assert.equal(schema.functions["lockbox:index:getPayload"].outputs.properties.entries.secret, true);
    assert.equal(schema.functions["lockbox:index:getPayload"].outputs.properties.payloadEntries.secret, true);
    assert.equal(
      schema.functions["lockbox:index:getSecretVersionEntry"].outputs.properties.value.secret,
      true,
    );
    assert.equal(schema.config.variables.token.secret, true);
    assert.equal(schema.provider.inputProperties.token.secret, true);
  });

  it("states the lifecycle's defaults", () => {
    const v = schema.resources["lockbox:index:SecretVersion"].inputProperties;
    assert.equal(v.destructionPendingPeriod.default, lifecycle.DEFAULT_DESTRUCTION_PENDING_PERIOD);
    assert.equal(
      schema.resources["lockbox:index:KmsSymmetricKey"].inputProperties.defaultAlgorithm.default,
      "AES_256",
    );
  });

  it("configures the provider with the stack config keys lockbox:* and their env fallbacks", () => {
    assert.deepEqual(
      CONFIG_SETTINGS.map((s) => `lockbox:${s.name}`).sort(),
      Object.values(CONFIG_KEYS).sort(),
    );
    assert.deepEqual(Object.keys(schema.provider.inputProperties).sort(), Object.keys(CONFIG_KEYS).sort());
    assert.deepEqual(schema.config.variables.folderId.defaultInfo, { environment: ["YC_FOLDER_ID"] });
  });

  it("every $ref names a type of the schema and every property has a description", () => {
    const refs: string[] = [];
    const undocumented: string[] = [];
    const walk = (where: string, props: Spec | undefined) => {
      for (const [name, p] of Object.entries(props ?? {})) {
        if (!p.description) undocumented.push(`${where}.${name}`);
        for (const t of [p, p.items, p.additionalProperties]) if (t?.$ref) refs.push(t.$ref);
      }
    };
    for (const [t, r] of Object.entries(schema.resources as Spec)) {
      walk(t, r.properties);
      walk(t, r.inputProperties);
    }
    for (const [t, f] of Object.entries(schema.functions as Spec)) {
      walk(t, f.inputs.properties);
      walk(t, f.outputs.properties);
    }
    for (const [t, ty] of Object.entries(schema.types as Spec)) walk(t, ty.properties);
    assert.deepEqual(undocumented, []);
    assert.ok(refs.length >= 3);
    for (const ref of refs) assert.ok(schema.types[ref.slice("#/types/".length)], `dangling ${ref}`);
  });

  it("required inputs are the non-optional ones; functions list their always-present results", () => {
    assert.deepEqual(schema.resources["lockbox:index:SecretVersion"].requiredInputs, ["secretId"]);
    assert.deepEqual(schema.resources["lockbox:index:AccessBinding"].requiredInputs, [
      "secretId",
      "role",
      "members",
    ]);
    assert.equal(schema.resources["lockbox:index:Secret"].requiredInputs, undefined, "no empty lists");
    for (const f of functionRegistry().functions) {
      for (const name of f.alwaysOut)
        assert.ok(name in f.outputs.shape, `${f.name}: ${name} is not a result`);
    }
  });

  it("documents each resource's import id", () => {
    assert.match(schema.resources["lockbox:index:SecretVersion"].description, /<secretId>\/<versionId>/);
    assert.match(
      schema.resources["lockbox:index:AccessBindingMember"].description,
      /<secretId>\/<role>\/<member>/,
    );
    assert.match(schema.resources["lockbox:index:KmsKeyAccessBinding"].description, /<keyId>\/<role>/);
  });
});
