import assert from "node:assert/strict";
import * as api from "../../../provider/api";
import { NotFoundError, responseOf } from "../../../provider/client";
import { newFolder } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

describe("LockboxClient against lockbox-local: kms.keys", () => {
  const local = useLockboxLocal();

  it("creates, gets, lists across pages and deletes symmetric keys", async () => {
    const folderId = newFolder();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const done = await local.client.awaitOperation(
        await local.client.kms.keys.create({ folderId, name: `k${i}`, defaultAlgorithm: "AES_256" }),
      );
      const key = responseOf(done, api.kms.symmetricKey);
      assert.equal(key.status, "ACTIVE");
      assert.equal(key.primaryVersion?.primary, true);
      ids.push(key.id);
    }
    assert.equal((await local.client.kms.keys.get(ids[0]!)).name, "k0");
    const listed = await local.client.kms.keys.list({ folderId, pageSize: 1 }).toArray();
    assert.deepEqual(new Set(listed.map((k) => k.id)), new Set(ids));
    await local.client.awaitOperation(await local.client.kms.keys.delete(ids[0]!));
    await assert.rejects(local.client.kms.keys.get(ids[0]!), NotFoundError);
  });

  it("updates a key in place: a protected key can be unprotected, then deleted", async () => {
    const folderId = newFolder();
    const created = responseOf(
      await local.client.awaitOperation(
        await local.client.kms.keys.create({
          folderId,
          name: "before",
          defaultAlgorithm: "AES_256",
          deletionProtection: true,
        }),
      ),
      api.kms.symmetricKey,
    );
    const updated = responseOf(
      await local.client.awaitOperation(
        await local.client.kms.keys.update(created.id, {
          updateMask: "name,labels,rotationPeriod,deletionProtection",
          name: "after",
          labels: { team: "a" },
          rotationPeriod: "86400s",
          deletionProtection: false,
        }),
      ),
      api.kms.symmetricKey,
    );
    assert.equal(updated.id, created.id);
    const got = await local.client.kms.keys.get(created.id);
    assert.equal(got.name, "after");
    assert.deepEqual(got.labels, { team: "a" });
    assert.equal(got.rotationPeriod, "86400s");
    assert.equal(got.deletionProtection, false);
    assert.equal(got.primaryVersion?.id, created.primaryVersion?.id);
    await local.client.awaitOperation(await local.client.kms.keys.delete(created.id));
    await assert.rejects(local.client.kms.keys.get(created.id), NotFoundError);
  });

  it("passes a created key's id on to a secret", async () => {
    const folderId = newFolder();
    const key = responseOf(
      await local.client.awaitOperation(
        await local.client.kms.keys.create({ folderId, defaultAlgorithm: "AES_128" }),
      ),
      api.kms.symmetricKey,
    );
    const secret = responseOf(
      await local.client.awaitOperation(
        await local.client.secrets.create({
          folderId,
          kmsKeyId: key.id,
          versionPayloadEntries: [{ key: "a", textValue: "b" }],
        }),
      ),
      api.secrets.secret,
    );
    assert.equal(secret.kmsKeyId, key.id);
    assert.equal((await local.client.payload.get(secret.id)).entries[0]?.textValue, "b");
  });

  it("sets, updates and lists a key's access bindings", async () => {
    const key = responseOf(
      await local.client.awaitOperation(
        await local.client.kms.keys.create({ folderId: newFolder(), defaultAlgorithm: "AES_256" }),
      ),
      api.kms.symmetricKey,
    );
    const user = {
      roleId: "kms.keys.encrypterDecrypter",
      subject: { id: "ajeuser", type: "serviceAccount" },
    };
    const viewer = { roleId: "kms.viewer", subject: { id: "ajeviewer", type: "serviceAccount" } };
    await local.client.awaitOperation(
      await local.client.kms.keys.setAccessBindings(key.id, { accessBindings: [user] }),
    );
    await local.client.awaitOperation(
      await local.client.kms.keys.updateAccessBindings(key.id, {
        accessBindingDeltas: [{ action: "ADD", accessBinding: viewer }],
      }),
    );
    const listed = await local.client.kms.keys.listAccessBindings(key.id).toArray();
    assert.deepEqual(listed.map((b) => b.roleId).sort(), ["kms.keys.encrypterDecrypter", "kms.viewer"]);
  });
});
