import { deepStrictEqual } from "node:assert/strict";
import { secretRequiredLabels } from "../../../policy/policies/secret-required-labels";
import { SECRET_TYPE } from "../../../sdk/types";
import { compliantSecret } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

const REQUIRE = { requiredLabels: ["team", "env"] };

function run(props: Record<string, unknown>, config: object = REQUIRE) {
  return runResourcePolicy(secretRequiredLabels, resourceArgs(SECRET_TYPE, "db", props, config));
}

describe("lockbox-secret-required-labels", () => {
  describe(".validateResource()", () => {
    it("accepts a secret that carries every required label", async () => {
      deepStrictEqual(await run(compliantSecret()), []);
    });

    it("reports each missing label", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), labels: { owner: "alice" } }), [
        'Lockbox secret "db" should carry the label "team": add it to labels.',
        'Lockbox secret "db" should carry the label "env": add it to labels.',
      ]);
    });

    it("reports a secret without any labels", async () => {
      const { labels: _drop, ...props } = compliantSecret();
      deepStrictEqual(await run(props, { requiredLabels: ["team"] }), [
        'Lockbox secret "db" should carry the label "team": add it to labels.',
      ]);
    });

    it("reports a required label with an empty value", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), labels: { team: "", env: "prod" } }), [
        'Lockbox secret "db" should give the label "team" a non-empty value: set labels.team.',
      ]);
    });

    it("accepts an empty value when allowEmptyValues is set", async () => {
      const props = { ...compliantSecret(), labels: { team: "", env: "prod" } };
      deepStrictEqual(await run(props, { ...REQUIRE, allowEmptyValues: true }), []);
    });

    it("checks nothing when no labels are required", async () => {
      deepStrictEqual(await run({ ...compliantSecret(), labels: {} }, {}), []);
    });

    it("skips a secret listed in excludeResources", async () => {
      deepStrictEqual(
        await run({ ...compliantSecret(), labels: {} }, { ...REQUIRE, excludeResources: ["db"] }),
        [],
      );
    });

    describe("when labels are unknown during preview", () => {
      it("reports nothing for an unknown labels map", async () => {
        deepStrictEqual(await run({ ...compliantSecret(), labels: unknown.object }), []);
      });

      it("still reports a missing key next to an unknown value", async () => {
        deepStrictEqual(await run({ ...compliantSecret(), labels: { team: unknown.string } }), [
          'Lockbox secret "db" should carry the label "env": add it to labels.',
        ]);
      });
    });
  });
});
