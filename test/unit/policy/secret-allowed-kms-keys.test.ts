import { deepStrictEqual } from "node:assert/strict";
import { secretAllowedKmsKeys } from "../../../policy/policies/secret-allowed-kms-keys";
import { SECRET_TYPE } from "../../../sdk/types";
import { compliantSecret, KMS_KEY_ID } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

const ALLOW = { allowedKeyIds: [KMS_KEY_ID, "abjsecondkey000000000"] };

function run(props: Record<string, unknown>, config: object = ALLOW) {
  return runResourcePolicy(secretAllowedKmsKeys, resourceArgs(SECRET_TYPE, "db", props, config));
}

describe("lockbox-secret-allowed-kms-keys", () => {
  describe(".validateResource()", () => {
    it("accepts a secret whose key is on the allow-list", async () => {
      deepStrictEqual(await run(compliantSecret()), []);
    });

    it("reports a secret whose key is not on the allow-list", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "abjrogue000000000000" }), [
        'Lockbox secret "db" should use an approved KMS key, but its kmsKeyId "abjrogue000000000000" is not in ' +
          "the allowedKeyIds list: use one of the approved keys, or add this key id to allowedKeyIds in the " +
          "policy configuration.",
      ]);
    });

    it("checks nothing when no allow-list is configured", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "abjrogue000000000000" }, {}), []);
      deepStrictEqual(
        await run({ ...compliantSecret(), kmsKeyId: "abjrogue000000000000" }, { allowedKeyIds: [] }),
        [],
      );
    });

    it("leaves a secret without a key to lockbox-secret-require-kms-key", async () => {
      const { kmsKeyId: _drop, ...props } = compliantSecret();
      deepStrictEqual(await run(props), []);
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "" }), []);
    });

    it("skips a secret listed in excludeResources", async () => {
      const props = { ...compliantSecret(), kmsKeyId: "abjrogue000000000000" };
      deepStrictEqual(await run(props, { ...ALLOW, excludeResources: ["db"] }), []);
    });

    describe("when kmsKeyId is unknown during preview", () => {
      it("reports nothing, leaving the check to the update", async () => {
        deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: unknown.string }), []);
      });
    });
  });
});
