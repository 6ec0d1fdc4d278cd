import { strict as assert } from "node:assert";
import { check as checkSecret } from "../../../provider/lifecycle/secret";
import { check as checkVersion } from "../../../provider/lifecycle/secret-version";
import { secretBinding, secretMemberBinding } from "../../../provider/lifecycle/access-binding";
import { check as checkKey } from "../../../provider/lifecycle/kms-symmetric-key";
import { UNKNOWN } from "../../../provider/lifecycle/check";

const props = async (p: Promise<{ failures: { property: string }[] }>) =>
  (await p).failures.map((f) => f.property);

describe("lifecycle check", () => {
  describe("Secret .check()", () => {
    it("accepts valid inputs", async () => {
      const r = await checkSecret(
        {},
        { folderId: "b1g", name: "db", labels: { env: "prod" }, deletionProtection: true },
      );
      assert.deepEqual(r.failures, []);
    });
    it("reports a missing folderId naming the config key and the variable", async () => {
      const r = await checkSecret({}, { name: "db" });
      assert.equal(r.failures.length, 1);
      assert.equal(r.failures[0]!.property, "folderId");
      assert.match(r.failures[0]!.reason, /lockbox:folderId/);
      assert.match(r.failures[0]!.reason, /YC_FOLDER_ID/);
    });
    it("reports an invalid label key by its path", async () => {
      assert.deepEqual(await props(checkSecret({}, { folderId: "b1g", labels: { Env: "prod" } })), [
        "labels.Env",
      ]);
    });
    it("reports a password spec longer than 256", async () => {
      const f = await props(
        checkSecret({}, { folderId: "b1g", passwordPayloadSpecification: { passwordKey: "p", length: 300 } }),
      );
      assert.deepEqual(f, ["passwordPayloadSpecification.length"]);
    });
    it("reports password specs the service would refuse, by the field at fault", async () => {
      const spec = (s: Record<string, unknown>) =>
        props(checkSecret({}, { folderId: "b1g", passwordPayloadSpecification: { passwordKey: "p", ...s } }));
      assert.deepEqual(await spec({ includedPunctuation: "!", excludedPunctuation: "#" }), [
        "passwordPayloadSpecification.includedPunctuation",
      ]);
      assert.deepEqual(await spec({ length: 2 }), ["passwordPayloadSpecification.length"]);
      assert.deepEqual(await spec({ excludedPunctuation: "ab" }), [
        "passwordPayloadSpecification.excludedPunctuation",
        "passwordPayloadSpecification.excludedPunctuation",
      ]);
      assert.deepEqual(
        await spec({
          includeUppercase: false,
          includeLowercase: false,
          includeDigits: false,
          includePunctuation: false,
        }),
        ["passwordPayloadSpecification"],
      );
      assert.deepEqual(await spec({ length: 8, excludedPunctuation: "\\" }), []);
    });
    it("skips fields that are unknown during preview", async () => {
      const r = await checkSecret({}, { folderId: UNKNOWN, labels: { env: UNKNOWN }, name: UNKNOWN });
      assert.deepEqual(r.failures, []);
    });
    it("returns the inputs unchanged", async () => {
      const news = { folderId: "b1g", name: "db" };
      assert.deepEqual((await checkSecret({}, news)).inputs, news);
    });
  });

  describe("SecretVersion .check()", () => {
    it("accepts text and binary entries", async () => {
      const r = await checkVersion(
        {},
        {
          secretId: "s",
          entries: [
            { key: "a", textValue: "x" },
            { key: "b", binaryValue: "AAE=" },
          ],
        },
      );
      assert.deepEqual(r.failures, []);
    });
    it("reports an entry with both values", async () => {
      assert.deepEqual(
        await props(
          checkVersion({}, { secretId: "s", entries: [{ key: "a", textValue: "x", binaryValue: "AA==" }] }),
        ),
        ["entries[0]"],
      );
    });
    it("reports an entry without a value", async () => {
      assert.deepEqual(await props(checkVersion({}, { secretId: "s", entries: [{ key: "a" }] })), [
        "entries[0]",
      ]);
    });
    it("reports an empty text value, which the API would treat as a removal", async () => {
      assert.deepEqual(
        await props(checkVersion({}, { secretId: "s", entries: [{ key: "a", textValue: "" }] })),
        ["entries[0].textValue"],
      );
    });
    it("reports a bad key and a repeated key", async () => {
      const f = await props(
        checkVersion(
          {},
          {
            secretId: "s",
            entries: [
              { key: "a b", textValue: "x" },
              { key: "c", textValue: "1" },
              { key: "c", textValue: "2" },
            ],
          },
        ),
      );
      assert.deepEqual(f, ["entries[0].key", "entries[2].key"]);
    });
    it("reports regenerateOn together with entries", async () => {
      assert.deepEqual(
        await props(
          checkVersion({}, { secretId: "s", regenerateOn: "1", entries: [{ key: "a", textValue: "x" }] }),
        ),
        ["regenerateOn"],
      );
    });
    it("reports a malformed pending period", async () => {
      assert.deepEqual(await props(checkVersion({}, { secretId: "s", destructionPendingPeriod: "7d" })), [
        "destructionPendingPeriod",
      ]);
    });
    it("reports a missing secretId", async () => {
      assert.deepEqual(await props(checkVersion({}, { entries: [{ key: "a", textValue: "x" }] })), [
        "secretId",
      ]);
    });
    describe("a generated version (no entries) whose description changes", () => {
      const olds = { secretId: "e6qs", description: "first", regenerateOn: "1" };
      it("fails on description alone, naming regenerateOn, since a new version means a new password", async () => {
        const r = await checkVersion(olds, { secretId: "e6qs", description: "second", regenerateOn: "1" });
        assert.deepEqual(
          r.failures.map((f) => f.property),
          ["description"],
        );
        assert.match(r.failures[0]!.reason, /regenerateOn/);
        assert.match(r.failures[0]!.reason, /new password/);
      });
      it("fails when a description is added or removed", async () => {
        assert.deepEqual(
          await props(checkVersion({ secretId: "e6qs" }, { secretId: "e6qs", description: "d" })),
          ["description"],
        );
        assert.deepEqual(await props(checkVersion(olds, { secretId: "e6qs", regenerateOn: "1" })), [
          "description",
        ]);
      });
      it("accepts it together with a new regenerateOn", async () => {
        const r = await checkVersion(olds, { secretId: "e6qs", description: "second", regenerateOn: "2" });
        assert.deepEqual(r.failures, []);
      });
      it("accepts it when the version moves to another secret, or on the first check", async () => {
        assert.deepEqual((await checkVersion(olds, { secretId: "e6qt", description: "x" })).failures, []);
        assert.deepEqual((await checkVersion({}, { secretId: "e6qs", description: "x" })).failures, []);
      });
      it("accepts a description change of a version with entries (it makes a new version of the same values)", async () => {
        const entries = [{ key: "k", textValue: "v" }];
        const r = await checkVersion(
          { secretId: "e6qs", entries, description: "a" },
          { secretId: "e6qs", entries, description: "b" },
        );
        assert.deepEqual(r.failures, []);
      });
      it("skips the rule while description or regenerateOn is unknown in preview", async () => {
        assert.deepEqual(
          (await checkVersion(olds, { secretId: "e6qs", description: UNKNOWN, regenerateOn: "1" })).failures,
          [],
        );
        assert.deepEqual(
          (await checkVersion(olds, { secretId: "e6qs", description: "x", regenerateOn: UNKNOWN })).failures,
          [],
        );
      });
    });
    it("never puts a value in a failure message", async () => {
      const r = await checkVersion(
        {},
        { secretId: "s", entries: [{ key: "a", textValue: "hunter2", binaryValue: "aHVudGVyMg==" }] },
      );
      assert.ok(r.failures.length > 0);
      for (const f of r.failures)
        assert.ok(!f.reason.includes("hunter2") && !f.reason.includes("aHVudGVyMg"));
    });
  });

  describe("AccessBinding .check()", () => {
    it("accepts Terraform-style members", async () => {
      const r = await secretBinding.check(
        {},
        { secretId: "s", role: "lockbox.payloadViewer", members: ["serviceAccount:aje1", "system:allUsers"] },
      );
      assert.deepEqual(r.failures, []);
    });
    it("reports a member without a known type", async () => {
      assert.deepEqual(
        await props(secretBinding.check({}, { secretId: "s", role: "r", members: ["robot:1"] })),
        ["members[0]"],
      );
    });
    it("reports repeated members", async () => {
      assert.deepEqual(
        await props(secretBinding.check({}, { secretId: "s", role: "r", members: ["group:g", "group:g"] })),
        ["members"],
      );
    });
  });

  describe("AccessBindingMember .check()", () => {
    it("reports a missing member", async () => {
      assert.deepEqual(await props(secretMemberBinding.check({}, { secretId: "s", role: "r" })), ["member"]);
    });
  });

  describe("KmsSymmetricKey .check()", () => {
    it("reports an unknown algorithm", async () => {
      assert.deepEqual(await props(checkKey({}, { folderId: "b1g", defaultAlgorithm: "DES" })), [
        "defaultAlgorithm",
      ]);
    });
  });
});
