import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { setClient } from "../../../provider/lifecycle/context";
import { UNKNOWN } from "../../../provider/lifecycle/check";
import { LockboxClient } from "../../../provider/client";

const { kmsKeyAccessBinding } = lifecycle;
const props = async (p: Promise<{ failures: { property: string }[] }>) =>
  (await p).failures.map((f) => f.property);

const b = {
  keyId: "abj1",
  role: "kms.keys.encrypterDecrypter",
  members: ["serviceAccount:a", "serviceAccount:b"],
};

describe("KmsKeyAccessBinding lifecycle (pure parts)", () => {
  // check() of a new binding and diff() also compare with the service; here it cannot be reached
  // (nothing listens on port 1), so they fall back to the inputs and the state alone.
  before(() => {
    setClient(new LockboxClient({ endpoint: "http://127.0.0.1:1", iamToken: "t1.unit", maxRetries: 0 }));
  });
  after(() => setClient(undefined));

  describe(".check()", () => {
    it("accepts a key, a KMS role and Terraform-style members", async () => {
      const r = await kmsKeyAccessBinding.check({}, { ...b, members: ["serviceAccount:aje1", "group:g"] });
      assert.deepEqual(r.failures, []);
    });
    it("reports a missing keyId and role by name, and does not ask for a secretId", async () => {
      const r = await kmsKeyAccessBinding.check({}, { members: [] });
      assert.deepEqual(r.failures.map((f) => f.property).sort(), ["keyId", "role"]);
      assert.match(r.failures.find((f) => f.property === "keyId")!.reason, /keyId is required/);
    });
    it("reports a member without a known type by its index", async () => {
      assert.deepEqual(
        await props(kmsKeyAccessBinding.check({}, { ...b, members: ["serviceAccount:a", "robot:1"] })),
        ["members[1]"],
      );
    });
    it("reports repeated members and a members value that is not a list", async () => {
      assert.deepEqual(
        await props(kmsKeyAccessBinding.check({}, { ...b, members: ["group:g", "group:g"] })),
        ["members"],
      );
      assert.deepEqual(await props(kmsKeyAccessBinding.check({}, { ...b, members: "group:g" })), ["members"]);
    });
    it("reports a key id that is too long", async () => {
      assert.deepEqual(await props(kmsKeyAccessBinding.check({}, { ...b, keyId: "k".repeat(100) })), [
        "keyId",
      ]);
    });
    it("leaves unknown (preview) values alone", async () => {
      const r = await kmsKeyAccessBinding.check(
        {},
        { keyId: UNKNOWN, role: b.role, members: [UNKNOWN, "group:g"] },
      );
      assert.deepEqual(r.failures, []);
    });
  });

  describe(".diff()", () => {
    const diff = (news: Record<string, unknown>) => kmsKeyAccessBinding.diff("abj1/r", b, news);
    it("ignores member order", async () => {
      const d = await diff({ ...b, members: ["serviceAccount:b", "serviceAccount:a"] });
      assert.equal(d.changes, false);
    });
    it("updates added or removed members in place", async () => {
      const added = await diff({ ...b, members: [...b.members, "group:g"] });
      assert.deepEqual([added.changes, added.replaces], [true, []]);
      const removed = await diff({ ...b, members: [] });
      assert.deepEqual([removed.changes, removed.replaces], [true, []]);
    });
    it("replaces on a new key or a new role", async () => {
      assert.deepEqual((await diff({ ...b, keyId: "abj2" })).replaces, ["keyId"]);
      assert.deepEqual((await diff({ ...b, role: "kms.keys.user" })).replaces, ["role"]);
    });
    it("has the same table shape as AccessBinding, keyed by keyId instead of secretId", () => {
      assert.deepEqual(Object.keys(lifecycle.KMS_KEY_ACCESS_BINDING_DIFF).sort(), [
        "keyId",
        "members",
        "role",
      ]);
      assert.deepEqual(lifecycle.KMS_KEY_ACCESS_BINDING_DIFF.members, lifecycle.ACCESS_BINDING_DIFF.members);
    });
  });
});
