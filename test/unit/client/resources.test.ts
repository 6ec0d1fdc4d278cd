import assert from "node:assert/strict";
import { LockboxValidationError, isValidationError, type LockboxClient } from "../../../provider/client";
import { doneOp, harness } from "../../helpers/client-mock";

const OP = { id: "op1", done: false };
const SECRET = { id: "s1", folderId: "f1" };
const VERSION = { id: "v1", secretId: "s1" };
const KEY = { id: "k1", folderId: "f1" };

interface Row {
  readonly name: string;
  readonly call: (c: LockboxClient) => Promise<unknown>;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly reply: unknown;
  readonly when?: string;
}

const rows: Row[] = [
  {
    name: "secrets.get",
    call: (c) => c.secrets.get("s1"),
    method: "GET",
    path: "/lockbox/v1/secrets/s1",
    reply: SECRET,
  },
  {
    name: "secrets.list",
    when: "for one page",
    call: (c) => c.secrets.list({ folderId: "f1", pageSize: 2 }).page(),
    method: "GET",
    path: "/lockbox/v1/secrets?folderId=f1&pageSize=2",
    reply: { secrets: [SECRET] },
  },
  {
    name: "secrets.create",
    call: (c) =>
      c.secrets.create({
        folderId: "f1",
        name: "db",
        labels: { env: "prod" },
        versionPayloadEntries: [{ key: "password", textValue: "v" }],
      }),
    method: "POST",
    path: "/lockbox/v1/secrets",
    body: {
      folderId: "f1",
      name: "db",
      labels: { env: "prod" },
      versionPayloadEntries: [{ key: "password", textValue: "v" }],
    },
    reply: OP,
  },
  {
    name: "secrets.update",
    call: (c) => c.secrets.update("s1", { updateMask: "name,description", name: "n", description: "d" }),
    method: "PATCH",
    path: "/lockbox/v1/secrets/s1",
    body: { updateMask: "name,description", name: "n", description: "d" },
    reply: OP,
  },
  {
    name: "secrets.delete",
    call: (c) => c.secrets.delete("s1"),
    method: "DELETE",
    path: "/lockbox/v1/secrets/s1",
    reply: OP,
  },
  {
    name: "secrets.activate",
    call: (c) => c.secrets.activate("s1"),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:activate",
    reply: OP,
  },
  {
    name: "secrets.deactivate",
    call: (c) => c.secrets.deactivate("s1"),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:deactivate",
    reply: OP,
  },
  {
    name: "secrets.listVersions",
    call: (c) => c.secrets.listVersions("s1").toArray(),
    method: "GET",
    path: "/lockbox/v1/secrets/s1/versions",
    reply: { versions: [VERSION] },
  },
  {
    name: "secrets.addVersion",
    call: (c) =>
      c.secrets.addVersion("s1", {
        payloadEntries: [{ key: "k", binaryValue: "AAE=" }],
        baseVersionId: "v1",
      }),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:addVersion",
    body: { payloadEntries: [{ key: "k", binaryValue: "AAE=" }], baseVersionId: "v1" },
    reply: OP,
  },
  {
    name: "secrets.setCurrentVersion",
    call: (c) => c.secrets.setCurrentVersion("s1", { versionId: "v1" }),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:setCurrentVersion",
    body: { versionId: "v1" },
    reply: OP,
  },
  {
    name: "secrets.scheduleVersionDestruction",
    call: (c) => c.secrets.scheduleVersionDestruction("s1", { versionId: "v1", pendingPeriod: "3600s" }),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:scheduleVersionDestruction",
    body: { versionId: "v1", pendingPeriod: "3600s" },
    reply: OP,
  },
  {
    name: "secrets.cancelVersionDestruction",
    call: (c) => c.secrets.cancelVersionDestruction("s1", { versionId: "v1" }),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:cancelVersionDestruction",
    body: { versionId: "v1" },
    reply: OP,
  },
  {
    name: "secrets.listOperations",
    call: (c) => c.secrets.listOperations("s1", { pageSize: 5 }).toArray(),
    method: "GET",
    path: "/lockbox/v1/secrets/s1/operations?pageSize=5",
    reply: { operations: [doneOp("op0")] },
  },
  {
    name: "secrets.listAccessBindings",
    call: (c) => c.secrets.listAccessBindings("s1").toArray(),
    method: "GET",
    path: "/lockbox/v1/secrets/s1:listAccessBindings",
    reply: {
      accessBindings: [{ roleId: "lockbox.payloadViewer", subject: { id: "aje1", type: "serviceAccount" } }],
    },
  },
  {
    name: "secrets.setAccessBindings",
    call: (c) =>
      c.secrets.setAccessBindings("s1", {
        accessBindings: [
          { roleId: "lockbox.payloadViewer", subject: { id: "aje1", type: "serviceAccount" } },
        ],
      }),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:setAccessBindings",
    body: {
      accessBindings: [{ roleId: "lockbox.payloadViewer", subject: { id: "aje1", type: "serviceAccount" } }],
    },
    reply: OP,
  },
  {
    name: "secrets.updateAccessBindings",
    call: (c) =>
      c.secrets.updateAccessBindings("s1", {
        accessBindingDeltas: [
          {
            action: "REMOVE",
            accessBinding: { roleId: "viewer", subject: { id: "allUsers", type: "system" } },
          },
        ],
      }),
    method: "POST",
    path: "/lockbox/v1/secrets/s1:updateAccessBindings",
    body: {
      accessBindingDeltas: [
        {
          action: "REMOVE",
          accessBinding: { roleId: "viewer", subject: { id: "allUsers", type: "system" } },
        },
      ],
    },
    reply: OP,
  },
  {
    name: "payload.get",
    call: (c) => c.payload.get("s1", { versionId: "v1" }),
    method: "GET",
    path: "/lockbox/v1/secrets/s1/payload?versionId=v1",
    reply: { versionId: "v1", entries: [] },
  },
  {
    name: "payload.getEx",
    when: "by secret id",
    call: (c) => c.payload.getEx({ secretId: "s1" }),
    method: "GET",
    path: "/lockbox/v1/secrets:getEx?secretId=s1",
    reply: { secretId: "s1", versionId: "v1", entries: { k: "dg==" } },
  },
  {
    name: "payload.getEx",
    when: "by folder and name",
    call: (c) => c.payload.getEx({ folderId: "f1", secretName: "db" }, { versionId: "v1" }),
    method: "GET",
    path: "/lockbox/v1/secrets:getEx?folderAndName.folderId=f1&folderAndName.secretName=db&versionId=v1",
    reply: { secretId: "s1", versionId: "v1", entries: {} },
  },
  {
    name: "kms.keys.create",
    call: (c) => c.kms.keys.create({ folderId: "f1", name: "k", defaultAlgorithm: "AES_256" }),
    method: "POST",
    path: "/kms/v1/keys",
    body: { folderId: "f1", name: "k", defaultAlgorithm: "AES_256" },
    reply: OP,
  },
  {
    name: "kms.keys.get",
    call: (c) => c.kms.keys.get("k1"),
    method: "GET",
    path: "/kms/v1/keys/k1",
    reply: KEY,
  },
  {
    name: "kms.keys.list",
    call: (c) => c.kms.keys.list({ folderId: "f1" }).toArray(),
    method: "GET",
    path: "/kms/v1/keys?folderId=f1",
    reply: { keys: [KEY] },
  },
  {
    name: "kms.keys.update",
    call: (c) =>
      c.kms.keys.update("k1", {
        updateMask: "name,deletionProtection",
        name: "n",
        deletionProtection: false,
      }),
    method: "PATCH",
    path: "/kms/v1/keys/k1",
    body: { updateMask: "name,deletionProtection", name: "n", deletionProtection: false },
    reply: OP,
  },
  {
    name: "kms.keys.delete",
    call: (c) => c.kms.keys.delete("k1"),
    method: "DELETE",
    path: "/kms/v1/keys/k1",
    reply: OP,
  },
  {
    name: "kms.keys.listAccessBindings",
    call: (c) => c.kms.keys.listAccessBindings("k1").toArray(),
    method: "GET",
    path: "/kms/v1/keys/k1:listAccessBindings",
    reply: { accessBindings: [] },
  },
  {
    name: "kms.keys.setAccessBindings",
    call: (c) => c.kms.keys.setAccessBindings("k1", { accessBindings: [] }),
    method: "POST",
    path: "/kms/v1/keys/k1:setAccessBindings",
    body: { accessBindings: [] },
    reply: OP,
  },
  {
    name: "kms.keys.updateAccessBindings",
    call: (c) =>
      c.kms.keys.updateAccessBindings("k1", {
        accessBindingDeltas: [
          {
            action: "ADD",
            accessBinding: {
              roleId: "kms.keys.encrypterDecrypter",
              subject: { id: "a", type: "serviceAccount" },
            },
          },
        ],
      }),
    method: "POST",
    path: "/kms/v1/keys/k1:updateAccessBindings",
    body: {
      accessBindingDeltas: [
        {
          action: "ADD",
          accessBinding: {
            roleId: "kms.keys.encrypterDecrypter",
            subject: { id: "a", type: "serviceAccount" },
          },
        },
      ],
    },
    reply: OP,
  },
  {
    name: "folders.listAccessBindings",
    call: (c) => c.folders.listAccessBindings("f1").toArray(),
    method: "GET",
    path: "/resource-manager/v1/folders/f1:listAccessBindings",
    reply: { accessBindings: [] },
  },
  {
    name: "folders.setAccessBindings",
    call: (c) => c.folders.setAccessBindings("f1", { accessBindings: [] }),
    method: "POST",
    path: "/resource-manager/v1/folders/f1:setAccessBindings",
    body: { accessBindings: [] },
    reply: OP,
  },
  {
    name: "folders.updateAccessBindings",
    call: (c) =>
      c.folders.updateAccessBindings("f1", {
        accessBindingDeltas: [
          {
            action: "ADD",
            accessBinding: { roleId: "lockbox.editor", subject: { id: "u", type: "userAccount" } },
          },
        ],
      }),
    method: "POST",
    path: "/resource-manager/v1/folders/f1:updateAccessBindings",
    body: {
      accessBindingDeltas: [
        {
          action: "ADD",
          accessBinding: { roleId: "lockbox.editor", subject: { id: "u", type: "userAccount" } },
        },
      ],
    },
    reply: OP,
  },
];

