/**
 * Provider-level behaviour through the real CLI against lockbox-local: errors that name the stack
 * config to set, operation timeouts, and adopting resources that already exist.
 */
import * as assert from "node:assert/strict";
import { createStack } from "../helpers/pulumi";
import { FOLDER } from "../helpers/world";
import * as types from "../../sdk/types";
import { lockboxResources, newStack, programDir } from "../helpers/stack";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

const NO_CREDENTIAL_ENV = { YC_IAM_TOKEN: "", YC_TOKEN: "", YC_SERVICE_ACCOUNT_KEY_FILE: "" };

describe("provider options through the real engine", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  it("without credentials, preview fails naming the stack config and env variables, and nothing is called", async () => {
    const prog = programDir("nocreds");
    prog.write(`new lockbox.Secret("s", { name: "e2e-nocreds" });`);
    const stack = await createStack({
      programDir: prog.dir,
      config: { "lockbox:endpoint": world.url, "lockbox:folderId": FOLDER },
      env: NO_CREDENTIAL_ENV,
    });
    const before = await world.apiCalls();
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
    assert.equal(await world.apiCalls(), before);
    const up = await stack.up({ allowFailure: true });
    assert.notEqual(up.code, 0);
    assert.match(up.stdout + up.stderr, /pulumi config set --secret lockbox:token/);
    assert.equal(await world.apiCalls(), before);
  });

  describe("with a lockbox-local whose operations take 3 s", () => {
    const slow = useLockboxWorld({ operationDelayMs: 3000 });
    it("customTimeouts bound the create; the timed-out secret is recorded and the next up finishes it", async () => {
      const { prog, stack } = await newStack(slow, "timeouts");
      const program = (timeouts: string) =>
        `exports.id = new lockbox.Secret("s", { name: "e2e-slow" }${timeouts}).id;`;
      prog.write(program(`, { customTimeouts: { create: "1s" } }`));
      const r = await stack.up({ allowFailure: true });
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, /customTimeouts\.create \(1000 ms\)/);
      const state = await stack.exportStack();
      const [secret] = lockboxResources(state.deployment.resources, types.SECRET_TYPE);
      assert.ok(secret?.id, "the secret is in state");
      assert.equal((await slow.raw.secrets.get(secret.id)).name, "e2e-slow");

      prog.write(program(""));
      await stack.up();
      assert.equal((await stack.outputs()).id, secret.id, "the recorded secret is kept, not made again");
      const named = (await slow.raw.secrets.list({ folderId: FOLDER }).toArray()).filter(
        (s) => s.name === "e2e-slow",
      );
      assert.equal(named.length, 1);
    });

    it("lockbox:operationTimeout sets the default bound of every resource", async () => {
      const { prog, stack } = await newStack(slow, "optimeout");
      await stack.setConfig("lockbox:operationTimeout", "1s");
      prog.write(`new lockbox.KmsSymmetricKey("k", { name: "e2e-slow-key" });`);
      const r = await stack.up({ allowFailure: true });
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, /was not done after 1000 ms/);
      const state = await stack.exportStack();
      assert.equal(lockboxResources(state.deployment.resources, types.KMS_SYMMETRIC_KEY_TYPE).length, 1);
    });
  });
});
