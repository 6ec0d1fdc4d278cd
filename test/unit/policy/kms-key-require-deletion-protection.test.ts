import { deepStrictEqual } from "node:assert/strict";
import { kmsKeyRequireDeletionProtection } from "../../../policy/policies/kms-key-require-deletion-protection";
import { KMS_SYMMETRIC_KEY_TYPE, SECRET_TYPE } from "../../../sdk/types";
import { compliantKmsKey, compliantSecret } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

const UNPROTECTED =
  'KMS key "key" should have deletion protection turned on: set deletionProtection to true, because deleting ' +
  "the key makes every secret encrypted with it unreadable for good.";

function run(props: Record<string, unknown>, config: object = {}, type = KMS_SYMMETRIC_KEY_TYPE) {
  return runResourcePolicy(kmsKeyRequireDeletionProtection, resourceArgs(type, "key", props, config));
}

describe("lockbox-kms-key-require-deletion-protection", () => {
  describe(".validateResource()", () => {
    it("accepts a key with deletion protection", async () => {
      deepStrictEqual(await run(compliantKmsKey()), []);
    });

    it("reports a key with deletion protection turned off", async () => {
      deepStrictEqual(await run({ ...compliantKmsKey(), deletionProtection: false }), [UNPROTECTED]);
    });

    it("reports a key that leaves deletionProtection at its default", async () => {
      const { deletionProtection: _drop, ...props } = compliantKmsKey();
      deepStrictEqual(await run(props), [UNPROTECTED]);
    });

    it("ignores resources that are not KMS keys", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), deletionProtection: false }, {}, SECRET_TYPE), []);
    });

    it("skips a key listed in excludeResources", async () => {
      const props = { ...compliantKmsKey(), deletionProtection: false };
      deepStrictEqual(await run(props, { excludeResources: ["key"] }), []);
    });

    describe("when deletionProtection is unknown during preview", () => {
      it("reports nothing, leaving the check to the update", async () => {
        deepStrictEqual(await run({ ...compliantKmsKey(), deletionProtection: unknown.boolean }), []);
      });
    });
  });
});
