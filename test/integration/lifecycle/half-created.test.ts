/**
 * When a create stops waiting for its operation (timeout, failed poll), the resource exists in the
 * service: the error must carry its id so the engine records it (ErrorResourceInitFailed), instead
 * of an orphan the next `up` collides with. lockbox-local keeps operations pending for an hour here,
 * and the provider's client gives up waiting at once.
 */
import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { setClient } from "../../../provider/lifecycle/context";
import { LockboxClient } from "../../../provider/client";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

interface InitFailed {
  message: string;
  id?: unknown;
  properties?: Record<string, unknown>;
  reasons?: unknown;
}

describe("lifecycle create that stops waiting for its operation (lockbox-local)", () => {
  const world = useLockboxWorld({ operationDelayMs: 3_600_000 });
  let impatient: LockboxClient;
  before(async () => {
    impatient = new LockboxClient({
      endpoint: world.url,
      iamToken: world.rootToken,
      operationTimeout: 1,
      operationPollInterval: 5,
    });
    setClient(impatient);
  });
  after(async () => {
    setClient(undefined);
    await impatient.close();
  });

  it("Secret.create throws an error carrying the new secret's id, properties and __provider", async () => {
    const inputs = { folderId: FOLDER, name: "slow", labels: { a: "b" }, __provider: "serialized-provider" };
    const err = (await lifecycle.secret.create(inputs).then(
      () => assert.fail("create should not succeed"),
      (e: unknown) => e,
    )) as InitFailed;
    assert.equal(typeof err.id, "string");
    const onServer = await world.raw.secrets.get(err.id as string);
    assert.equal(onServer.name, "slow");
    assert.match(err.message, new RegExp(`${err.id as string}.*(recorded|refresh)`));
    assert.equal(err.properties?.["__provider"], "serialized-provider");
    assert.deepEqual([err.properties?.["name"], err.properties?.["labels"]], ["slow", { a: "b" }]);
    assert.ok(Array.isArray(err.reasons) && err.reasons.length > 0);
  });

  it("SecretVersion.create throws an error carrying the new version's id and values hash, never a value", async () => {
    const s = (await lifecycle.secret
      .create({ folderId: FOLDER, name: "slow-versions" })
      .catch((e: InitFailed) => ({ id: e.id as string }))) as { id: string };
    const entries = [{ key: "password", textValue: "slow-secret-value" }];
    const err = (await lifecycle.secretVersion
      .create({ secretId: s.id, entries, __provider: "p" } as never)
      .then(
        () => assert.fail("create should not succeed"),
        (e: unknown) => e,
      )) as InitFailed;
    assert.equal(typeof err.id, "string");
    const versions = await world.raw.secrets.listVersions(s.id).toArray();
    assert.deepEqual(
      versions.map((v) => v.id),
      [err.id],
    );
    assert.equal(err.properties?.["versionId"], err.id);
    const checked = await lifecycle.secretVersion.check({}, { secretId: s.id, entries });
    assert.equal(err.properties?.["valuesHash"], lifecycle.unwrapSecret(checked.inputs.valuesHash));
    assert.equal(err.properties?.["__provider"], "p");
    assert.ok(!JSON.stringify(err).includes("slow-secret-value"));
    assert.ok(!err.message.includes("slow-secret-value"));
  });

  it("KmsSymmetricKey.create throws an error carrying the new key's id and __provider", async () => {
    const inputs = { folderId: FOLDER, name: "slow-key", __provider: "serialized-provider" };
    const err = (await lifecycle.kmsSymmetricKey.create(inputs).then(
      () => assert.fail("create should not succeed"),
      (e: unknown) => e,
    )) as InitFailed;
    assert.equal(typeof err.id, "string");
    const onServer = await world.raw.kms.keys.get(err.id as string);
    assert.equal(onServer.name, "slow-key");
    assert.match(err.message, new RegExp(`${err.id as string}.*(recorded|refresh)`));
    assert.equal(err.properties?.["__provider"], "serialized-provider");
    assert.equal(err.properties?.["name"], "slow-key");
  });

  it("a create the service refuses is a plain error: nothing was created, nothing is recorded", async () => {
    const err = (await lifecycle.secret
      .create({ folderId: FOLDER, name: "bad", kmsKeyId: "abjdoesnotexist0000" })
      .then(
        () => assert.fail("create should not succeed"),
        (e: unknown) => e,
      )) as InitFailed;
    assert.equal(err.id, undefined);
  });
});
