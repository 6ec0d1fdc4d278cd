import * as assert from "node:assert/strict";
import { MAX_BODY_DEPTH, parseBody, scanJsonText, stripNulls } from "../../../server/body";
import { ApiError } from "../../../server/errors";

describe("server/body", () => {
  describe(".scanJsonText()", () => {
    it("counts objects, arrays and members outside strings only, escaped quotes included", () => {
      assert.deepEqual(scanJsonText('{"a":"[{:}] \\" [{:","b":[1,{}]}', 100), {
        tooDeep: false,
        containers: 3,
        members: 2,
      });
    });

    it("stops at the first bracket deeper than the bound", () => {
      assert.equal(scanJsonText("[".repeat(101) + "]".repeat(101), 100).tooDeep, true);
      assert.equal(scanJsonText("[".repeat(100) + "]".repeat(100), 100).tooDeep, false);
    });
  });

  describe(".parseBody()", () => {
    it("refuses nesting deeper than MAX_BODY_DEPTH and more than 20,000 nodes, with INVALID_ARGUMENT", () => {
      const deep = Buffer.from("[".repeat(MAX_BODY_DEPTH + 1) + "]".repeat(MAX_BODY_DEPTH + 1));
      assert.throws(
        () => parseBody(deep),
        (e: unknown) => e instanceof ApiError && /nests deeper/.test(e.message),
      );
      const wide = Buffer.from(`[${Array(20_000).fill("{}").join(",")}]`);
      assert.throws(
        () => parseBody(wide),
        (e: unknown) => e instanceof ApiError && /more than 20000/.test(e.message),
      );
    });

    it("drops null members at every depth but keeps null array elements and __proto__ members", () => {
      assert.deepEqual(parseBody(Buffer.from('{"a":null,"b":{"c":null,"d":[null,{"e":null}]}}')), {
        b: { d: [null, {}] },
      });
      const proto = parseBody(Buffer.from('{"__proto__":{"x":1},"y":null}')) as object;
      assert.deepEqual(Object.keys(proto), ["__proto__"]);
      assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    });

    it("leaves a body without null untouched and answers {} for an empty one", () => {
      const value = { a: [1, "null-ish", { b: true }] };
      assert.deepEqual(parseBody(Buffer.from(JSON.stringify(value))), value);
      assert.deepEqual(parseBody(Buffer.from("  ")), {});
      assert.deepEqual(stripNulls([null, 1]), [null, 1]);
    });
  });
});
