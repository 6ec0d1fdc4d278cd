/**
 * Test files share set-up only through test/helpers/: no suite imports another suite's files, so a
 * helper has one home and moving a suite breaks nothing else.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const testDir = path.join(root, "test");

/**
 * Helpers still living beside the lockbox-local suites, which those suites share (they are being
 * reworked with the server); each key may be imported only from the folders listed.
 */
const SUITE_LOCAL_HELPERS: Record<string, string[]> = {
  "test/integration/server/http.ts": ["test/integration/server/", "test/reliability/"],
  "test/integration/server/raw.ts": ["test/integration/server/"],
};

/** Relative import specifiers of a TypeScript file (import/export … from, import "…", require). */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:from|import|require\()\s*["'](\.\.?\/[^"']+)["']/g)) out.push(m[1]!);
  return out;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "fixtures" || e.name === "node_modules" ? [] : tsFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

describe("test layout", () => {
  it("reads relative imports of every form", () => {
    assert.deepEqual(
      relativeImports(
        'import { a } from "./a";\nimport "../b";\nexport { c } from "./c";\nconst d = require("./d");\nimport x from "pkg";',
      ),
      ["./a", "../b", "./c", "./d"],
    );
  });

  it("test files import shared set-up only from test/helpers/", () => {
    const problems: string[] = [];
    const files = tsFiles(testDir);
    assert.ok(files.length > 50, `found only ${files.length} test files`);
    for (const file of files) {
      const rel = path.relative(root, file).split(path.sep).join("/");
      for (const spec of relativeImports(fs.readFileSync(file, "utf8"))) {
        const target = path
          .relative(root, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join("/");
        if (!target.startsWith("test/") || target.startsWith("test/helpers/")) continue;
        // Examples inside strings (tests of import parsers) name files that do not exist.
        if (![".ts", ".js", "/index.ts"].some((ext) => fs.existsSync(path.join(root, target + ext))))
          continue;
        const allowed = SUITE_LOCAL_HELPERS[`${target}.ts`];
        if (allowed?.some((dir) => rel.startsWith(dir))) continue;
        problems.push(`${rel} imports ${spec}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
