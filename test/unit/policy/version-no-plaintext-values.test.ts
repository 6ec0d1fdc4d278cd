import { deepStrictEqual } from "node:assert/strict";
import { versionNoPlaintextValues } from "../../../policy/policies/version-no-plaintext-values";
import { SECRET_TYPE, SECRET_VERSION_TYPE } from "../../../sdk/types";
import { compliantSecret, compliantVersion } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

function plaintext(key: string): string {
  return (
    `Entry "${key}" of Lockbox secret version "v1" should not be a plain string in the program: wrap it in ` +
    "pulumi.secret(...), read it with config.requireSecret(...), or pass an output of another resource (such as " +
    "a generated password)."
  );
}

function unproven(key: string): string {
  return (
    `Entry "${key}" of Lockbox secret version "v1" should come from a Pulumi secret or a resource output, but ` +
    "entrySources does not record its origin, so it cannot be told from a plain string: create the version with " +
    "the pulumi-lockbox SDK (which records entrySources) and pass pulumi.secret(...) or an output, or set " +
    "whenSourceUnknown to allow."
  );
}

function run(props: Record<string, unknown>, config: object = {}, type = SECRET_VERSION_TYPE) {
  return runResourcePolicy(versionNoPlaintextValues, resourceArgs(type, "v1", props, config));
}

describe("lockbox-version-no-plaintext-values", () => {
  describe(".validateResource()", () => {
    it("accepts values from a Pulumi secret and from another resource's output", async () => {
      deepStrictEqual(await run(compliantVersion()), []);
    });

    it("reports an entry the program passed as a plain string", async () => {
      const props = {
        ...compliantVersion(),
        entrySources: { password: "plaintext", "api-token": "computed" },
      };
      deepStrictEqual(await run(props), [plaintext("password")]);
    });

    it("reports a binary entry the program passed as plain data", async () => {
      const props = {
        ...compliantVersion(),
        entries: [{ key: "cert", binaryValue: "aGVsbG8=" }],
        entrySources: { cert: "plaintext" },
      };
      deepStrictEqual(await run(props), [plaintext("cert")]);
    });

    it("accepts a plain string under a key listed in allowedPlaintextKeys", async () => {
      const props = {
        ...compliantVersion(),
        entries: [{ key: "username", textValue: "app" }],
        entrySources: { username: "plaintext" },
      };
      deepStrictEqual(await run(props, { allowedPlaintextKeys: ["username"] }), []);
    });

    it("accepts a version without entries (a generated secret's next version)", async () => {
      const { entries: _e, entrySources: _s, ...props } = compliantVersion();
      deepStrictEqual(await run(props), []);
    });

    it("ignores resources that are not secret versions", async () => {
      deepStrictEqual(await run(compliantSecret(), {}, SECRET_TYPE), []);
    });

    it("skips a version listed in excludeResources", async () => {
      const props = {
        ...compliantVersion(),
        entrySources: { password: "plaintext", "api-token": "plaintext" },
      };
      deepStrictEqual(await run(props, { excludeResources: ["v1"] }), []);
    });

    describe("when entrySources is absent", () => {
      it("reports every known value, since a secret and a literal look the same", async () => {
        const { entrySources: _s, ...props } = compliantVersion();
        deepStrictEqual(await run(props), [unproven("password"), unproven("api-token")]);
      });

      it("reports a known value whose key entrySources does not list", async () => {
        const props = { ...compliantVersion(), entrySources: { password: "secret" } };
        deepStrictEqual(await run(props), [unproven("api-token")]);
      });

      it("accepts them when whenSourceUnknown is allow", async () => {
        const { entrySources: _s, ...props } = compliantVersion();
        deepStrictEqual(await run(props, { whenSourceUnknown: "allow" }), []);
      });
    });

    describe("when values are unknown during preview", () => {
      it("accepts an unknown value without a recorded origin", async () => {
        const props = { entries: [{ key: "password", textValue: unknown.string }], secretId: unknown.string };
        deepStrictEqual(await run(props), []);
      });

      it("reports nothing while entrySources or entries are unknown", async () => {
        deepStrictEqual(await run({ ...compliantVersion(), entrySources: unknown.object }), []);
        deepStrictEqual(await run({ ...compliantVersion(), entries: unknown.array }), []);
      });

      it("still reports a recorded plaintext entry next to an unknown one", async () => {
        const props = {
          ...compliantVersion(),
          entries: [unknown.object, { key: "password", textValue: "hunter2-hunter2" }],
          entrySources: { password: "plaintext", other: unknown.string },
        };
        deepStrictEqual(await run(props), [plaintext("password")]);
      });
    });
  });
});
