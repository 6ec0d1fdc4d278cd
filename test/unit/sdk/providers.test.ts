import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as providers from "../../../sdk/providers";
import * as lifecycle from "../../../provider/lifecycle";
import "../../helpers/mock-program"; // creates the Pulumi runtime global before mocha checks for leaks

/** Each serialized provider is stored twice per resource and sent on every RPC: keep it small. */
const SIZE_BUDGET = 4000;
const CANARY_TOKEN = "t1.canary-token-for-the-serialization-test";
const CANARY_ENDPOINT = "http://canary-endpoint.invalid:1";

const all: Array<[string, pulumi.dynamic.ResourceProvider]> = [
  ["Secret", providers.secretProvider],
  ["SecretVersion", providers.secretVersionProvider],
  ["AccessBinding", providers.accessBindingProvider],
  ["AccessBindingMember", providers.accessBindingMemberProvider],
  ["KmsSymmetricKey", providers.kmsSymmetricKeyProvider],
  ["KmsKeyAccessBinding", providers.kmsKeyAccessBindingProvider],
  ["KmsKeyAccessBindingMember", providers.kmsKeyAccessBindingMemberProvider],
];

describe("sdk providers", () => {
  const saved = { ...process.env };
  before(async () => {
    // Credentials present everywhere they could be picked up from: env and a configured lifecycle.
    process.env.YC_IAM_TOKEN = CANARY_TOKEN;
    process.env.LOCKBOX_ENDPOINT = CANARY_ENDPOINT;
    await lifecycle.configure({
      config: {
        get: (k: string) => ({ "lockbox:token": CANARY_TOKEN, "lockbox:endpoint": CANARY_ENDPOINT })[k],
      },
    });
  });
  after(() => {
    for (const k of ["YC_IAM_TOKEN", "LOCKBOX_ENDPOINT"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  for (const [name, provider] of all) {
    describe(`${name} provider`, () => {
      let text = "";
      before(async () => {
        text = (await pulumi.runtime.serializeFunction(() => provider)).text;
      });
      it(`serializes within ${SIZE_BUDGET} characters`, () => {
        assert.ok(text.length > 0 && text.length <= SIZE_BUDGET, `${name}: ${text.length} characters`);
      });
      it("holds no credential and no endpoint", () => {
        assert.ok(!text.includes(CANARY_TOKEN));
        assert.ok(!text.includes(CANARY_ENDPOINT));
      });
      it("captures no client, schema or config object, only a require of the lifecycle by package name", () => {
        for (const word of [
          "LockboxClient",
          "zod",
          "ZodObject",
          "process.env",
          "__providers_1_secretProvider.client",
        ]) {
          assert.ok(!text.includes(word), `${name} captured ${word}`);
        }
        assert.match(text, /require\("pulumi-lockbox\/provider\/lifecycle"\)/);
        assert.doesNotMatch(text, /require\("\.{1,2}\//, "a relative require breaks in the provider process");
      });
      it("implements every lifecycle method the engine calls", () => {
        for (const m of ["configure", "check", "diff", "create", "read", "delete"]) {
          assert.equal(
            typeof (provider as unknown as Record<string, unknown>)[m],
            "function",
            `${name}.${m}`,
          );
        }
      });
    });
  }
});
