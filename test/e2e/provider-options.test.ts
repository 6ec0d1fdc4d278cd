/**
 * Provider-level behaviour through the real CLI against lockbox-local: errors that name the stack
 * config to set, operation timeouts, and adopting resources that already exist.
 */
import * as assert from "node:assert/strict";
import { createStack } from "../helpers/pulumi";
import { FOLDER, startWorld, type LocalWorld } from "../integration/lifecycle/local";
import { programDir } from "./stack";

const NO_CREDENTIAL_ENV = { YC_IAM_TOKEN: "", YC_TOKEN: "", YC_SERVICE_ACCOUNT_KEY_FILE: "" };

describe("provider options through the real engine", function () {
  this.timeout(300_000);
  let world: LocalWorld;
  before(async () => {
    world = await startWorld();
  });

  it("without credentials, preview fails naming the stack config and env variables, and nothing is called", async () => {
    const prog = programDir("nocreds");
    prog.write(`new lockbox.Secret("s", { name: "e2e-nocreds" });`);
    const stack = await createStack({
      programDir: prog.dir,
      config: { "lockbox:endpoint": world.url, "lockbox:folderId": FOLDER },
      env: NO_CREDENTIAL_ENV,
    });
    const before = await world.mutations();
    const r = await stack.preview({ allowFailure: true });
    assert.notEqual(r.code, 0);
    const text = r.stdout + r.stderr;
    for (const part of [
      "pulumi config set --secret lockbox:token",
      "lockbox:serviceAccountKeyFile",
      "lockbox:endpoint",
      "YC_IAM_TOKEN",
    ]) {
      assert.ok(text.includes(part), `the error names ${part}:\n${text}`);
    }
    assert.equal(await world.mutations(), before);
    const up = await stack.up({ allowFailure: true });
    assert.notEqual(up.code, 0);
    assert.match(up.stdout + up.stderr, /pulumi config set --secret lockbox:token/);
    assert.equal(await world.mutations(), before);
  });
});
