/**
 * Which `pulumi-language-nodejs` the engine starts (scripts/pulumi-env.js): an official host on the
 * user's PATH wins; our tools/language-host is the fallback, or first with LOCKBOX_LANGUAGE_HOST=bundled.
 * The engine takes the first executable of that name on PATH, so the tests resolve PATH the same way.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface PulumiEnvModule {
  binDir: string;
  fallbackHostDir: string;
  LANGUAGE_HOST: string;
  pulumiEnv(options?: {
    stateDir?: string;
    pulumiHome?: string;
    base?: NodeJS.ProcessEnv;
  }): NodeJS.ProcessEnv;
  findOnPath(name: string, pathValue: string | undefined): string | undefined;
  languageHost(env: NodeJS.ProcessEnv): { path: string; bundled: boolean } | undefined;
}
const pulumiEnv = require("../../../scripts/pulumi-env.js") as PulumiEnvModule;

describe("language host selection (scripts/pulumi-env.js)", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "host-selection-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** An executable file `name` in a new directory `dir` under tmp. */
  function executable(dir: string, name = pulumiEnv.LANGUAGE_HOST, mode = 0o755): string {
    const full = path.join(tmp, dir);
    fs.mkdirSync(full, { recursive: true });
    const file = path.join(full, name);
    fs.writeFileSync(file, "#!/bin/sh\nexit 0\n", { mode });
    fs.chmodSync(file, mode);
    return file;
  }

  const envWith = (basePath: string, extra: NodeJS.ProcessEnv = {}) =>
    pulumiEnv.pulumiEnv({ stateDir: tmp, pulumiHome: tmp, base: { PATH: basePath, ...extra } });

  it("puts our fallback host last on PATH, after the user's PATH", () => {
    const dirs = (envWith("/usr/local/bin:/usr/bin").PATH ?? "").split(path.delimiter);
    assert.equal(dirs[0], pulumiEnv.binDir);
    assert.equal(dirs.at(-1), pulumiEnv.fallbackHostDir);
    assert.ok(dirs.indexOf("/usr/bin") < dirs.indexOf(pulumiEnv.fallbackHostDir));
  });

  it("does not put our host next to the CLI, where it would shadow an official one", () => {
    assert.notEqual(pulumiEnv.fallbackHostDir, pulumiEnv.binDir);
  });

  it("prefers an official pulumi-language-nodejs found on the user's PATH", () => {
    const official = executable("pulumi/bin");
    const env = envWith([path.dirname(official), "/usr/bin"].join(path.delimiter));
    const first = pulumiEnv.findOnPath(pulumiEnv.LANGUAGE_HOST, env.PATH);
    assert.equal(first, official);
    assert.deepEqual(pulumiEnv.languageHost(env), { path: official, bundled: false });
  });

  it("uses our host first when LOCKBOX_LANGUAGE_HOST=bundled", () => {
    const official = executable("pulumi/bin");
    const env = envWith(path.dirname(official), { LOCKBOX_LANGUAGE_HOST: "bundled" });
    const dirs = (env.PATH ?? "").split(path.delimiter);
    assert.ok(dirs.indexOf(pulumiEnv.fallbackHostDir) < dirs.indexOf(path.dirname(official)));
    assert.equal(dirs.filter((d) => d === pulumiEnv.fallbackHostDir).length, 1);
  });

  describe("findOnPath()", () => {
    it("returns the first executable match in PATH order", () => {
      const a = executable("a");
      const b = executable("b");
      assert.equal(
        pulumiEnv.findOnPath(
          pulumiEnv.LANGUAGE_HOST,
          [path.dirname(b), path.dirname(a)].join(path.delimiter),
        ),
        b,
      );
    });

    it("skips files that are not executable and directories of that name", () => {
      const notExecutable = executable("plain", pulumiEnv.LANGUAGE_HOST, 0o644);
      fs.mkdirSync(path.join(tmp, "dir", pulumiEnv.LANGUAGE_HOST), { recursive: true });
      const good = executable("good");
      const pathValue = [path.dirname(notExecutable), path.join(tmp, "dir"), path.dirname(good)].join(
        path.delimiter,
      );
      assert.equal(pulumiEnv.findOnPath(pulumiEnv.LANGUAGE_HOST, pathValue), good);
    });

    it("returns undefined when nothing matches, and for an empty PATH", () => {
      assert.equal(pulumiEnv.findOnPath(pulumiEnv.LANGUAGE_HOST, path.join(tmp, "nowhere")), undefined);
      assert.equal(pulumiEnv.findOnPath(pulumiEnv.LANGUAGE_HOST, ""), undefined);
      assert.equal(pulumiEnv.findOnPath(pulumiEnv.LANGUAGE_HOST, undefined), undefined);
    });
  });

  describe("languageHost()", () => {
    it("reports our fallback as bundled when no other host is on PATH", () => {
      const fallback = path.join(pulumiEnv.fallbackHostDir, pulumiEnv.LANGUAGE_HOST);
      const env = envWith(path.join(tmp, "empty"));
      const host = pulumiEnv.languageHost(env);
      if (fs.existsSync(fallback)) assert.deepEqual(host, { path: fallback, bundled: true });
      else assert.equal(host, undefined, "no host at all before `npm run pulumi:build`");
    });
  });
});
