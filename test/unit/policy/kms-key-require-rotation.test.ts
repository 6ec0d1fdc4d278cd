import { deepStrictEqual } from "node:assert/strict";
import { kmsKeyRequireRotation } from "../../../policy/policies/kms-key-require-rotation";
import { KMS_SYMMETRIC_KEY_TYPE, SECRET_TYPE } from "../../../sdk/types";
import { compliantKmsKey, compliantSecret } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

function run(props: Record<string, unknown>, config: object = {}, type = KMS_SYMMETRIC_KEY_TYPE) {
  return runResourcePolicy(kmsKeyRequireRotation, resourceArgs(type, "key", props, config));
}

describe("lockbox-kms-key-require-rotation", () => {
  describe(".validateResource()", () => {
    it("accepts a key that rotates every 30 days", async () => {
      deepStrictEqual(await run(compliantKmsKey()), []);
    });

    it("reports a key without rotationPeriod", async () => {
      const { rotationPeriod: _drop, ...props } = compliantKmsKey();
      deepStrictEqual(await run(props), [
        'KMS key "key" should rotate automatically: set rotationPeriod to at most "31536000s" (365 days).',
      ]);
    });

    it("reports a key that rotates less often than maxRotationDays", async () => {
      deepStrictEqual(await run(compliantKmsKey(), { maxRotationDays: 7 }), [
        'KMS key "key" should rotate at least every 7 days, but its rotationPeriod is "2592000s": set it to at ' +
          'most "604800s".',
      ]);
    });

    it("ignores resources that are not KMS keys", async () => {
      deepStrictEqual(await run(compliantSecret(), {}, SECRET_TYPE), []);
    });

    it("skips a key listed in excludeResources", async () => {
      deepStrictEqual(
        await run({ ...compliantKmsKey(), rotationPeriod: "" }, { excludeResources: ["key"] }),
        [],
      );
    });

    describe("when rotationPeriod is unknown during preview", () => {
      it("reports nothing, leaving the check to the update", async () => {
        deepStrictEqual(await run({ ...compliantKmsKey(), rotationPeriod: unknown.string }), []);
      });
    });
  });
});
