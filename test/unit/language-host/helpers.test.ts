/**
 * The language host's pure parts (tools/language-host/helpers.js): runtime options, the runner's
 * config form, exit texts, env entries, module lookup and resource-plugin discovery.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Helpers {
  runtimeOptions(opts: Record<string, unknown>): { env: Record<string, string>; nodeargs: string[] };
  runnerConfig(entries: Iterable<[string, string]>): Record<string, string>;
  exitError(code: number | null, signal: NodeJS.Signals | null): string;
  splitEnv(entry: string): [string, string];
  locate(id: string, dir: string, hint: string): string;
  installedVersion(name: string, dir: string): string | undefined;
  resourcePackages(dir: string): { name: string; version: string }[];
  parsePort(line: string): number | undefined;
}
const helpers = require("../../../tools/language-host/helpers.js") as Helpers;
const repoRoot = path.resolve(__dirname, "..", "..", "..");

const made: string[] = [];
/** A temporary directory, removed after the test. */
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "language-host-"));
  made.push(dir);
  return dir;
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

describe("language host helpers", () => {
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("runtimeOptions()", () => {
    it("turns TypeScript on by default", () => {
      assert.deepEqual(helpers.runtimeOptions({}), {
        env: { PULUMI_NODEJS_TYPESCRIPT: "true" },
        nodeargs: [],
      });
    });

    it("passes typescript: false, a tsconfig path and split nodeargs", () => {
      assert.deepEqual(
        helpers.runtimeOptions({
          typescript: false,
          tsconfig: "tsconfig.app.json",
          nodeargs: " --a  --b=1 ",
        }),
        { env: { PULUMI_NODEJS_TSCONFIG_PATH: "tsconfig.app.json" }, nodeargs: ["--a", "--b=1"] },
      );
    });

    it("refuses options of the wrong type, naming the option", () => {
      assert.throws(
        () => helpers.runtimeOptions({ typescript: "yes" }),
        /typescript option must be a boolean/,
      );
      assert.throws(() => helpers.runtimeOptions({ tsconfig: 1 }), /tsconfig option must be a string/);
      assert.throws(() => helpers.runtimeOptions({ nodeargs: ["--a"] }), /nodeargs option must be a string/);
    });
  });

  describe("runnerConfig()", () => {
    it("rewrites namespace:key into namespace:config:key", () => {
      assert.deepEqual(
        helpers.runnerConfig([
          ["lockbox:endpoint", "http://127.0.0.1:1"],
          ["proj:db:host", "h"],
        ]),
        { "lockbox:config:endpoint": "http://127.0.0.1:1", "proj:config:db:host": "h" },
      );
    });

    it("keeps keys already in the runner's form", () => {
      assert.deepEqual(helpers.runnerConfig([["proj:config:a", "1"]]), { "proj:config:a": "1" });
    });

    it("refuses a key without a namespace", () => {
      assert.throws(() => helpers.runnerConfig([["bare", "1"]]), /config key "bare" has no namespace/);
    });
  });

  describe("exitError()", () => {
    it("is empty for success and names the exit code or the signal otherwise", () => {
      assert.equal(helpers.exitError(0, null), "");
      assert.equal(helpers.exitError(3, null), "Program exited with non-zero exit code: 3");
      assert.equal(helpers.exitError(null, "SIGKILL"), "Program exited unexpectedly: killed by SIGKILL");
    });
  });

  describe("splitEnv()", () => {
    it("splits at the first = only", () => {
      assert.deepEqual(helpers.splitEnv("A=b=c"), ["A", "b=c"]);
      assert.deepEqual(helpers.splitEnv("EMPTY="), ["EMPTY", ""]);
      assert.deepEqual(helpers.splitEnv("NOVALUE"), ["NOVALUE", ""]);
    });
  });

  describe("parsePort()", () => {
    it("reads a port line and refuses anything else", () => {
      assert.equal(helpers.parsePort("35245\n"), 35245);
      assert.equal(helpers.parsePort("  8080 "), 8080);
      assert.equal(helpers.parsePort("0"), undefined);
      assert.equal(helpers.parsePort("70000"), undefined);
      assert.equal(helpers.parsePort("1234abc"), undefined);
      assert.equal(helpers.parsePort("listening on 1234"), undefined);
    });
  });

  describe("locate()", () => {
    it("resolves a module from the given directory", () => {
      const found = helpers.locate("@pulumi/pulumi/cmd/run", repoRoot, "npm install");
      assert.match(found, /node_modules[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run/);
    });

    it("tells the user to install the SDK when it cannot be found", () => {
      const dir = tempDir();
      assert.throws(
        () => helpers.locate("@pulumi/pulumi/cmd/run", dir, "npm install in /x"),
        /Pulumi SDK has not been installed\. Have you run npm install in \/x\?/,
      );
    });
  });

  describe("installedVersion()", () => {
    it("reads the version installed where the program lives, or undefined", () => {
      const dir = tempDir();
      writeJson(path.join(dir, "node_modules", "some-pkg", "package.json"), {
        name: "some-pkg",
        version: "1.2.3",
      });
      assert.equal(helpers.installedVersion("some-pkg", dir), "1.2.3");
      assert.equal(helpers.installedVersion("missing-pkg", dir), undefined);
    });
  });

  describe("resourcePackages()", () => {
    it("lists resource plugins under node_modules, scoped ones included, with v-prefixed versions", () => {
      const dir = tempDir();
      const nm = path.join(dir, "node_modules");
      writeJson(path.join(nm, "@pulumi", "random", "package.json"), {
        name: "@pulumi/random",
        version: "4.16.0",
        pulumi: { resource: true },
      });
      writeJson(path.join(nm, "@acme", "thing", "package.json"), {
        name: "@acme/thing",
        version: "v2.0.0",
        pulumi: { resource: true, name: "acme-thing" },
      });
      writeJson(path.join(nm, "plain-lib", "package.json"), { name: "plain-lib", version: "1.0.0" });
      fs.mkdirSync(path.join(nm, ".bin"));
      fs.mkdirSync(path.join(nm, "not-a-package"));
      assert.deepEqual(helpers.resourcePackages(dir), [
        { name: "acme-thing", version: "v2.0.0" },
        { name: "random", version: "v4.16.0" },
      ]);
    });

    it("finds none without node_modules", () => {
      assert.deepEqual(helpers.resourcePackages(tempDir()), []);
    });
  });
});
