import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Keyring } from "../../../server/crypto/envelope";
import { ApiError } from "../../../server/errors";
import { parseUpdateMask } from "../../../server/service/fields";
import { applyChanges } from "../../../server/service/entries";
import { Store } from "../../../server/store/store";

describe("server/store", () => {
  describe(".applyChanges()", () => {
    it("keeps base order, appends new keys, replaces values and removes keys given no value or an empty text", () => {
      const base = [
        { key: "key1", text: "val1" },
        { key: "key2", text: "val2" },
        { key: "key4", text: "val4" },
      ];
      const out = applyChanges(
        base,
        [
          { key: "key2", text: "val22" },
          { key: "key3", binary: Buffer.from([1]) },
          { key: "key1", text: "" },
          { key: "key4" },
        ],
        false,
      );
      assert.deepEqual(out, [
        { key: "key2", text: "val22" },
        { key: "key3", binary: Buffer.from([1]) },
      ]);
      assert.deepEqual(base[0], { key: "key1", text: "val1" }, "the base is not modified");
    });

    it("in a Create, keeps empty text values and refuses duplicates and entries without a value", () => {
      assert.deepEqual(applyChanges([], [{ key: "a", text: "" }], true), [{ key: "a", text: "" }]);
      const invalid = (e: unknown) => e instanceof ApiError && e.codeName === "INVALID_ARGUMENT";
      assert.throws(
        () =>
          applyChanges(
            [],
            [
              { key: "a", text: "1" },
              { key: "a", text: "2" },
            ],
            true,
          ),
        invalid,
      );
      assert.throws(() => applyChanges([], [{ key: "a" }], true), invalid);
    });
  });

  describe("new Store()", () => {
    it("records the schema version, uses WAL, and passes integrity_check", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-store-"));
      try {
        const store = new Store({ dataDir: dir, keyring: new Keyring(randomBytes(32)) });
        assert.equal(store.schemaVersion(), 2);
        assert.equal(store.integrityCheck(), "ok");
        assert.ok(fs.existsSync(path.join(dir, "lockbox.db-wal")), "WAL journal in use");
        store.close();
        const again = new Store({ dataDir: dir, keyring: new Keyring(randomBytes(32)) });
        assert.equal(again.schemaVersion(), 2, "migrations run once");
        again.close();
        assert.ok(fs.existsSync(path.join(dir, "lockbox.db")));
        assert.equal(fs.statSync(path.join(dir, "lockbox.db")).mode & 0o777, 0o600);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe("server/service/fields", () => {
  describe(".parseUpdateMask()", () => {
    const allowed = ["name", "description", "labels", "deletionProtection", "passwordPayloadSpecification"];
    it("accepts camelCase and snake_case paths with spaces", () => {
      assert.deepEqual(parseUpdateMask("name, deletion_protection,password_payload_specification", allowed), [
        "name",
        "deletionProtection",
        "passwordPayloadSpecification",
      ]);
    });

    it("rejects an empty mask and unknown paths", () => {
      assert.throws(() => parseUpdateMask(" , ", allowed), /at least one/);
      assert.throws(() => parseUpdateMask("name,kmsKeyId", allowed), /kmsKeyId/);
    });
  });
});
