import { deepStrictEqual } from "node:assert/strict";
import { versionMinDestructionPendingPeriod } from "../../../policy/policies/version-min-destruction-pending-period";
import { SECRET_TYPE, SECRET_VERSION_TYPE } from "../../../sdk/types";
import { compliantSecret, compliantVersion } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

function run(props: Record<string, unknown>, config: object = {}, type = SECRET_VERSION_TYPE) {
  return runResourcePolicy(versionMinDestructionPendingPeriod, resourceArgs(type, "v1", props, config));
}

describe("lockbox-version-min-destruction-pending-period", () => {
  describe(".validateResource()", () => {
    it("accepts a version that leaves the period at the 7-day default", async () => {
      deepStrictEqual(await run(compliantVersion()), []);
    });

    it("accepts a period of a day or more", async () => {
      deepStrictEqual(await run({ ...compliantVersion(), destructionPendingPeriod: "86400s" }), []);
    });

    it("reports a period shorter than a day", async () => {
      deepStrictEqual(await run({ ...compliantVersion(), destructionPendingPeriod: "600s" }), [
        'Lockbox secret version "v1" should stay recoverable for at least 86400 seconds after it is replaced, ' +
          'but its destructionPendingPeriod is "600s": set it to "86400s" or more, or leave it unset for the ' +
          "7-day default.",
      ]);
    });

    it("honours a configured minPendingPeriodSeconds", async () => {
      const props = { ...compliantVersion(), destructionPendingPeriod: "600s" };
      deepStrictEqual(await run(props, { minPendingPeriodSeconds: 300 }), []);
    });

    it("ignores resources that are not secret versions", async () => {
      deepStrictEqual(await run(compliantSecret(), {}, SECRET_TYPE), []);
    });

    it("skips a version listed in excludeResources", async () => {
      const props = { ...compliantVersion(), destructionPendingPeriod: "1s" };
      deepStrictEqual(await run(props, { excludeResources: ["v1"] }), []);
    });

    describe("when the period is unknown during preview", () => {
      it("reports nothing, leaving the check to the update", async () => {
        deepStrictEqual(await run({ ...compliantVersion(), destructionPendingPeriod: unknown.string }), []);
      });
    });
  });
});
