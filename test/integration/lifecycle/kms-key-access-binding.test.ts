import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { LockboxClient } from "../../../provider/client";
import { FOLDER, startWorld, type LocalWorld } from "./local";

const { secret, accessBinding, kmsSymmetricKey, kmsKeyAccessBinding } = lifecycle;
const ROLE = "kms.keys.encrypterDecrypter";

describe("KmsKeyAccessBinding lifecycle against lockbox-local", () => {
  let world: LocalWorld;
  before(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.configureLifecycle();
  });

  /** A KMS key, a secret encrypted with it holding `token=v`, and `lockbox.payloadViewer` for `members`. */
  async function encryptedSecret(name: string, members: string[]) {
    const key = await kmsSymmetricKey.create({ folderId: FOLDER, name: `${name}-key` });
    const s = await secret.create({ folderId: FOLDER, name, kmsKeyId: key.id });
    await world.raw.awaitOperation(
      await world.raw.secrets.addVersion(s.id, { payloadEntries: [{ key: "token", textValue: "v" }] }),
    );
    await accessBinding.create({ secretId: s.id, role: "lockbox.payloadViewer", members });
    return { keyId: key.id, keyOuts: key.outs, secretId: s.id };
  }

  /** Reads the secret's payload as a service account: the value, or the refusal's message. */
  async function readAs(token: string, secretId: string): Promise<string> {
    const c = new LockboxClient({ endpoint: world.url, iamToken: token });
    try {
      return String((await c.payload.get(secretId)).entries[0]?.textValue);
    } catch (err) {
      return `refused: ${(err as Error).message}`;
    } finally {
      await c.close();
    }
  }

  const keyBindings = async (keyId: string) =>
    (await world.raw.kms.keys.listAccessBindings(keyId).toArray())
      .map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`)
      .sort();

  it("lets a service account with the key role and lockbox.payloadViewer read a kmsKeyId secret, and not without it", async () => {
    const a = await world.serviceAccount("key-reader-a");
    const b = await world.serviceAccount("key-reader-b");
    const { keyId, secretId } = await encryptedSecret("encrypted", [
      `serviceAccount:${a.id}`,
      `serviceAccount:${b.id}`,
    ]);
    // The payload role alone does not open a secret under a customer key.
    assert.match(await readAs(a.token, secretId), /refused: .*kms\.keys\.use/);

    const inputs = { keyId, role: ROLE, members: [`serviceAccount:${a.id}`] };
    const created = await kmsKeyAccessBinding.create(inputs);
    assert.equal(created.id, `${keyId}/${ROLE}`);
    assert.deepEqual(created.outs, inputs);
    assert.deepEqual(await keyBindings(keyId), [`${ROLE} serviceAccount:${a.id}`]);
    assert.equal(await readAs(a.token, secretId), "v");
    assert.match(await readAs(b.token, secretId), /refused: .*kms\.keys\.use/, "b has no key role");

    // Moving the role from a to b in place: a loses access, b gains it.
    const moved = { ...inputs, members: [`serviceAccount:${b.id}`] };
    const d = await kmsKeyAccessBinding.diff(created.id, created.outs, moved);
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    await kmsKeyAccessBinding.update(created.id, created.outs, moved);
    assert.equal(await readAs(b.token, secretId), "v");
    assert.match(await readAs(a.token, secretId), /refused: .*kms\.keys\.use/);

    // Deleting the binding takes the role away again.
    await kmsKeyAccessBinding.delete(created.id, moved);
    assert.deepEqual(await keyBindings(keyId), []);
    assert.match(await readAs(b.token, secretId), /refused: .*kms\.keys\.use/);
  });

  it("shows hand-made members as drift, removes them on update, and leaves other roles on the key alone", async () => {
    const a = await world.serviceAccount("drift-a");
    const b = await world.serviceAccount("drift-b");
    const { keyId, secretId } = await encryptedSecret("drift", [`serviceAccount:${b.id}`]);
    const inputs = { keyId, role: ROLE, members: [`serviceAccount:${a.id}`] };
    const created = await kmsKeyAccessBinding.create(inputs);
    // Someone grants the same role to b by hand, and an unrelated role to a group.
    await world.raw.awaitOperation(
      await world.raw.kms.keys.updateAccessBindings(keyId, {
        accessBindingDeltas: [
          { action: "ADD", accessBinding: { roleId: ROLE, subject: { type: "serviceAccount", id: b.id } } },
          { action: "ADD", accessBinding: { roleId: "kms.viewer", subject: { type: "group", id: "ops" } } },
        ],
      }),
    );
    assert.equal(await readAs(b.token, secretId), "v");

    const read = await kmsKeyAccessBinding.read(created.id, created.outs);
    assert.equal(read.id, created.id);
    assert.deepEqual(read.props?.members, [`serviceAccount:${a.id}`, `serviceAccount:${b.id}`]);
    const d = await kmsKeyAccessBinding.diff(created.id, read.props!, inputs);
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    await kmsKeyAccessBinding.update(created.id, read.props as never, inputs);
    assert.deepEqual(await keyBindings(keyId), [`${ROLE} serviceAccount:${a.id}`, "kms.viewer group:ops"]);
    assert.match(await readAs(b.token, secretId), /refused: .*kms\.keys\.use/);

    // A refresh without drift keeps the program's member order, so it is silent.
    const again = await kmsKeyAccessBinding.read(created.id, created.outs);
    assert.equal((await kmsKeyAccessBinding.diff(created.id, again.props!, inputs)).changes, false);

    await kmsKeyAccessBinding.delete(created.id, inputs);
    assert.deepEqual(await keyBindings(keyId), ["kms.viewer group:ops"], "other roles survive the delete");
  });

  it("is gone once its key is, and deleting it then is a no-op", async () => {
    const key = await kmsSymmetricKey.create({ folderId: FOLDER, name: "short-lived" });
    const created = await kmsKeyAccessBinding.create({ keyId: key.id, role: ROLE, members: ["group:ops"] });
    await kmsSymmetricKey.delete(key.id, key.outs);
    assert.deepEqual(await kmsKeyAccessBinding.read(created.id, created.outs), {});
    await kmsKeyAccessBinding.delete(created.id, created.outs);
  });

  it("refuses a caller who may not set the key's bindings, and changes nothing", async () => {
    const key = await kmsSymmetricKey.create({ folderId: FOLDER, name: "guarded" });
    const intruder = await world.serviceAccount("intruder");
    // Enough to list the key's bindings, not to change them.
    await world.raw.awaitOperation(
      await world.raw.kms.keys.updateAccessBindings(key.id, {
        accessBindingDeltas: [
          {
            action: "ADD",
            accessBinding: { roleId: "kms.viewer", subject: { type: "serviceAccount", id: intruder.id } },
          },
        ],
      }),
    );
    await world.configureLifecycle(intruder.token);
    await assert.rejects(
      kmsKeyAccessBinding.create({ keyId: key.id, role: ROLE, members: [`serviceAccount:${intruder.id}`] }),
      (e: Error) => /denied|permission/i.test(e.message),
    );
    assert.deepEqual(await keyBindings(key.id), [`kms.viewer serviceAccount:${intruder.id}`]);
  });
});
