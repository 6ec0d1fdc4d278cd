/**
 * Envelope encryption of secret values (AES-256-GCM).
 *
 * master key ──wraps──▶ KMS key material / the service default key ──wraps──▶ per-secret data key
 * ──encrypts──▶ each version's payload. Every ciphertext is bound to its owner through the GCM
 * additional data, so a blob copied to another row does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts with AES-256-GCM: output is iv ‖ tag ‖ ciphertext. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Decrypts a blob produced by {@link seal}; throws if it was tampered with or the AAD differs. */
export function open(key: Buffer, blob: Uint8Array, aad: string): Buffer {
  const buf = Buffer.from(blob);
  const iv = buf.subarray(0, IV_BYTES);
  const tag = buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Holds the master key and derives/wraps the keys below it. */
export class Keyring {
  private readonly master: Buffer;
  private readonly defaultKey: Buffer;
  private readonly macKey: Buffer;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error("the master key must be 32 bytes");
    this.master = master;
    // The service default key (used when a secret has no kmsKeyId, see docs/kms.md) is derived, not stored.
    this.defaultKey = Buffer.from(
      hkdfSync("sha256", master, Buffer.alloc(0), "lockbox-local default key", 32),
    );
    this.macKey = Buffer.from(
      hkdfSync("sha256", master, Buffer.alloc(0), "lockbox-local request digest", 32),
    );
  }

  /**
   * A keyed digest (HMAC-SHA256, hex) of data that may hold secret values, such as a request body:
   * it can be stored and compared, but not tested against guesses without the master key.
   */
  mac(data: string): string {
    return createHmac("sha256", this.macKey).update(data, "utf8").digest("hex");
  }

  /** Creates fresh KMS key material, returned wrapped by the master key. */
  newKmsMaterial(keyId: string): Buffer {
    return seal(this.master, randomBytes(32), `kms:${keyId}`);
  }

  /** Creates a per-secret data key wrapped by the KMS key material (or the default key). */
  newDataKey(secretId: string, wrappedKms: Uint8Array | null, kmsKeyId: string): Buffer {
    return seal(this.kek(wrappedKms, kmsKeyId), randomBytes(32), `dek:${secretId}`);
  }

  /** Encrypts a version payload under the secret's data key. */
  encryptPayload(
    secretId: string,
    versionId: string,
    wrappedDek: Uint8Array,
    kek: KekRef,
    plain: Buffer,
  ): Buffer {
    return seal(this.dek(secretId, wrappedDek, kek), plain, `payload:${secretId}/${versionId}`);
  }

  /** Decrypts a version payload. */
  decryptPayload(
    secretId: string,
    versionId: string,
    wrappedDek: Uint8Array,
    kek: KekRef,
    blob: Uint8Array,
  ): Buffer {
    return open(this.dek(secretId, wrappedDek, kek), blob, `payload:${secretId}/${versionId}`);
  }

  private dek(secretId: string, wrappedDek: Uint8Array, kek: KekRef): Buffer {
    return open(this.kek(kek.material, kek.keyId), wrappedDek, `dek:${secretId}`);
  }

  private kek(wrappedKms: Uint8Array | null, kmsKeyId: string): Buffer {
    if (kmsKeyId === "") return this.defaultKey;
    if (!wrappedKms) throw new Error("KMS key material is gone");
    return open(this.master, wrappedKms, `kms:${kmsKeyId}`);
  }
}

/** The key that wraps a secret's data key: KMS material (wrapped) and its id, or the default key. */
export interface KekRef {
  keyId: string;
  material: Uint8Array | null;
}

/**
 * Loads the master key from `file` (base64 of 32 bytes), or generates it there with mode 0600 when
 * the file is missing and `generate` is true.
 */
export function loadMasterKey(file: string, generate: boolean): Buffer {
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`master key file ${file} must hold 32 bytes in base64`);
    return key;
  }
  if (!generate) throw new Error(`master key file ${file} does not exist`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return key;
}
