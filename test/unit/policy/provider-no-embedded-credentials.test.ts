import { deepStrictEqual } from "node:assert/strict";
import { providerNoEmbeddedCredentials } from "../../../policy/policies/provider-no-embedded-credentials";
import { SECRET_TYPE, SECRET_VERSION_TYPE } from "../../../sdk/types";
import { compliantSecret, compliantVersion, PROVIDER_CODE } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

function contains(what: string): string {
  return (
    `The serialized provider of "db" should not contain ${what}: read credentials at run time (stack ` +
    "configuration passed to configure(), or the provider process's environment) instead of capturing them in " +
    "a variable, then rotate the exposed credential."
  );
}

// Built at run time so that no credential-shaped literal sits in the repository.
const IAM_TOKEN = `t1.${"9euelZq".repeat(3)}.${"A".repeat(86)}`;
const withCode = (code: string) => ({ ...compliantSecret(), __provider: code });

function run(props: Record<string, unknown>, config: object = {}, type = SECRET_TYPE) {
  return runResourcePolicy(providerNoEmbeddedCredentials, resourceArgs(type, "db", props, config));
}

describe("lockbox-provider-no-embedded-credentials", () => {
  describe(".validateResource()", () => {
    it("accepts a thin provider that reads credentials at run time", async () => {
      deepStrictEqual(await run(compliantSecret()), []);
      deepStrictEqual(await run(compliantVersion(), {}, SECRET_VERSION_TYPE), []);
    });

    it("reports a captured IAM token without repeating it", async () => {
      const violations = await run(withCode(`${PROVIDER_CODE}\nconst token = "${IAM_TOKEN}";`));
      deepStrictEqual(violations, [contains("an IAM token")]);
    });

    it("reports a captured private key", async () => {
      const pem = ["-----BEGIN", "PRIVATE KEY-----\\nMIIE..."].join(" ");
      deepStrictEqual(await run(withCode(`const key = "${pem}";`)), [contains("a private key")]);
    });

    it("reports a captured Authorization header value", async () => {
      const header = `Bearer ${"x".repeat(40)}`;
      deepStrictEqual(await run(withCode(`const h = { authorization: "${header}" };`)), [
        contains("a bearer token"),
      ]);
    });

    it("reports a value matching a configured extra pattern", async () => {
      deepStrictEqual(await run(withCode('const k = "AQVN-example";'), { extraPatterns: ["AQVN-[a-z]+"] }), [
        contains("a value matching extraPatterns[0]"),
      ]);
    });

    it("reports serialized provider code over maxProviderSize", async () => {
      deepStrictEqual(await run(withCode("x".repeat(101)), { maxProviderSize: 100 }), [
        'The serialized provider of "db" should be at most 100 characters, but it is 101: keep the provider ' +
          "object thin and require the client by package name at run time instead of capturing modules or " +
          "configuration objects.",
      ]);
    });

    it("ignores resources that are not Lockbox dynamic resources", async () => {
      const violations = await run(withCode(`"${IAM_TOKEN}"`), {}, "pulumi-nodejs:dynamic:Resource");
      deepStrictEqual(violations, []);
    });

    it("skips a resource listed in excludeResources", async () => {
      deepStrictEqual(await run(withCode(`"${IAM_TOKEN}"`), { excludeResources: ["db"] }), []);
    });

    describe("when __provider is unknown during preview", () => {
      it("reports nothing", async () => {
        deepStrictEqual(await run(withCode(unknown.string)), []);
      });
    });
  });
});
