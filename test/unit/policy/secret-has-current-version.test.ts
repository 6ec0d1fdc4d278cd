import { deepStrictEqual } from "node:assert/strict";
import { secretHasCurrentVersion } from "../../../policy/policies/secret-has-current-version";
import { SECRET_TYPE, SECRET_VERSION_TYPE } from "../../../sdk/types";
import { compliantSecret, compliantVersion, generatedSecret } from "../../helpers/policy-fixtures";
import { runStackPolicy, StackResourceSpec, unknown, urnOf } from "../../helpers/policy";

function noVersion(name: string) {
  return {
    message:
      `Lockbox secret "${name}" should have a current version: add a lockbox.SecretVersion with secretId set to ` +
      "this secret's id in the same stack, or give the secret a passwordPayloadSpecification so that the service " +
      "generates one.",
    urn: urnOf(SECRET_TYPE, name),
  };
}

const secret = (name: string, props = compliantSecret()): StackResourceSpec => ({
  type: SECRET_TYPE,
  name,
  props,
});
const version = (name: string, extra: Partial<StackResourceSpec> = {}): StackResourceSpec => ({
  type: SECRET_VERSION_TYPE,
  name,
  props: { ...compliantVersion(), secretId: unknown.string },
  ...extra,
});

describe("lockbox-secret-has-current-version", () => {
  describe(".validateStack()", () => {
    it("accepts a secret whose version's secretId comes from it", async () => {
      const stack = [secret("db"), version("db-v1", { propertyDependencies: { secretId: ["db"] } })];
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), []);
    });

    it("accepts a secret that a version depends on", async () => {
      const stack = [secret("db"), version("db-v1", { dependsOn: ["db"] })];
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), []);
    });

    it("accepts a secret whose currentVersionId output is set after an update", async () => {
      const stack = [secret("db", { ...compliantSecret(), currentVersionId: "e6qversion0000000001" })];
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), []);
    });

    it("accepts a secret with a generated password spec and no version", async () => {
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, [secret("gen", generatedSecret())]), []);
    });

    it("reports a secret without any version", async () => {
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, [secret("db")]), [noVersion("db")]);
    });

    it("reports only the secret that no version belongs to", async () => {
      const stack = [
        secret("db"),
        secret("api"),
        version("db-v1", { propertyDependencies: { secretId: ["db"] } }),
      ];
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), [noVersion("api")]);
    });

    it("skips a secret listed in excludeResources", async () => {
      deepStrictEqual(
        await runStackPolicy(secretHasCurrentVersion, [secret("db")], { excludeResources: ["db"] }),
        [],
      );
    });

    describe("when ids are unknown during preview", () => {
      it("matches versions through dependencies and accepts an unknown spec", async () => {
        const stack = [
          secret("db", { ...compliantSecret(), currentVersionId: unknown.string }),
          version("db-v1", { propertyDependencies: { secretId: ["db"] } }),
          secret("gen", { ...compliantSecret(), passwordPayloadSpecification: unknown.object }),
        ];
        deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), []);
      });

      it("still reports a secret that nothing depends on", async () => {
        const stack = [
          secret("db", { ...compliantSecret(), currentVersionId: unknown.string }),
          version("other"),
        ];
        deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), [noVersion("db")]);
      });
    });
  });
});
