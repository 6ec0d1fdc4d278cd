import { strict as assert } from "node:assert";
import { parseTimeout } from "../../../provider/lifecycle/timeouts";
import { timeoutsInput } from "../../../sdk/settings";

describe("timeouts", () => {
  it("parses Pulumi customTimeouts durations and bare seconds to milliseconds", () => {
    const cases: [unknown, number | undefined][] = [
      ["30s", 30_000],
      ["5m", 300_000],
      ["1h30m", 5_400_000],
      ["1.5h", 5_400_000],
      ["500ms", 500],
      ["90", 90_000],
      [2, 2000],
      ["", undefined],
      ["soon", undefined],
      ["-5m", undefined],
      ["0s", undefined],
      [undefined, undefined],
    ];
    for (const [v, ms] of cases) assert.equal(parseTimeout(v), ms, String(v));
  });

  it("the SDK turns customTimeouts into the hidden input, and refuses an unparsable one", () => {
    assert.deepEqual(timeoutsInput("Secret s", { customTimeouts: { create: "2m", delete: "30s" } }), {
      create: 120_000,
      delete: 30_000,
    });
    assert.equal(timeoutsInput("Secret s", {}), undefined);
    assert.throws(
      () => timeoutsInput("Secret s", { customTimeouts: { update: "later" } }),
      /Secret s: customTimeouts.update must be a duration/,
    );
  });
});
