import * as assert from "node:assert/strict";
import { FaultInjector, parseFaultSpec } from "../../../server/store/faults";

describe("server/store/faults", () => {
  describe(".parseFaultSpec()", () => {
    it("reads key=value lists and JSON, filling defaults", () => {
      assert.deepEqual(parseFaultSpec("unavailable=0.1, commitThenDrop=0.05,only=all,times=3"), {
        unavailable: 0.1,
        rateLimited: 0,
        drop: 0,
        commitThenDrop: 0.05,
        only: "all",
        times: 3,
      });
      assert.equal(parseFaultSpec('{"drop":1}').drop, 1);
      assert.equal(parseFaultSpec("").unavailable, 0);
    });

    it("rejects rates outside [0, 1], unknown keys and malformed parts, naming them", () => {
      assert.throws(() => parseFaultSpec("unavailable=2"), /unavailable/);
      assert.throws(() => parseFaultSpec("explode=1"), /explode/);
      assert.throws(() => parseFaultSpec("drop"), /key=value/);
    });
  });

  describe("FaultInjector.decide()", () => {
    it("picks faults by the random draw and stops after `times`", () => {
      const draws = [0.05, 0.15, 0.25, 0.35, 0.95];
      const f = new FaultInjector(
        parseFaultSpec("unavailable=0.1,rateLimited=0.1,drop=0.1,commitThenDrop=0.1,only=all"),
        () => draws.shift()!,
      );
      assert.deepEqual(
        [1, 2, 3, 4, 5].map(() => f.decide(false)),
        ["unavailable", "rateLimited", "drop", "commitThenDrop", "none"],
      );
      const once = new FaultInjector(parseFaultSpec("unavailable=1,times=1"), () => 0);
      assert.equal(once.decide(true), "unavailable");
      assert.equal(once.decide(true), "none");
    });

    it("spares reads when only mutations are eligible", () => {
      const f = new FaultInjector(parseFaultSpec("unavailable=1"), () => 0);
      assert.equal(f.decide(false), "none");
      assert.equal(f.decide(true), "unavailable");
    });
  });
});
