import assert from "node:assert/strict";
import * as path from "node:path";
import { DatabaseSync } from "node:sqlite";
import {
  ServiceUnavailableError,
  LockboxConnectionError,
  type LockboxClient,
  type Operation,
} from "../../../provider/client";
import { DB_FILE } from "../../../server/store/store";
import { attempts, setFaults, startLocalServer, type LocalServer } from "../../helpers/server";
import { connect, newFolder } from "../../helpers/client";

describe("LockboxClient against lockbox-local: injected faults", () => {
  let server: LocalServer;
  let client: LockboxClient;
  beforeEach(async () => {
    server = await startLocalServer();
    client = connect(server, { maxRetries: 4 });
  });
  afterEach(() => server.close());

  async function secretsIn(folderId: string): Promise<string[]> {
    await setFaults(server, {});
    return (await client.secrets.list({ folderId }).toArray()).map((s) => s.name ?? "");
  }

  const cases: Array<[string, Parameters<typeof setFaults>[1]]> = [
    ["two 503 UNAVAILABLE answers", { unavailable: 1, times: 2 }],
    ["two 429 RESOURCE_EXHAUSTED answers", { rateLimited: 1, times: 2 }],
    ["two dropped connections", { drop: 1, times: 2 }],
    ["a create that commits and then loses its connection", { commitThenDrop: 1, times: 1 }],
    ["a random mix of commit-then-drop and 503s", { commitThenDrop: 0.5, unavailable: 0.5, times: 3 }],
  ];
  for (const [what, spec] of cases) {
    it(`retries a create through ${what} and leaves exactly one secret`, async () => {
      const folderId = newFolder();
      await setFaults(server, spec);
      const before = await server.stats();
      const done = await client.awaitOperation(await client.secrets.create({ folderId, name: "once" }));
      assert.equal(done.done, true);
      const after = await server.stats();
      assert.ok(
        attempts(after, "POST /lockbox/v1/secrets") - attempts(before, "POST /lockbox/v1/secrets") >= 2,
      );
      assert.deepEqual(await secretsIn(folderId), ["once"]);
    });
  }

  it("retries faults on reads too", async () => {
    const folderId = newFolder();
    await client.awaitOperation(await client.secrets.create({ folderId, name: "r" }));
    await setFaults(server, { unavailable: 0.5, drop: 0.3, only: "all", times: 3 });
    assert.deepEqual(
      (await client.secrets.list({ folderId }).toArray()).map((s) => s.name),
      ["r"],
    );
  });

  it("creates 20 secrets through a burst of mixed faults on every kind of call, each exactly once", async () => {
    const folderId = newFolder();
    // At most 15 faults in all, and each call may retry 16 times, so every call must end in success.
    await setFaults(server, {
      unavailable: 0.2,
      rateLimited: 0.1,
      drop: 0.2,
      commitThenDrop: 0.2,
      only: "all",
      times: 15,
    });
    const burst = connect(server, { maxRetries: 16 });
    const names = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    await Promise.all(
      names.map(async (name) => burst.awaitOperation(await burst.secrets.create({ folderId, name }))),
    );
    assert.deepEqual((await secretsIn(folderId)).sort(), [...names].sort());
    // Each POST is faulted with probability 0.7 until the budget runs out, so some creates were retried.
    assert.ok(attempts(await server.stats(), "POST /lockbox/v1/secrets") > names.length);
  });

  it("adds exactly one version when AddVersion commits and then loses its connection", async () => {
    const folderId = newFolder();
    const op = await client.awaitOperation(
      await client.secrets.create({ folderId, versionPayloadEntries: [{ key: "a", textValue: "1" }] }),
    );
    const secretId = String(op.metadata?.["secretId"]);
    await setFaults(server, { commitThenDrop: 1, times: 1 });
    await client.awaitOperation(
      await client.secrets.addVersion(secretId, { payloadEntries: [{ key: "a", textValue: "2" }] }),
    );
    await setFaults(server, {});
    assert.equal((await client.secrets.listVersions(secretId).toArray()).length, 2);
  });

  describe("when a mutation commits and then loses its connection", () => {
    const mutations: Array<[string, string, (c: LockboxClient, secretId: string) => Promise<Operation>]> = [
      [
        "Update",
        "PATCH /lockbox/v1/secrets/{secretId}",
        (c, id) => c.secrets.update(id, { updateMask: "description", description: "after" }),
      ],
      ["Deactivate", "POST /lockbox/v1/secrets/{secretId}:deactivate", (c, id) => c.secrets.deactivate(id)],
      [
        "SetAccessBindings",
        "POST /lockbox/v1/secrets/{resourceId}:setAccessBindings",
        (c, id) =>
          c.secrets.setAccessBindings(id, {
            accessBindings: [
              { roleId: "lockbox.payloadViewer", subject: { id: "ajex", type: "serviceAccount" } },
            ],
          }),
      ],
      ["Delete", "DELETE /lockbox/v1/secrets/{secretId}", (c, id) => c.secrets.delete(id)],
    ];

    /**
     * The ids of the operations the server recorded on `secretId`, oldest first, read from its
     * database: ListOperations answers NOT_FOUND once the secret is deleted.
     */
    function recordedOperations(secretId: string): string[] {
      const db = new DatabaseSync(path.join(server.dataDir, DB_FILE), { readOnly: true });
      try {
        return db
          .prepare("SELECT id FROM operations WHERE resource_id = ? ORDER BY seq")
          .all(secretId)
          .map((r) => String(r["id"]));
      } finally {
        db.close();
      }
    }

    for (const [name, route, call] of mutations) {
      it(`replays ${name} by its idempotency key and returns the first call's Operation`, async () => {
        const folderId = newFolder();
        const created = await client.awaitOperation(await client.secrets.create({ folderId, name: "m" }));
        const secretId = String(created.metadata?.["secretId"]);
        await setFaults(server, { commitThenDrop: 1, times: 1 });
        const before = attempts(await server.stats(), route);
        const first = await call(client, secretId);
        const after = attempts(await server.stats(), route);
        // The first request committed and lost its connection; the retry was answered.
        assert.equal(after - before, 2, `${route} was called twice`);
        const done = await client.awaitOperation(first);
        await setFaults(server, {});
        assert.equal(done.error, undefined);
        // Exactly one mutation was recorded, and the retry answered with its Operation.
        const recorded = recordedOperations(secretId);
        assert.deepEqual(recorded, [created.id, first.id], "create plus exactly one mutation");
        assert.equal(done.id, first.id);
        if (name !== "Delete") {
          const listed = await client.secrets.listOperations(secretId).toArray();
          assert.deepEqual(
            listed.map((o) => o.id),
            recorded,
          );
        } else assert.deepEqual(await secretsIn(folderId), []);
      });
    }
  });

  it("gives up after maxRetries when the service stays unavailable, having created nothing", async () => {
    const folderId = newFolder();
    await setFaults(server, { unavailable: 1 });
    await assert.rejects(
      client.secrets.create({ folderId, name: "never" }, { maxRetries: 2 }),
      ServiceUnavailableError,
    );
    assert.deepEqual(await secretsIn(folderId), []);
  });

  it("reports a connection that keeps dropping as LockboxConnectionError", async () => {
    await setFaults(server, { drop: 1, only: "all" });
    await assert.rejects(
      client.secrets.get("e6qwhatever000000000", { maxRetries: 1 }),
      LockboxConnectionError,
    );
  });
});
