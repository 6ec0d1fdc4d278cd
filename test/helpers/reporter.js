// Mocha reporter: the spec reporter's output, plus a JSON summary (passes, failures, pending and
// each test file's wall time) that scripts/test.js folds into the closing "N passed, N failed,
// N skipped" line and its per-file timing table.
"use strict";
const Mocha = require("mocha");
const fs = require("node:fs");
const path = require("node:path");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class LockboxReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    /** @type {Map<string, number>} wall time per test file, in ms (top-level describes summed) */
    const fileMs = new Map();
    /** @type {Map<object, number>} */
    const started = new Map();
    /** @type {string[]} titles of the pending tests, so the summary can say what did not run */
    const pendingTitles = [];
    const topLevel = (suite) => suite.parent && suite.parent.root && suite.file;
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (topLevel(suite)) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const t0 = started.get(suite);
      if (t0 === undefined) return;
      const file = path.relative(process.cwd(), suite.file);
      fileMs.set(file, (fileMs.get(file) ?? 0) + Date.now() - t0);
    });
    runner.on(EVENT_TEST_PENDING, (test) => pendingTitles.push(test.fullTitle()));
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? {};
      const summary = {
        passes: s.passes ?? 0,
        failures: s.failures ?? 0,
        pending: s.pending ?? 0,
        pendingTitles,
        files: [...fileMs].map(([file, ms]) => ({ file, ms })),
      };
      if (process.env.LOCKBOX_TEST_SUMMARY)
        fs.writeFileSync(process.env.LOCKBOX_TEST_SUMMARY, JSON.stringify(summary));
      else console.log(`${summary.passes} passed, ${summary.failures} failed, ${summary.pending} skipped`);
    });
  }
}
module.exports = LockboxReporter;
