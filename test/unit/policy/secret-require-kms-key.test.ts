import { deepStrictEqual } from "node:assert/strict";
import { secretRequireKmsKey } from "../../../policy/policies/secret-require-kms-key";
import { SECRET_TYPE, SECRET_VERSION_TYPE } from "../../../sdk/types";
import { compliantSecret, compliantVersion } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

const UNENCRYPTED =
  'Lockbox secret "db" should be encrypted with a customer-managed KMS key: set kmsKeyId to the id of a KMS ' +
  "symmetric key (for example a lockbox.KmsSymmetricKey's id), because without it the payload is protected " +
  "only by the service's shared system key.";

function run(props: Record<string, unknown>, config: object = {}, type = SECRET_TYPE) {
  return runResourcePolicy(secretRequireKmsKey, resourceArgs(type, "db", props, config));
}

describe("lockbox-secret-require-kms-key", () => {
  describe(".validateResource()", () => {
    it("accepts a secret encrypted with a KMS key", async () => {
      deepStrictEqual(await run(compliantSecret()), []);
    });

    it("reports a secret without kmsKeyId", async () => {
      const { kmsKeyId: _drop, ...props } = compliantSecret();
      deepStrictEqual(await run(props), [UNENCRYPTED]);
    });

    it("reports a secret with an empty kmsKeyId", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "" }), [UNENCRYPTED]);
    });

    it("reports a secret whose kmsKeyId is only whitespace", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "  " }), [UNENCRYPTED]);
    });

    it("ignores resources that are not secrets", async () => {
      deepStrictEqual(await run(compliantVersion(), {}, SECRET_VERSION_TYPE), []);
    });

    it("skips a secret listed in excludeResources", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "" }, { excludeResources: ["db"] }), []);
    });

    it("checks only the secrets listed in includeResources when that list is set", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "" }, { includeResources: ["other"] }), []);
      deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: "" }, { includeResources: ["db"] }), [
        UNENCRYPTED,
      ]);
    });

    describe("when kmsKeyId is unknown during preview", () => {
      it("reports nothing, leaving the check to the update", async () => {
        deepStrictEqual(await run({ ...compliantSecret(), kmsKeyId: unknown.string }), []);
      });
    });
  });
});
