import { deepStrictEqual } from "node:assert/strict";
import { secretRequireDeletionProtection } from "../../../policy/policies/secret-require-deletion-protection";
import { SECRET_TYPE } from "../../../sdk/types";
import { compliantSecret } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

const UNPROTECTED =
  'Lockbox secret "db" should have deletion protection turned on: set deletionProtection to true so that ' +
  "deleting the secret and its versions takes a deliberate change first.";

function run(props: Record<string, unknown>, config: object = {}) {
  return runResourcePolicy(secretRequireDeletionProtection, resourceArgs(SECRET_TYPE, "db", props, config));
}

describe("lockbox-secret-require-deletion-protection", () => {
  describe(".validateResource()", () => {
    it("accepts a secret with deletion protection", async () => {
      deepStrictEqual(await run(compliantSecret()), []);
    });

    it("reports a secret with deletion protection turned off", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), deletionProtection: false }), [UNPROTECTED]);
    });

    it("reports a secret that leaves deletionProtection at its default", async () => {
      const { deletionProtection: _drop, ...props } = compliantSecret();
      deepStrictEqual(await run(props), [UNPROTECTED]);
    });

    it("skips a secret listed in excludeResources", async () => {
      deepStrictEqual(
        await run({ ...compliantSecret(), deletionProtection: false }, { excludeResources: ["db"] }),
        [],
      );
    });

    describe("when deletionProtection is unknown during preview", () => {
      it("reports nothing, leaving the check to the update", async () => {
        deepStrictEqual(await run({ ...compliantSecret(), deletionProtection: unknown.boolean }), []);
      });
    });
  });
});
