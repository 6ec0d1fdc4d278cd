import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

const { secret, secretVersion, accessBinding, accessBindingMember, kmsSymmetricKey } = lifecycle;

describe("provider lifecycle against lockbox-local", () => {
  const world = useLockboxWorld();
  afterEach(async () => {
    await world.configureLifecycle();
  });

  describe("Secret", () => {
    it("creates, updates in place, refreshes drift and deletes", async () => {
      const inputs = { folderId: FOLDER, name: "db", labels: { env: "dev" } };
      const created = await secret.create(inputs);
      assert.equal(created.outs.status, "ACTIVE");
      assert.equal((await world.raw.secrets.get(created.id)).name, "db");

      const news = { ...inputs, name: "db-renamed", description: "main db", labels: { env: "prod" } };
      const d = await secret.diff(created.id, created.outs as never, news);
      assert.deepEqual([d.changes, d.replaces], [true, []]);
      const updated = await secret.update(created.id, created.outs, news);
      const onServer = await world.raw.secrets.get(created.id);
      assert.deepEqual(
        [onServer.name, onServer.description, onServer.labels],
        ["db-renamed", "main db", { env: "prod" }],
      );
      assert.equal(updated.outs.name, "db-renamed");

      // Drift made through the raw API shows on read.
      await world.raw.awaitOperation(
        await world.raw.secrets.update(created.id, { updateMask: "labels", labels: { env: "hand-edited" } }),
      );
      const read = await secret.read(created.id, updated.outs);
      assert.deepEqual(read.props?.labels, { env: "hand-edited" });
      const drift = await secret.diff(created.id, read.props as never, news);
      assert.deepEqual(drift.changed, ["labels"]);

      await secret.delete(created.id, read.props!);
      assert.deepEqual(await secret.read(created.id, read.props!), {});
      await secret.delete(created.id, read.props!); // NOT_FOUND counts as done
    });

    it("refuses to delete a protected secret with a message naming deletionProtection, and keeps it", async () => {
      const created = await secret.create({ folderId: FOLDER, name: "protected", deletionProtection: true });
      await assert.rejects(secret.delete(created.id, created.outs), /deletionProtection/);
      assert.equal((await world.raw.secrets.get(created.id)).status, "ACTIVE");
      const off = await secret.update(created.id, created.outs, {
        folderId: FOLDER,
        name: "protected",
        deletionProtection: false,
      });
      await secret.delete(created.id, off.outs);
      assert.deepEqual(await secret.read(created.id, off.outs), {});
    });

    it("lets the service generate the first password of a generated secret", async () => {
      const created = await secret.create({
        folderId: FOLDER,
        name: "generated",
        passwordPayloadSpecification: { passwordKey: "password", length: 24, includePunctuation: false },
      });
      assert.ok(created.outs.currentVersionId);
      const payload = await world.raw.payload.get(created.id);
      assert.equal(payload.entries[0]?.key, "password");
      assert.equal(payload.entries[0]?.textValue?.length, 24);
      assert.ok(
        !JSON.stringify(created.outs).includes(payload.entries[0]!.textValue!),
        "outputs never hold the password",
      );
    });

    it("fails with PERMISSION_DENIED for a caller without a role and creates nothing", async () => {
      const sa = await world.serviceAccount("no-roles");
      await world.configureLifecycle(sa.token);
      const before = (await world.raw.secrets.list({ folderId: FOLDER }).toArray()).length;
      await assert.rejects(secret.create({ folderId: FOLDER, name: "denied" }), (err: Error) =>
        /denied|permission/i.test(err.message),
      );
      assert.equal((await world.raw.secrets.list({ folderId: FOLDER }).toArray()).length, before);
    });

    it("reports an invalid label from check without calling the API", async () => {
      const before = await world.mutations();
      const r = await secret.check({}, { folderId: FOLDER, labels: { "Bad Key": "x" } });
      assert.equal(r.failures[0]?.property, "labels.Bad Key");
      assert.equal(await world.mutations(), before);
    });
  });

  describe("SecretVersion", () => {
    it("adds a version with exactly its entries and keeps only a slow salted hash in outputs", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "app" });
      const v1 = await secretVersion.create({
        secretId: s.id,
        entries: [
          { key: "user", textValue: "admin" },
          { key: "password", textValue: "first-password-value" },
        ],
      });
      assert.deepEqual(v1.outs.payloadEntryKeys, ["user", "password"]);
      assert.match(v1.outs.valuesHash!, /^scrypt\$ln=14,r=8,p=1\$/);
      assert.ok(!JSON.stringify(v1.outs).includes("first-password-value"));

      // A replacement version drops keys that are no longer listed.
      const v2 = await secretVersion.create({
        secretId: s.id,
        entries: [{ key: "token", binaryValue: "AAEC" }],
      });
      const payload = await world.raw.payload.get(s.id);
      assert.equal(payload.versionId, v2.id);
      assert.deepEqual(payload.entries, [{ key: "token", binaryValue: "AAEC" }]);

      // The old one is scheduled for destruction with the configured period.
      await secretVersion.delete(v1.id, { ...v1.outs, destructionPendingPeriod: "3600s" });
      const r = await secretVersion.read(v1.id, v1.outs);
      assert.equal(r.props?.status, "SCHEDULED_FOR_DESTRUCTION");
      const d = await secretVersion.diff(v1.id, r.props as never, { secretId: s.id, entries: [] });
      assert.ok(d.replaces.includes("status"));
      await secretVersion.delete(v1.id, v1.outs); // already scheduled counts as done
    });

    it("shows no diff after a refresh when the service keeps the keys in another order than the program", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "reordered" });
      await secretVersion.create({ secretId: s.id, entries: [{ key: "y", textValue: "old-y" }] });
      // The service keeps the current version's keys first and appends new ones
      // (docs/lockbox-api.md#addversion): [y, x].
      const inputs = {
        secretId: s.id,
        entries: [
          { key: "x", textValue: "value-x" },
          { key: "y", textValue: "value-y" },
        ],
      };
      const v = await secretVersion.create(inputs);
      const onServer = await world.raw.payload.get(s.id);
      assert.deepEqual(
        onServer.entries.map((e) => e.key),
        ["y", "x"],
      );
      const read = await secretVersion.read(v.id, v.outs);
      assert.equal(read.props?.valuesHash, v.outs.valuesHash);
      const d = await secretVersion.diff(v.id, read.props as never, inputs);
      assert.deepEqual([d.changes, d.changed], [false, []]);
      // A real change still shows.
      const changed = await secretVersion.diff(v.id, read.props as never, {
        ...inputs,
        entries: [inputs.entries[0]!, { key: "y", textValue: "other" }],
      });
      assert.deepEqual(changed.replaces, ["entries"]);
    });

    it("shows on read when the current version was moved outside Pulumi", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "moved" });
      const v1 = await secretVersion.create({ secretId: s.id, entries: [{ key: "k", textValue: "one" }] });
      const v2 = await secretVersion.create({ secretId: s.id, entries: [{ key: "k", textValue: "two" }] });
      assert.equal(v2.outs.current, true);
      await world.raw.awaitOperation(await world.raw.secrets.setCurrentVersion(s.id, { versionId: v1.id }));
      assert.equal((await secretVersion.read(v2.id, v2.outs)).props?.current, false);
      assert.equal((await secretVersion.read(v1.id, v1.outs)).props?.current, true);
      assert.equal((await secret.read(s.id, s.outs)).props?.currentVersionId, v1.id);
    });

    it("refreshes a version whose secret is gone as gone", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "short-lived" });
      const v = await secretVersion.create({ secretId: s.id, entries: [{ key: "k", textValue: "v" }] });
      await secret.delete(s.id, s.outs);
      assert.deepEqual(await secretVersion.read(v.id, v.outs), {});
      await secretVersion.delete(v.id, v.outs);
    });

    it("refuses a version without entries on a secret that is not generated, adding nothing", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "not-generated" });
      const v = await secretVersion.create({ secretId: s.id, entries: [{ key: "k", textValue: "v" }] });
      const before = await world.mutations();
      await assert.rejects(
        secretVersion.create({ secretId: s.id }),
        /has no passwordPayloadSpecification.*entries/,
      );
      assert.equal(await world.mutations(), before);
      assert.equal((await world.raw.secrets.get(s.id)).currentVersion?.id, v.id);
    });

    it("generates a new password when a generated version is created", async () => {
      const s = await secret.create({
        folderId: FOLDER,
        name: "rotating",
        passwordPayloadSpecification: { passwordKey: "password", length: 20 },
      });
      const first = (await world.raw.payload.get(s.id)).entries[0]!.textValue;
      const v = await secretVersion.create({ secretId: s.id, regenerateOn: "2026-11" });
      const second = await world.raw.payload.get(s.id);
      assert.equal(second.versionId, v.id);
      assert.notEqual(second.entries[0]!.textValue, first);
      assert.equal(v.outs.valuesHash, undefined);
    });
  });

  describe("AccessBinding and AccessBindingMember", () => {
    it("makes a role's members exactly the list, shows hand-made changes as drift, and removes them on delete", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "shared" });
      const a = await world.serviceAccount("reader-a");
      const b = await world.serviceAccount("reader-b");
      const inputs = { secretId: s.id, role: "lockbox.payloadViewer", members: [`serviceAccount:${a.id}`] };
      const created = await accessBinding.create(inputs);
      assert.equal(created.id, `${s.id}/lockbox.payloadViewer`);

      // The member can now read the payload with its own token.
      await secretVersion.create({ secretId: s.id, entries: [{ key: "k", textValue: "v" }] });
      const { LockboxClient } = await import("../../../provider/client");
      const asA = new LockboxClient({ endpoint: world.url, iamToken: a.token });
      assert.equal((await asA.payload.get(s.id)).entries[0]?.textValue, "v");
      await asA.close();

      await world.raw.awaitOperation(
        await world.raw.secrets.updateAccessBindings(s.id, {
          accessBindingDeltas: [
            {
              action: "ADD",
              accessBinding: {
                roleId: "lockbox.payloadViewer",
                subject: { type: "serviceAccount", id: b.id },
              },
            },
          ],
        }),
      );
      const read = await accessBinding.read(created.id, created.outs);
      assert.deepEqual(read.props?.members, [`serviceAccount:${a.id}`, `serviceAccount:${b.id}`]);
      const d = await accessBinding.diff(created.id, read.props as never, inputs);
      assert.deepEqual([d.changes, d.replaces], [true, []]);
      await accessBinding.update(created.id, read.props!, inputs);
      const after = await world.raw.secrets.listAccessBindings(s.id).toArray();
      assert.deepEqual(
        after.map((x) => x.subject.id),
        [a.id],
      );

      await accessBinding.delete(created.id, inputs);
      assert.deepEqual(await world.raw.secrets.listAccessBindings(s.id).toArray(), []);
    });

    it("adds and removes one member without touching the others", async () => {
      const s = await secret.create({ folderId: FOLDER, name: "members" });
      await accessBinding.create({
        secretId: s.id,
        role: "lockbox.viewer",
        members: ["system:allAuthenticatedUsers"],
      });
      const m = await accessBindingMember.create({
        secretId: s.id,
        role: "lockbox.viewer",
        member: "group:ops",
      });
      const listed = async () =>
        (await world.raw.secrets.listAccessBindings(s.id).toArray())
          .map((x) => `${x.subject.type}:${x.subject.id}`)
          .sort();
      assert.deepEqual(await listed(), ["group:ops", "system:allAuthenticatedUsers"]);
      assert.equal((await accessBindingMember.read(m.id, m.outs)).id, m.id);
      await accessBindingMember.delete(m.id, m.outs);
      assert.deepEqual(await listed(), ["system:allAuthenticatedUsers"]);
      assert.deepEqual(await accessBindingMember.read(m.id, m.outs), {});
    });
  });

  describe("KmsSymmetricKey", () => {
    it("creates a key a secret can use, refreshes it and deletes it", async () => {
      const k = await kmsSymmetricKey.create({ folderId: FOLDER, name: "app-key" });
      assert.equal(k.outs.status, "ACTIVE");
      assert.ok(k.outs.primaryVersionId);
      const s = await secret.create({ folderId: FOLDER, name: "encrypted", kmsKeyId: k.id });
      assert.equal((await world.raw.secrets.get(s.id)).kmsKeyId, k.id);
      await secret.delete(s.id, s.outs);
      await kmsSymmetricKey.delete(k.id, k.outs);
      assert.deepEqual(await kmsSymmetricKey.read(k.id, k.outs), {});
    });
  });
});
