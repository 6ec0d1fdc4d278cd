// Mocha reporter: the spec reporter's output, plus a JSON summary that scripts/test.js folds
// into the final "N passed, N failed" line.
"use strict";
const Mocha = require("mocha");
const fs = require("node:fs");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class LockboxReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? {};
      const summary = { passes: s.passes ?? 0, failures: s.failures ?? 0, pending: s.pending ?? 0 };
      if (process.env.LOCKBOX_TEST_SUMMARY)
        fs.writeFileSync(process.env.LOCKBOX_TEST_SUMMARY, JSON.stringify(summary));
      else console.log(`${summary.passes} passed, ${summary.failures} failed`);
    });
  }
}
module.exports = LockboxReporter;
