import { strict as assert } from "node:assert";
import { diffByTable, deepEqual, type DiffTable } from "../../../provider/lifecycle/diff";
import { SECRET_DIFF, diff as secretDiff } from "../../../provider/lifecycle/secret";
import { SECRET_VERSION_DIFF, diff as versionDiff } from "../../../provider/lifecycle/secret-version";
import { ACCESS_BINDING_DIFF, ACCESS_BINDING_MEMBER_DIFF } from "../../../provider/lifecycle/access-binding";
import { KMS_KEY_DIFF } from "../../../provider/lifecycle/kms-symmetric-key";
import { UNKNOWN } from "../../../provider/lifecycle/check";
import { orderedValuesHash, valuesHash } from "../../../provider/lifecycle/hash";

type Row = [
  string,
  Record<string, unknown>,
  Record<string, unknown>,
  { changes: boolean; replaces: string[] },
];

function runTable(table: DiffTable, rows: Row[]) {
  for (const [name, olds, news, want] of rows) {
    it(name, () => {
      const d = diffByTable(table, olds, news);
      assert.deepEqual({ changes: d.changes, replaces: d.replaces }, want);
    });
  }
}

const base = { folderId: "b1g", name: "db", labels: { env: "prod" }, deletionProtection: true };

describe("lifecycle diff", () => {
  describe("deepEqual()", () => {
    it("ignores key order and undefined fields", () => {
      assert.ok(deepEqual({ a: 1, b: { c: [1, 2] }, d: undefined }, { b: { c: [1, 2] }, a: 1 }));
    });
    it("tells arrays in a different order apart", () => {
      assert.ok(!deepEqual([1, 2], [2, 1]));
    });
  });

  describe("Secret table", () => {
    runTable(SECRET_DIFF, [
      ["reports no change for identical inputs", base, { ...base }, { changes: false, replaces: [] }],
      [
        "treats an absent description as the empty default",
        base,
        { ...base, description: "" },
        { changes: false, replaces: [] },
      ],
      [
        "treats absent labels as an empty map",
        { folderId: "b1g" },
        { folderId: "b1g", labels: {} },
        { changes: false, replaces: [] },
      ],
      ["updates a renamed secret in place", base, { ...base, name: "db2" }, { changes: true, replaces: [] }],
      [
        "updates changed labels in place",
        base,
        { ...base, labels: { env: "dev" } },
        { changes: true, replaces: [] },
      ],
      [
        "updates a cleared deletion protection in place",
        base,
        { ...base, deletionProtection: false },
        { changes: true, replaces: [] },
      ],
      [
        "replaces on a new folderId",
        base,
        { ...base, folderId: "b1h" },
        { changes: true, replaces: ["folderId"] },
      ],
      [
        "replaces on a new kmsKeyId",
        base,
        { ...base, kmsKeyId: "abj1" },
        { changes: true, replaces: ["kmsKeyId"] },
      ],
      [
        "replaces when folderId is unknown in preview",
        base,
        { ...base, folderId: UNKNOWN },
        { changes: true, replaces: ["folderId"] },
      ],
      [
        "updates a changed password spec in place",
        { ...base, passwordPayloadSpecification: { passwordKey: "p", length: 20 } },
        { ...base, passwordPayloadSpecification: { passwordKey: "p", length: 30 } },
        { changes: true, replaces: [] },
      ],
      [
        "ignores outputs such as status",
        { ...base, status: "ACTIVE" },
        base,
        { changes: false, replaces: [] },
      ],
    ]);
  });

  describe("Secret .diff()", () => {
    it("deletes first when a replacement keeps its name in the same folder (names are unique)", async () => {
      const d = await secretDiff("id", base, { ...base, kmsKeyId: "abj1" });
      assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["kmsKeyId"], true]);
    });
    it("creates first when the replacement moves to another folder", async () => {
      const d = await secretDiff("id", base, { ...base, folderId: "b1h" });
      assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["folderId"], false]);
    });
    it("creates first when the secret has no name", async () => {
      const d = await secretDiff("id", { folderId: "b1g" }, { folderId: "b1g", kmsKeyId: "abj1" });
      assert.equal(d.deleteBeforeReplace, false);
    });
  });

  describe("Secret password spec", () => {
    const spec = { passwordKey: "p", length: 20 };
    it("replaces when a spec is added (the service cannot make a secret generated in place)", async () => {
      const d = await secretDiff(
        "id",
        { folderId: "b1g" },
        { folderId: "b1g", passwordPayloadSpecification: spec },
      );
      assert.deepEqual([d.changes, d.replaces], [true, ["passwordPayloadSpecification"]]);
    });
    it("replaces when the spec is removed, deleting first when the name stays", async () => {
      const d = await secretDiff("id", { ...base, passwordPayloadSpecification: spec }, base);
      assert.deepEqual([d.replaces, d.deleteBeforeReplace], [["passwordPayloadSpecification"], true]);
    });
    it("updates a changed spec in place", async () => {
      const d = await secretDiff(
        "id",
        { ...base, passwordPayloadSpecification: spec },
        { ...base, passwordPayloadSpecification: { ...spec, length: 30 } },
      );
      assert.deepEqual([d.changes, d.replaces], [true, []]);
    });
    it("replaces while the spec is unknown in preview only if it was absent before", async () => {
      const d = await secretDiff("id", base, { ...base, passwordPayloadSpecification: UNKNOWN });
      assert.deepEqual(d.replaces, ["passwordPayloadSpecification"]);
    });
  });

  describe("SecretVersion table", () => {
    runTable(SECRET_VERSION_DIFF, [
      [
        "replaces on a new secretId",
        { secretId: "a" },
        { secretId: "b" },
        { changes: true, replaces: ["secretId"] },
      ],
      [
        "replaces on a new description",
        { secretId: "a" },
        { secretId: "a", description: "x" },
        { changes: true, replaces: ["description"] },
      ],
      [
        "replaces on a new regenerateOn",
        { secretId: "a", regenerateOn: "1" },
        { secretId: "a", regenerateOn: "2" },
        { changes: true, replaces: ["regenerateOn"] },
      ],
      [
        "updates a new pending period in place",
        { secretId: "a" },
        { secretId: "a", destructionPendingPeriod: "60s" },
        { changes: true, replaces: [] },
      ],
      [
        "treats the default pending period as absent",
        { secretId: "a" },
        { secretId: "a", destructionPendingPeriod: "604800s" },
        { changes: false, replaces: [] },
      ],
    ]);
  });

  describe("SecretVersion .diff()", () => {
    const entries = [{ key: "password", textValue: "s3cret" }];
    const olds = {
      secretId: "e6qs",
      versionId: "e6qv",
      status: "ACTIVE",
      valuesHash: valuesHash("e6qs", "e6qv", entries),
    };
    // State of earlier versions holds an HMAC: equal values rewrite the hash in place (no new version).
    it("updates (no replacement) an older state's hash when the values are unchanged", async () => {
      const d = await versionDiff("e6qv", olds, { secretId: "e6qs", entries });
      assert.deepEqual([d.changed, d.replaces], [["valuesHash"], []]);
    });
    it("replaces when a value changed", async () => {
      const d = await versionDiff("e6qv", olds, {
        secretId: "e6qs",
        entries: [{ key: "password", textValue: "other" }],
      });
      assert.deepEqual([d.changes, d.replaces], [true, ["entries"]]);
    });
    it("replaces when a key was added", async () => {
      const d = await versionDiff("e6qv", olds, {
        secretId: "e6qs",
        entries: [...entries, { key: "user", textValue: "u" }],
      });
      assert.deepEqual(d.replaces, ["entries"]);
    });
    it("reports no change for the same entries in another order", async () => {
      const two = [...entries, { key: "user", textValue: "u" }];
      const stored = { ...olds, valuesHash: valuesHash("e6qs", "e6qv", two) };
      const d = await versionDiff("e6qv", stored, { secretId: "e6qs", entries: [two[1], two[0]] });
      assert.deepEqual([d.changed, d.replaces], [["valuesHash"], []]);
    });
    it("accepts a hash stored in program order by an earlier version of the provider", async () => {
      const two = [{ key: "z", textValue: "1" }, ...entries];
      const stored = { ...olds, valuesHash: orderedValuesHash("e6qs", "e6qv", two) };
      assert.notEqual(stored.valuesHash, valuesHash("e6qs", "e6qv", two));
      const d = await versionDiff("e6qv", stored, { secretId: "e6qs", entries: two });
      assert.deepEqual([d.changed, d.replaces], [["valuesHash"], []]);
    });
    it("replaces when the entries are unknown in preview", async () => {
      const d = await versionDiff("e6qv", olds, { secretId: "e6qs", entries: UNKNOWN });
      assert.deepEqual(d.replaces, ["entries"]);
    });
    it("replaces a version destroyed outside Pulumi", async () => {
      const d = await versionDiff(
        "e6qv",
        { ...olds, status: "SCHEDULED_FOR_DESTRUCTION" },
        { secretId: "e6qs", entries },
      );
      assert.deepEqual(d.replaces, ["status"]);
    });
    it("leaves a generated version alone when regenerateOn is unchanged", async () => {
      const gen = { secretId: "e6qs", versionId: "e6qv", status: "ACTIVE", regenerateOn: "1" };
      const d = await versionDiff("e6qv", gen, { secretId: "e6qs", regenerateOn: "1" });
      assert.equal(d.changes, false);
    });
  });

  describe("AccessBinding table", () => {
    const b = {
      secretId: "s",
      role: "lockbox.payloadViewer",
      members: ["serviceAccount:a", "serviceAccount:b"],
    };
    runTable(ACCESS_BINDING_DIFF, [
      [
        "ignores member order",
        b,
        { ...b, members: ["serviceAccount:b", "serviceAccount:a"] },
        { changes: false, replaces: [] },
      ],
      [
        "updates added members in place",
        b,
        { ...b, members: [...b.members, "system:allUsers"] },
        { changes: true, replaces: [] },
      ],
      ["replaces on a new role", b, { ...b, role: "lockbox.viewer" }, { changes: true, replaces: ["role"] }],
    ]);
  });

  describe("AccessBindingMember table", () => {
    const m = { secretId: "s", role: "lockbox.payloadViewer", member: "serviceAccount:a" };
    runTable(ACCESS_BINDING_MEMBER_DIFF, [
      ["reports no change for the same member", m, { ...m }, { changes: false, replaces: [] }],
      [
        "replaces on a new member",
        m,
        { ...m, member: "serviceAccount:b" },
        { changes: true, replaces: ["member"] },
      ],
    ]);
  });

  describe("KmsSymmetricKey table", () => {
    const k = { folderId: "b1g", name: "k" };
    runTable(KMS_KEY_DIFF, [
      [
        "treats the default algorithm as absent",
        k,
        { ...k, defaultAlgorithm: "AES_256" },
        { changes: false, replaces: [] },
      ],
      ["updates a rename in place", k, { ...k, name: "k2" }, { changes: true, replaces: [] }],
      ["replaces on a new folderId", k, { ...k, folderId: "b1h" }, { changes: true, replaces: ["folderId"] }],
    ]);
  });
});
