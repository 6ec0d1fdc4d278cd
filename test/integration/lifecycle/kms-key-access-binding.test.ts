import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { LockboxClient } from "../../../provider/client";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

const { secret, accessBinding, kmsSymmetricKey, kmsKeyAccessBinding, kmsKeyAccessBindingMember } = lifecycle;
const ROLE = "kms.keys.encrypterDecrypter";

describe("KmsKeyAccessBinding lifecycle against lockbox-local", () => {
  const world = useLockboxWorld();
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

  /** Changes a key's bindings by hand (the raw API, root token): `[action, role, "type:id"]` each. */
  async function byHand(keyId: string, ...changes: Array<["ADD" | "REMOVE", string, string]>) {
    await world.raw.awaitOperation(
      await world.raw.kms.keys.updateAccessBindings(keyId, {
        accessBindingDeltas: changes.map(([action, roleId, member]) => {
          const [type, id] = member.split(":") as [string, string];
          return { action, accessBinding: { roleId, subject: { type, id } } };
        }),
      }),
    );
  }

  /** A key, and a service account that may list its bindings but not change them, acting as the provider. */
  async function guardedKey(name: string) {
    const key = await kmsSymmetricKey.create({ folderId: FOLDER, name });
    const intruder = await world.serviceAccount(`${name}-intruder`);
    await byHand(key.id, ["ADD", "kms.viewer", `serviceAccount:${intruder.id}`]);
    await world.configureLifecycle(intruder.token);
    return { keyId: key.id, intruder };
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
    await byHand(keyId, ["ADD", ROLE, `serviceAccount:${b.id}`], ["ADD", "kms.viewer", "group:ops"]);
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
    const { keyId, intruder } = await guardedKey("guarded");
    await assert.rejects(
      kmsKeyAccessBinding.create({ keyId, role: ROLE, members: [`serviceAccount:${intruder.id}`] }),
      (e: Error) => /denied|permission/i.test(e.message),
    );
    assert.deepEqual(await keyBindings(keyId), [`kms.viewer serviceAccount:${intruder.id}`]);
  });

  describe("KmsKeyAccessBindingMember", () => {
    it("adds one member to the key role and removes only it, leaving members granted elsewhere", async () => {
      const a = await world.serviceAccount("member-a");
      const b = await world.serviceAccount("member-b");
      const { keyId, secretId } = await encryptedSecret("member-encrypted", [
        `serviceAccount:${a.id}`,
        `serviceAccount:${b.id}`,
      ]);
      // b holds the role already, granted by someone else (by hand, or another stack).
      await byHand(keyId, ["ADD", ROLE, `serviceAccount:${b.id}`]);
      assert.match(await readAs(a.token, secretId), /refused: .*kms\.keys\.use/);

      const inputs = { keyId, role: ROLE, member: `serviceAccount:${a.id}` };
      const created = await kmsKeyAccessBindingMember.create(inputs);
      assert.equal(created.id, `${keyId}/${ROLE}/serviceAccount:${a.id}`);
      assert.deepEqual(created.outs, inputs);
      assert.deepEqual(
        await keyBindings(keyId),
        [`${ROLE} serviceAccount:${a.id}`, `${ROLE} serviceAccount:${b.id}`].sort(),
      );
      assert.equal(await readAs(a.token, secretId), "v");
      assert.deepEqual(await kmsKeyAccessBindingMember.read(created.id, created.outs), {
        id: created.id,
        props: inputs,
      });

      await kmsKeyAccessBindingMember.delete(created.id, created.outs);
      assert.deepEqual(await keyBindings(keyId), [`${ROLE} serviceAccount:${b.id}`], "b keeps the role");
      assert.match(await readAs(a.token, secretId), /refused: .*kms\.keys\.use/);
      assert.equal(await readAs(b.token, secretId), "v");
    });

    it("shows a member removed by hand as gone (drift), and adding a member that already holds the role changes nothing", async () => {
      const key = await kmsSymmetricKey.create({ folderId: FOLDER, name: "member-drift" });
      const inputs = { keyId: key.id, role: ROLE, member: "group:ops" };
      const created = await kmsKeyAccessBindingMember.create(inputs);
      await byHand(key.id, ["REMOVE", ROLE, "group:ops"]);
      // Refresh drops it from state; the next up creates it again.
      assert.deepEqual(await kmsKeyAccessBindingMember.read(created.id, created.outs), {});
      await kmsKeyAccessBindingMember.create(inputs);
      assert.deepEqual(await keyBindings(key.id), [`${ROLE} group:ops`]);
      const before = await world.mutations();
      await kmsKeyAccessBindingMember.create(inputs);
      assert.equal(await world.mutations(), before, "no UpdateAccessBindings for a member already there");
      // Gone with its key: read reports it missing, delete is a no-op.
      await kmsSymmetricKey.delete(key.id, key.outs);
      assert.deepEqual(await kmsKeyAccessBindingMember.read(created.id, created.outs), {});
      await kmsKeyAccessBindingMember.delete(created.id, created.outs);
    });

    it("checks the member string and the key id, and any change replaces", async () => {
      const bad = await kmsKeyAccessBindingMember.check({}, { keyId: "k1", role: ROLE, member: "alice" });
      assert.deepEqual(
        bad.failures.map((f) => f.property),
        ["member"],
      );
      assert.match(bad.failures[0]!.reason, /must be "<type>:<id>"/);
      const missing = await kmsKeyAccessBindingMember.check({}, { role: ROLE, member: "group:ops" });
      assert.deepEqual(
        missing.failures.map((f) => f.property),
        ["keyId"],
      );
      const olds = { keyId: "k1", role: ROLE, member: "group:ops" };
      for (const change of [{ keyId: "k2" }, { role: "kms.keys.user" }, { member: "group:dev" }]) {
        const d = await kmsKeyAccessBindingMember.diff("id", olds, { ...olds, ...change });
        assert.deepEqual([d.changes, d.replaces], [true, Object.keys(change)]);
      }
    });

    it("refuses a caller who may not set the key's bindings, and changes nothing", async () => {
      const { keyId, intruder } = await guardedKey("member-guarded");
      await assert.rejects(
        kmsKeyAccessBindingMember.create({
          keyId: keyId,
          role: ROLE,
          member: `serviceAccount:${intruder.id}`,
        }),
        (e: Error) => /denied|permission/i.test(e.message),
      );
      assert.deepEqual(await keyBindings(keyId), [`kms.viewer serviceAccount:${intruder.id}`]);
    });
  });
});