describe("client resources", () => {
  for (const row of rows) {
    describe(`.${row.name}()`, () => {
      it(`sends ${row.method} ${row.path}${row.body === undefined ? " without a body" : " with the body as given"}${row.when ? ` ${row.when}` : ""}`, async () => {
        const h = harness();
        h.pool.intercept({ path: row.path, method: row.method }).reply(h.reply(200, row.reply));
        await row.call(h.client);
        assert.equal(h.seen.length, 1);
        assert.deepEqual(h.seen[0]?.body, row.body);
        assert.equal(h.seen[0]?.headers["idempotency-key"] !== undefined, row.method !== "GET");
        await h.finish();
      });
    });
  }

  describe("surface", () => {
    /** Every method an instance has, inherited ones included (shared access-binding methods live on a base class). */
    const methods = (o: object) => {
      const names = new Set<string>();
      for (
        let p = Object.getPrototypeOf(o);
        p !== null && p !== Object.prototype;
        p = Object.getPrototypeOf(p)
      ) {
        for (const n of Object.getOwnPropertyNames(p)) if (n !== "constructor") names.add(n);
      }
      return [...names].sort();
    };

    it("names secrets' methods after the API's SecretService operations", async () => {
      const h = harness();
      assert.deepEqual(methods(h.client.secrets), [
        "activate",
        "addVersion",
        "cancelVersionDestruction",
        "create",
        "deactivate",
        "delete",
        "get",
        "list",
        "listAccessBindings",
        "listOperations",
        "listVersions",
        "scheduleVersionDestruction",
        "setAccessBindings",
        "setCurrentVersion",
        "update",
        "updateAccessBindings",
      ]);
      assert.deepEqual(methods(h.client.payload), ["get", "getEx"]);
      assert.deepEqual(methods(h.client.operations), ["cancel", "get"]);
      assert.deepEqual(methods(h.client.kms.keys), [
        "create",
        "delete",
        "get",
        "list",
        "listAccessBindings",
        "setAccessBindings",
        "update",
        "updateAccessBindings",
      ]);
      assert.deepEqual(methods(h.client.folders), [
        "listAccessBindings",
        "setAccessBindings",
        "updateAccessBindings",
      ]);
      await h.finish();
    });
  });

  describe(".secrets.list()", () => {
    it("walks every page, passing nextPageToken back as pageToken", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets?folderId=f1", method: "GET" })
        .reply(h.reply(200, { secrets: [{ id: "a", folderId: "f1" }], nextPageToken: "t2" }));
      h.pool
        .intercept({ path: "/lockbox/v1/secrets?folderId=f1&pageToken=t2", method: "GET" })
        .reply(h.reply(200, { secrets: [{ id: "b", folderId: "f1" }], nextPageToken: "t3" }));
      h.pool
        .intercept({ path: "/lockbox/v1/secrets?folderId=f1&pageToken=t3", method: "GET" })
        .reply(h.reply(200, { secrets: [{ id: "c", folderId: "f1" }] }));
      const ids: string[] = [];
      for await (const s of h.client.secrets.list({ folderId: "f1" })) ids.push(s.id);
      assert.deepEqual(ids, ["a", "b", "c"]);
      await h.finish();
    });
  });

  describe("request validation", () => {
    const invalid: Array<[string, (c: LockboxClient) => unknown, RegExp]> = [
      ["a create without folderId", (c) => c.secrets.create({} as never), /folderId/],
      ["an upper-case label key", (c) => c.secrets.create({ folderId: "f", labels: { Env: "x" } }), /labels/],
      [
        "an unknown field",
        (c) => c.secrets.create({ folderId: "f", nmae: "typo" } as never),
        /Create request/,
      ],
      [
        "an entry with both value kinds",
        (c) =>
          c.secrets.addVersion("s1", { payloadEntries: [{ key: "k", textValue: "a", binaryValue: "AA==" }] }),
        /payloadEntries\.0/,
      ],
      ["an update without updateMask", (c) => c.secrets.update("s1", { name: "x" } as never), /updateMask/],
      ["a list without folderId", (c) => c.secrets.list({ folderId: "" }).page(), /folderId/],
      [
        "an empty delta list",
        (c) => c.secrets.updateAccessBindings("s1", { accessBindingDeltas: [] }),
        /accessBindingDeltas/,
      ],
      ["getEx with a folder but no name", (c) => c.payload.getEx({ folderId: "f", secretName: "" }), /GetEx/],
      [
        "a KMS key without an algorithm",
        (c) => c.kms.keys.create({ folderId: "f" } as never),
        /defaultAlgorithm/,
      ],
      [
        "a KMS key update without a mask",
        (c) => c.kms.keys.update("k1", { name: "n" } as never),
        /updateMask/,
      ],
      [
        "a KMS key update with a bad rotationPeriod",
        (c) => c.kms.keys.update("k1", { updateMask: "rotationPeriod", rotationPeriod: "1 day" }),
        /rotationPeriod/,
      ],
    ];
    for (const [what, call, pattern] of invalid) {
      it(`rejects ${what} before sending anything`, async () => {
        const h = harness();
        await assert.rejects((async () => call(h.client))(), (err: unknown) => {
          assert.ok(err instanceof LockboxValidationError);
          assert.ok(isValidationError(err));
          assert.match(err.message, pattern);
          return true;
        });
        assert.equal(h.seen.length, 0);
        await h.finish();
      });
    }

    it("never echoes the rejected value", async () => {
      const h = harness();
      const long = "S3CRET".repeat(20_000);
      const err = await (async () =>
        h.client.secrets.create({
          folderId: "f",
          versionPayloadEntries: [{ key: "k", textValue: long }],
        }))().catch((e: unknown) => e as Error);
      assert.ok(err instanceof LockboxValidationError);
      assert.ok(!err.message.includes("S3CRET"));
      await h.finish();
    });

    it("rejects a missing or over-long id, naming the parameter, as a rejected promise", async () => {
      const h = harness();
      const calls: Array<[() => Promise<unknown>, RegExp]> = [
        [() => h.client.secrets.get(""), /invalid secretId/],
        [() => h.client.secrets.addVersion("x".repeat(51), {}), /invalid secretId/],
        [() => h.client.kms.keys.delete(undefined as never), /invalid keyId/],
        [() => h.client.kms.keys.update("", { updateMask: "name" }), /invalid keyId/],
        [() => h.client.operations.get(""), /invalid operationId/],
        [() => h.client.folders.listAccessBindings("").toArray(), /invalid resourceId/],
        [() => h.client.secrets.listVersions("").toArray(), /invalid secretId/],
      ];
      for (const [call, pattern] of calls) {
        let promise: Promise<unknown> | undefined;
        assert.doesNotThrow(() => (promise = call()), "errors arrive as rejections, not synchronous throws");
        await assert.rejects(
          promise!,
          (err: unknown) => err instanceof LockboxValidationError && pattern.test(err.message),
        );
      }
      assert.equal(h.seen.length, 0);
      await h.finish();
    });
  });
});
