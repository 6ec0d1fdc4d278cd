import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Keyring, loadMasterKey, open, seal } from "../../../server/crypto/envelope";

describe("server/crypto/envelope", () => {
  describe(".seal() / .open()", () => {
    it("round-trips and never contains the plaintext", () => {
      const key = randomBytes(32);
      const plain = Buffer.from("PLAINTEXT-MARKER");
      const blob = seal(key, plain, "aad");
      assert.equal(blob.includes(plain), false);
      assert.deepEqual(open(key, blob, "aad"), plain);
    });

    it("refuses a blob under other additional data, another key, or with one bit flipped", () => {
      const key = randomBytes(32);
      const blob = seal(key, Buffer.from("x"), "secret:a");
      assert.throws(() => open(key, blob, "secret:b"));
      assert.throws(() => open(randomBytes(32), blob, "secret:a"));
      const flipped = Buffer.from(blob);
      flipped[flipped.length - 1]! ^= 1;
      assert.throws(() => open(key, flipped, "secret:a"));
    });
  });

  describe("Keyring", () => {
    it("encrypts payloads under a data key wrapped by KMS material or the default key", () => {
      const ring = new Keyring(randomBytes(32));
      const material = ring.newKmsMaterial("abjkey");
      const dek = ring.newDataKey("e6qsecret", material, "abjkey");
      const kek = { keyId: "abjkey", material };
      const blob = ring.encryptPayload("e6qsecret", "e6qv1", dek, kek, Buffer.from("value"));
      assert.equal(ring.decryptPayload("e6qsecret", "e6qv1", dek, kek, blob).toString(), "value");
      // The blob is bound to its version: under another version id it does not decrypt.
      assert.throws(() => ring.decryptPayload("e6qsecret", "e6qv2", dek, kek, blob));
      // Without the KMS material (a deleted key) nothing decrypts.
      assert.throws(() =>
        ring.decryptPayload("e6qsecret", "e6qv1", dek, { keyId: "abjkey", material: null }, blob),
      );
      const plainDek = ring.newDataKey("e6qother", null, "");
      const noKms = { keyId: "", material: null };
      const b2 = ring.encryptPayload("e6qother", "v", plainDek, noKms, Buffer.from("x"));
      assert.equal(ring.decryptPayload("e6qother", "v", plainDek, noKms, b2).toString(), "x");
    });

    it("cannot open data under another master key", () => {
      const a = new Keyring(randomBytes(32));
      const b = new Keyring(randomBytes(32));
      const dek = a.newDataKey("s", null, "");
      const blob = a.encryptPayload("s", "v", dek, { keyId: "", material: null }, Buffer.from("x"));
      assert.throws(() => b.decryptPayload("s", "v", dek, { keyId: "", material: null }, blob));
    });
  });

  describe(".loadMasterKey()", () => {
    it("generates a 0600 key file once and reads the same key back", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-mk-"));
      try {
        const file = path.join(dir, "master.key");
        const k1 = loadMasterKey(file, true);
        assert.equal(k1.length, 32);
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        assert.deepEqual(loadMasterKey(file, true), k1);
        assert.throws(() => loadMasterKey(path.join(dir, "missing"), false), /does not exist/);
        fs.writeFileSync(path.join(dir, "short"), "YWJj");
        assert.throws(() => loadMasterKey(path.join(dir, "short"), false), /32 bytes/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
