import { deepStrictEqual, equal, strictEqual } from "node:assert/strict";
import {
  configOf,
  durationSeconds,
  isSelected,
  known,
  knownElements,
  knownEntries,
  list,
  UNKNOWN,
} from "../../../policy/policies/common";
import { resourceArgs, unknown, urnOf } from "../../helpers/policy";

describe("policy/policies/common", () => {
  describe(".isSelected()", () => {
    const resource = { name: "db", urn: urnOf("t", "db") };

    it("selects every resource by default", () => {
      equal(isSelected(resource, {}), true);
    });

    it("skips a resource named in excludeResources, by name or URN", () => {
      equal(isSelected(resource, { excludeResources: ["db"] }), false);
      equal(isSelected(resource, { excludeResources: [urnOf("t", "db")] }), false);
      equal(isSelected(resource, { excludeResources: ["other"] }), true);
    });

    it("selects only resources named in a non-empty includeResources", () => {
      equal(isSelected(resource, { includeResources: ["other"] }), false);
      equal(isSelected(resource, { includeResources: [urnOf("t", "db")] }), true);
      equal(isSelected(resource, { includeResources: [] }), true);
    });

    it("lets excludeResources win over includeResources", () => {
      equal(isSelected(resource, { includeResources: ["db"], excludeResources: ["db"] }), false);
    });
  });

  describe(".configOf()", () => {
    const schema = {
      properties: { minLength: { type: "integer" as const, default: 20 }, names: { type: "array" as const } },
    };

    it("fills in the schema's defaults", () => {
      deepStrictEqual(configOf(resourceArgs("t", "n", {}), schema), { minLength: 20 });
    });

    it("lets configured values win, ignoring null and undefined", () => {
      const args = resourceArgs("t", "n", {}, { minLength: 30, names: null, extra: undefined });
      deepStrictEqual(configOf(args, schema), { minLength: 30 });
    });
  });

  describe(".known()", () => {
    it("returns UNKNOWN for a value unknown during preview, and known values as they are", () => {
      const { props } = resourceArgs("t", "n", { a: unknown.string, b: "x", list: ["y", unknown.string] });
      strictEqual(
        known(() => props.a as unknown),
        UNKNOWN,
      );
      strictEqual(
        known(() => props.b as unknown),
        "x",
      );
      deepStrictEqual(knownElements(props.list as unknown[]), ["y", UNKNOWN]);
    });

    it("rethrows other errors", () => {
      let caught: unknown;
      try {
        known(() => {
          throw new TypeError("boom");
        });
      } catch (err) {
        caught = err;
      }
      equal((caught as Error).message, "boom");
    });

    it("reads a map's entries with unknown values marked", () => {
      const { props } = resourceArgs("t", "n", { labels: { a: "1", b: unknown.string } });
      deepStrictEqual(knownEntries(props.labels as object), [
        ["a", "1"],
        ["b", UNKNOWN],
      ]);
    });
  });

  describe(".durationSeconds()", () => {
    it("parses Duration strings and refuses anything else", () => {
      equal(durationSeconds("604800s"), 604800);
      equal(durationSeconds("0.5s"), 0.5);
      equal(durationSeconds("24h"), undefined);
      equal(durationSeconds(86400), undefined);
    });
  });

  describe(".list()", () => {
    it("joins quoted items with commas and a final and", () => {
      equal(list([]), "");
      equal(list(["a"]), '"a"');
      equal(list(["a", "b", "c"]), '"a", "b" and "c"');
    });
  });
});
