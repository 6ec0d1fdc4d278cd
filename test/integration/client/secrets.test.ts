import assert from "node:assert/strict";
import * as api from "../../../provider/api";
import {
  BadRequestError,
  FailedPreconditionError,
  NotFoundError,
  responseOf,
} from "../../../provider/client";
import { newFolder } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

describe("LockboxClient against lockbox-local: secrets", () => {
  const local = useLockboxLocal();

  async function createSecret(folderId: string, extra: Partial<api.secrets.CreateSecretRequest> = {}) {
    const done = await local.client.awaitOperation(
      await local.client.secrets.create({
        folderId,
        name: `s-${Math.random().toString(36).slice(2, 10)}`,
        versionPayloadEntries: [{ key: "password", textValue: "first-value" }],
        ...extra,
      }),
    );
    return responseOf(done, api.secrets.secret);
  }

  describe(".create()", () => {
    it("creates an ACTIVE secret with a current version, reported in the Operation's metadata and response", async () => {
      const folderId = newFolder();
      const op = await local.client.secrets.create({
        folderId,
        name: "db",
        description: "database",
        labels: { env: "test" },
        versionPayloadEntries: [{ key: "password", textValue: "pw" }],
      });
      const done = await local.client.awaitOperation(op);
      const meta = done.metadata as { secretId?: string; versionId?: string };
      const secret = responseOf(done, api.secrets.secret);
      assert.equal(secret.id, meta.secretId);
      assert.equal(secret.status, "ACTIVE");
      assert.equal(secret.currentVersion?.id, meta.versionId);
      assert.deepEqual(secret.currentVersion?.payloadEntryKeys, ["password"]);
      assert.deepEqual(secret.labels, { env: "test" });
    });

    it("surfaces the server's INVALID_ARGUMENT as BadRequestError", async () => {
      await assert.rejects(
        local.client.secrets.create({
          folderId: newFolder(),
          versionPayloadEntries: [{ key: "a", textValue: "x" }],
          passwordPayloadSpecification: { passwordKey: "p" },
        }),
        BadRequestError,
      );
    });
  });

  describe(".get()", () => {
    it("returns the secret without values", async () => {
      const created = await createSecret(newFolder());
      const got = await local.client.secrets.get(created.id);
      assert.equal(got.id, created.id);
      assert.ok(!JSON.stringify(got).includes("first-value"));
    });

    it("throws NotFoundError for an unknown id", async () => {
      await assert.rejects(local.client.secrets.get("e6qdoesnotexist00000"), NotFoundError);
    });
  });

  describe(".list()", () => {
    it("walks more than two pages and yields every secret once", async () => {
      const folderId = newFolder();
      const created = new Set<string>();
      for (let i = 0; i < 7; i++)
        created.add((await createSecret(folderId, { versionPayloadEntries: [] })).id);
      const before = (await local.server.stats()).requests["GET /lockbox/v1/secrets"] ?? 0;
      const seen: string[] = [];
      for await (const s of local.client.secrets.list({ folderId, pageSize: 3 })) seen.push(s.id);
      const after = (await local.server.stats()).requests["GET /lockbox/v1/secrets"] ?? 0;
      assert.deepEqual(new Set(seen), created);
      assert.equal(seen.length, 7);
      assert.equal(after - before, 3, "three pages of 3, 3 and 1");
    });

    it("returns one page with .page()", async () => {
      const folderId = newFolder();
      for (let i = 0; i < 3; i++) await createSecret(folderId);
      const page = await local.client.secrets.list({ folderId, pageSize: 2 }).page();
      assert.equal(page.items.length, 2);
      assert.ok(page.nextPageToken);
    });
  });

  describe(".update()", () => {
    it("changes only the fields in updateMask", async () => {
      const created = await createSecret(newFolder(), { description: "old", labels: { a: "1" } });
      const done = await local.client.awaitOperation(
        await local.client.secrets.update(created.id, {
          updateMask: "description",
          description: "new",
          labels: { b: "2" },
        }),
      );
      const updated = responseOf(done, api.secrets.secret);
      assert.equal(updated.description, "new");
      assert.deepEqual(updated.labels, { a: "1" });
    });
  });

  describe(".deactivate() and .activate()", () => {
    it("blocks payload reads while INACTIVE and restores them after activation", async () => {
      const created = await createSecret(newFolder());
      const off = responseOf(
        await local.client.awaitOperation(await local.client.secrets.deactivate(created.id)),
        api.secrets.secret,
      );
      assert.equal(off.status, "INACTIVE");
      await assert.rejects(local.client.payload.get(created.id), FailedPreconditionError);
      const on = responseOf(
        await local.client.awaitOperation(await local.client.secrets.activate(created.id)),
        api.secrets.secret,
      );
      assert.equal(on.status, "ACTIVE");
      assert.equal((await local.client.payload.get(created.id)).entries[0]?.textValue, "first-value");
    });
  });

  describe("versions", () => {
    it("adds, lists, switches, schedules and cancels destruction of versions", async () => {
      const created = await createSecret(newFolder());
      const first = created.currentVersion!.id;
      const added = responseOf(
        await local.client.awaitOperation(
          await local.client.secrets.addVersion(created.id, {
            description: "second",
            payloadEntries: [{ key: "token", textValue: "second-value" }],
          }),
        ),
        api.secrets.version,
      );
      assert.deepEqual(added.payloadEntryKeys, ["password", "token"]);
      assert.equal((await local.client.secrets.get(created.id)).currentVersion?.id, added.id);

      const versions = await local.client.secrets.listVersions(created.id).toArray();
      assert.deepEqual(new Set(versions.map((v) => v.id)), new Set([first, added.id]));

      await local.client.awaitOperation(
        await local.client.secrets.setCurrentVersion(created.id, { versionId: first }),
      );
      assert.equal((await local.client.secrets.get(created.id)).currentVersion?.id, first);

      const scheduled = responseOf(
        await local.client.awaitOperation(
          await local.client.secrets.scheduleVersionDestruction(created.id, {
            versionId: added.id,
            pendingPeriod: "3600s",
          }),
        ),
        api.secrets.version,
      );
      assert.equal(scheduled.status, "SCHEDULED_FOR_DESTRUCTION");
      assert.ok(scheduled.destroyAt);

      const cancelled = responseOf(
        await local.client.awaitOperation(
          await local.client.secrets.cancelVersionDestruction(created.id, { versionId: added.id }),
        ),
        api.secrets.version,
      );
      assert.equal(cancelled.status, "ACTIVE");
      // The API may refuse at the HTTP layer or in the Operation (docs/lockbox-api.md#polling-and-cancel);
      // either way it is the same class.
      await assert.rejects(
        (async () =>
          local.client.awaitOperation(
            await local.client.secrets.cancelVersionDestruction(created.id, { versionId: added.id }),
          ))(),
        FailedPreconditionError,
      );
    });
  });

  describe("paged sub-lists", () => {
    it("walks versions, operations and access bindings across more than two pages", async () => {
      const created = await createSecret(newFolder());
      for (let i = 0; i < 4; i++) {
        await local.client.awaitOperation(
          await local.client.secrets.addVersion(created.id, {
            payloadEntries: [{ key: "password", textValue: `v${i}` }],
          }),
        );
      }
      const subjects = ["aje1", "aje2", "aje3", "aje4", "aje5"].map((id) => ({
        roleId: "lockbox.payloadViewer",
        subject: { id, type: "serviceAccount" },
      }));
      await local.client.awaitOperation(
        await local.client.secrets.setAccessBindings(created.id, { accessBindings: subjects }),
      );
      const countPages = async <T>(it: { pages(): AsyncGenerator<{ items: readonly T[] }> }) => {
        let pages = 0;
        let items = 0;
        for await (const p of it.pages()) {
          pages++;
          items += p.items.length;
        }
        return { pages, items };
      };
      assert.deepEqual(await countPages(local.client.secrets.listVersions(created.id, { pageSize: 2 })), {
        pages: 3,
        items: 5,
      });
      const ops = await countPages(local.client.secrets.listOperations(created.id, { pageSize: 2 }));
      assert.equal(ops.items, 6, "create, four addVersion and one setAccessBindings");
      assert.equal(ops.pages, 3);
      assert.deepEqual(
        await countPages(local.client.secrets.listAccessBindings(created.id, { pageSize: 2 })),
        {
          pages: 3,
          items: 5,
        },
      );
    });
  });

  describe(".listOperations()", () => {
    it("lists the secret's operations", async () => {
      const created = await createSecret(newFolder());
      await local.client.awaitOperation(
        await local.client.secrets.update(created.id, { updateMask: "description", description: "x" }),
      );
      const ops = await local.client.secrets.listOperations(created.id).toArray();
      assert.ok(ops.length >= 2);
      assert.ok(ops.every((o) => o.done));
    });
  });

  describe("access bindings", () => {
    it("sets, updates and lists bindings on a secret", async () => {
      const created = await createSecret(newFolder());
      const viewer = {
        roleId: "lockbox.payloadViewer",
        subject: { id: "ajeviewer", type: "serviceAccount" },
      };
      const auditor = { roleId: "lockbox.auditor", subject: { id: "ajeauditor", type: "serviceAccount" } };
      await local.client.awaitOperation(
        await local.client.secrets.setAccessBindings(created.id, { accessBindings: [viewer] }),
      );
      await local.client.awaitOperation(
        await local.client.secrets.updateAccessBindings(created.id, {
          accessBindingDeltas: [
            { action: "ADD", accessBinding: auditor },
            { action: "REMOVE", accessBinding: viewer },
          ],
        }),
      );
      const bindings = await local.client.secrets.listAccessBindings(created.id).toArray();
      assert.deepEqual(bindings, [auditor]);
      await local.client.awaitOperation(
        await local.client.secrets.setAccessBindings(created.id, { accessBindings: [] }),
      );
      assert.deepEqual(await local.client.secrets.listAccessBindings(created.id).toArray(), []);
    });
  });

  describe(".delete()", () => {
    it("refuses while deletionProtection is set, then deletes", async () => {
      const created = await createSecret(newFolder(), { deletionProtection: true });
      await assert.rejects(
        (async () => local.client.awaitOperation(await local.client.secrets.delete(created.id)))(),
        FailedPreconditionError,
      );
      await local.client.awaitOperation(
        await local.client.secrets.update(created.id, {
          updateMask: "deletionProtection",
          deletionProtection: false,
        }),
      );
      const deleted = responseOf(
        await local.client.awaitOperation(await local.client.secrets.delete(created.id)),
        api.secrets.secret,
      );
      assert.equal(deleted.id, created.id);
      await assert.rejects(local.client.secrets.get(created.id), NotFoundError);
    });
  });
});
