/**
 * The layer rules of scripts/layers.js: its import parser, its checker on made-up trees (so a
 * wrong-way import or an import cycle is shown to fail), and the repository itself (no import goes
 * the wrong way, no import cycle inside server/).
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";

interface Violation {
  file: string;
  specifier: string;
  from: string;
  to: string;
}
interface LayersModule {
  MAY_IMPORT: Record<string, readonly string[]>;
  LAYERS: string[];
  importsOf(source: string): string[];
  layerOf(relPath: string): string | undefined;
  targetOf(fromRel: string, specifier: string): string | undefined;
  violations(
    files: { path: string; source: string }[],
    rules?: Record<string, readonly string[]>,
  ): Violation[];
  sourceFiles(root: string): { path: string; source: string }[];
  CYCLE_FREE: string[];
  cycles(files: { path: string; source: string }[], prefix: string): string[][];
}
const layers = require("../../scripts/layers.js") as LayersModule;
const root = path.resolve(__dirname, "..", "..");

describe("layer rules (scripts/layers.js)", () => {
  describe("importsOf()", () => {
    it("finds every import form TypeScript and CommonJS use", () => {
      const source = [
        'import * as a from "./a";',
        'import type { B } from "../b";',
        'import c, { d } from "c-pkg";',
        'import "./side-effect";',
        'export { e } from "./e";',
        'export * from "./f";',
        'export * as g from "./g";',
        'import h = require("./h");',
        'const i = require("./i");',
        'const j = await import("./j");',
        "import {",
        "  k,",
        "  l,",
        '} from "./kl";',
      ].join("\n");
      assert.deepEqual(layers.importsOf(source).sort(), [
        "../b",
        "./a",
        "./e",
        "./f",
        "./g",
        "./h",
        "./i",
        "./j",
        "./kl",
        "./side-effect",
        "c-pkg",
      ]);
    });

    it("ignores imports written in comments, strings and template literals", () => {
      const source = [
        '// import x from "./line-comment";',
        '/* require("./block-comment") */',
        "/**",
        ' * import y from "./doc-comment";',
        " */",
        "const code = \"require('./in-a-string').main()\";",
        'const t = `import z from "./in-a-template"`;',
        'const real = require("./real");',
      ].join("\n");
      assert.deepEqual(layers.importsOf(source), ["./real"]);
    });

    it("does not take a property or method named require for an import", () => {
      assert.deepEqual(layers.importsOf('module.require("./x"); obj.import("./y");'), []);
    });
  });

  describe("layerOf()", () => {
    it("picks the longest matching layer", () => {
      assert.equal(layers.layerOf("provider/api/secret.ts"), "provider/api");
      assert.equal(layers.layerOf("provider/index.ts"), "provider");
      assert.equal(layers.layerOf("sdk/types.ts"), "sdk/types");
      assert.equal(layers.layerOf("sdk/secret.ts"), "sdk");
      assert.equal(layers.layerOf("server/store/sqlite.ts"), "server");
    });

    it("does not confuse a folder with a longer name that starts the same way", () => {
      assert.equal(layers.layerOf("serverless/x.ts"), undefined);
      assert.equal(layers.layerOf("provider-extra/x.ts"), undefined);
    });
  });

  describe("targetOf()", () => {
    it("resolves relative paths, the built output and the package's own exports", () => {
      assert.equal(layers.targetOf("sdk/secret.ts", "../provider/api"), "provider/api");
      assert.equal(layers.targetOf("bin/lockbox-local.js", "../dist/server/main.js"), "server/main.js");
      assert.equal(
        layers.targetOf("sdk/providers.ts", "pulumi-lockbox/provider/lifecycle"),
        "provider/lifecycle",
      );
      assert.equal(layers.targetOf("examples/quickstart/index.ts", "pulumi-lockbox"), "sdk");
      assert.equal(layers.targetOf("sdk/secret.ts", "@pulumi/pulumi"), undefined);
      assert.equal(layers.targetOf("sdk/secret.ts", "node:fs"), undefined);
    });
  });

  describe("violations()", () => {
    const file = (p: string, source: string) => ({ path: p, source });

    it("reports an import that goes the wrong way, naming both layers", () => {
      const found = layers.violations([
        file("provider/api/secret.ts", 'import { x } from "../../server/app";'),
        file("provider/lifecycle/secret.ts", 'import { Secret } from "../../sdk/secret";'),
        file("policy/policies/x.ts", 'import { buildServer } from "../../server/app";'),
        file("provider/api/common.ts", 'import { LockboxClient } from "../client";'),
      ]);
      assert.deepEqual(
        found.map((v) => `${v.file}: ${v.from} -> ${v.to}`),
        [
          "provider/api/secret.ts: provider/api -> server",
          "provider/lifecycle/secret.ts: provider/lifecycle -> sdk",
          "policy/policies/x.ts: policy -> server",
          "provider/api/common.ts: provider/api -> provider/client",
        ],
      );
    });

    it("reports a self-import by package name that reaches a forbidden layer", () => {
      const found = layers.violations([file("provider/client/x.ts", 'require("pulumi-lockbox/server");')]);
      assert.deepEqual(found, [
        {
          file: "provider/client/x.ts",
          specifier: "pulumi-lockbox/server",
          from: "provider/client",
          to: "server",
        },
      ]);
    });

    it("reports an import that leaves the repository", () => {
      const found = layers.violations([file("sdk/x.ts", 'import "../../elsewhere/thing";')]);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.to, "(outside the repository)");
    });

    it("allows imports within a layer, allowed layers and other packages", () => {
      const found = layers.violations([
        file("provider/api/secret.ts", 'import { z } from "zod"; import { id } from "./common";'),
        file("server/routes/secrets.ts", 'import * as api from "../../provider/api/common";'),
        file("sdk/secret.ts", 'import { LockboxClient } from "../provider/client";'),
        file("test/unit/x.test.ts", 'import { buildServer } from "../../server/app";'),
      ]);
      assert.deepEqual(found, []);
    });

    it("follows the rules it is given, so they can change with the architecture", () => {
      const tree = [file("server/routes/secrets.ts", 'import * as api from "../../provider/api/common";')];
      assert.equal(layers.violations(tree, { ...layers.MAY_IMPORT, server: [] }).length, 1);
      assert.equal(layers.violations(tree).length, 0);
    });
  });

  describe("cycles()", () => {
    const file = (p: string, source: string) => ({ path: p, source });

    it("finds an import cycle inside the folder, type-only imports and index files included", () => {
      const found = layers.cycles(
        [
          file("server/a.ts", 'import { b } from "./store";'),
          file("server/store/index.ts", 'import type { C } from "../c";'),
          file("server/c.ts", 'import { a } from "./a"; import { z } from "zod";'),
          file("server/d.ts", 'import { a } from "./a";'),
        ],
        "server",
      );
      assert.deepEqual(found, [["server/a.ts", "server/store/index.ts", "server/c.ts"]]);
    });

    it("reports nothing for a graph without cycles, and ignores files outside the folder", () => {
      const found = layers.cycles(
        [
          file("server/a.ts", 'import { b } from "./b";'),
          file("server/b.ts", 'import { x } from "../provider/api/x";'),
          file("provider/api/x.ts", 'import { a } from "../../server/a";'),
        ],
        "server",
      );
      assert.deepEqual(found, []);
    });
  });

  describe("the rule table", () => {
    it("has a rule for every layer and names only known layers", () => {
      assert.deepEqual(Object.keys(layers.MAY_IMPORT).sort(), [...layers.LAYERS].sort());
      for (const [layer, allowed] of Object.entries(layers.MAY_IMPORT)) {
        for (const a of allowed) {
          assert.ok(a === "*" || layers.LAYERS.includes(a), `${layer} allows unknown layer ${a}`);
        }
      }
    });
  });

  describe("this repository", () => {
    it("has no import that goes the wrong way", () => {
      const files = layers.sourceFiles(root);
      assert.ok(
        files.some((f) => f.path === "provider/api/secret.ts"),
        "the scan reads the sources",
      );
      assert.deepEqual(layers.violations(files), []);
    });

    it("has no import cycle in the folders that must have none (server/)", () => {
      const files = layers.sourceFiles(root);
      assert.deepEqual(layers.CYCLE_FREE, ["server"]);
      assert.ok(files.filter((f) => f.path.startsWith("server/")).length > 30, "the scan reads server/");
      assert.deepEqual(
        layers.CYCLE_FREE.flatMap((prefix) => layers.cycles(files, prefix)),
        [],
      );
    });
  });
});
