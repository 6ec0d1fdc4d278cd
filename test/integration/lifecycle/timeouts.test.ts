/**
 * Operation timeouts against a lockbox-local whose operations stay running for 2 s: a resource's
 * custom timeouts (the hidden `__timeouts` input) and the provider's `lockbox:operationTimeout`
 * bound every wait; a create that stops waiting is recorded, never orphaned.
 */
import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { ResourceInitError } from "../../../provider/lifecycle/ops";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

describe("operation timeouts against a slow lockbox-local", () => {
  const world = useLockboxWorld({ operationDelayMs: 2000 });
  afterEach(async () => {
    await world.configureLifecycle();
  });

  it("a custom create timeout stops the wait and records the created secret with its timeouts", async () => {
    const inputs = { folderId: FOLDER, name: "slow-create", __timeouts: { create: 200 } };
    const err = await lifecycle.createResource("secret", inputs).then(
      () => assert.fail("create should time out"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ResourceInitError, String(err));
    assert.match(err.message, /the limit is the resource's customTimeouts\.create \(200 ms\)/);
    assert.deepEqual(err.properties.__timeouts, { create: 200 });
    assert.equal(
      (await world.raw.secrets.get(err.id)).name,
      "slow-create",
      "the secret exists and is tracked",
    );
  });

  it("without custom timeouts the stack config lockbox:operationTimeout bounds the wait", async () => {
    const config: Record<string, string> = {
      "lockbox:endpoint": world.url,
      "lockbox:token": world.rootToken,
      "lockbox:operationTimeout": "0.3s",
    };
    await lifecycle.configure({ config: { get: (k) => config[k] } });
    await assert.rejects(
      lifecycle.createResource("kmsSymmetricKey", { folderId: FOLDER, name: "slow-key" }),
      (e: Error) => e instanceof ResourceInitError && /was not done after 300 ms/.test(e.message),
    );
  });

  it("custom update and delete timeouts bound those steps, and a long enough one lets them finish", async () => {
    const created = await lifecycle.createResource("secret", { folderId: FOLDER, name: "slow-update" });
    const news = { folderId: FOLDER, name: "slow-update-2", __timeouts: { update: 200, delete: 200 } };
    await assert.rejects(
      lifecycle.updateResource("secret", created.id, created.outs, news),
      /customTimeouts\.update \(200 ms\)/,
    );
    const outs = { ...created.outs, __timeouts: { delete: 200 } };
    await assert.rejects(
      lifecycle.deleteResource("secret", created.id, outs),
      /customTimeouts\.delete \(200 ms\)/,
    );
    await lifecycle.deleteResource("secret", created.id, { ...outs, __timeouts: { delete: 10_000 } });
  });

  it("refresh keeps the recorded timeouts, so a later delete still honours them", async () => {
    const created = await lifecycle.createResource("secret", {
      folderId: FOLDER,
      name: "slow-read",
      __timeouts: { delete: 1234 },
    });
    assert.deepEqual(created.outs.__timeouts, { delete: 1234 });
    const read = await lifecycle.readResource("secret", created.id, created.outs);
    assert.deepEqual([read.props?.__timeouts, read.inputs?.__timeouts], [{ delete: 1234 }, { delete: 1234 }]);
  });

  it("an unparsable lockbox:operationTimeout fails check, naming the key", async () => {
    const config: Record<string, string> = {
      "lockbox:endpoint": world.url,
      "lockbox:token": world.rootToken,
      "lockbox:operationTimeout": "soon",
    };
    await lifecycle.configure({ config: { get: (k) => config[k] } });
    const r = await lifecycle.checkResource("secret", {}, { folderId: FOLDER });
    assert.match(r.failures.map((f) => f.reason).join("\n"), /lockbox:operationTimeout must be a duration/);
  });
});
