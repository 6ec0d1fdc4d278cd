/**
 * `npm run bench -- --quick` completes (with --no-build: npm test has built dist/ and the CLI already) and writes valid results. Benchmarks measure, tests do not:
 * nothing here looks at a timing, only at the shape of what the harness wrote.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../helpers/pulumi";

describe("npm run bench -- --quick", function () {
  this.timeout(300_000);

  it("runs every bench and writes one figure per measurement, each with its baseline and target", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-bench-test-"));
    try {
      const out = path.join(dir, "results.json");
      const r = spawnSync(process.execPath, ["scripts/bench.js", "--quick", "--no-build", "--out", out], {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 280_000,
      });
      assert.equal(r.status, 0, `bench exited ${r.status}\n${r.stdout}\n${r.stderr}`);
      const result = JSON.parse(fs.readFileSync(out, "utf8")) as {
        quick: boolean;
        ran: string[];
        figures: Array<{
          id: string;
          value: unknown;
          baseline?: unknown;
          ratio?: unknown;
          target?: { met: unknown };
        }>;
      };
      assert.equal(result.quick, true);
      assert.deepEqual(result.ran, ["engine", "server", "client"]);
      const ids = result.figures.map((f) => f.id);
      for (const id of [
        "engine.preview-new.2",
        "engine.up.2",
        "engine.preview.2",
        "engine.destroy.2",
        "engine.preview.requests",
        "engine.state.bytes",
        "server.payload.throughput",
        "server.get.throughput",
        "server.creates",
        "server.list.scaling",
        "server.rss",
        "client.overhead",
      ]) {
        assert.ok(ids.includes(id), `figure ${id} is missing from ${ids.join(", ")}`);
      }
      for (const f of result.figures) {
        assert.ok(
          typeof f.value === "number" && Number.isFinite(f.value),
          `${f.id}: value ${String(f.value)}`,
        );
        if (f.baseline !== undefined) {
          assert.ok(typeof f.ratio === "number" && f.ratio > 0, `${f.id}: a baseline needs a positive ratio`);
        }
        if (f.target) assert.equal(typeof f.target.met, "boolean", `${f.id}: target.met`);
      }
      // The summary table is printed, and --out leaves the committed README alone.
      assert.match(r.stdout, /\| figure \| id \| value \|/);
      assert.match(r.stdout, /engine\.up\.2/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
