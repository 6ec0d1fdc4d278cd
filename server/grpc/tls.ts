/**
 * The gRPC endpoint's TLS certificate: a self-signed X.509 v3 certificate for localhost,
 * 127.0.0.1 and ::1, made once with node:crypto (an ECDSA P-256 key) and kept in
 * `<data-dir>/tls/` so clients can trust it once. No OpenSSL binary and no dependency: the few
 * DER structures a certificate needs (RFC 5280) are encoded below.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The folder under the data dir that holds the certificate and its key. */
export const TLS_DIR = "tls";
/** The certificate file (PEM); clients trust it as their root certificate. */
export const CERT_FILE = "cert.pem";
/** The private key file (PEM, PKCS#8, mode 0600). */
export const KEY_FILE = "key.pem";

/** The names the certificate is valid for. */
export const CERT_DNS_NAMES = ["localhost"] as const;
export const CERT_IP_ADDRESSES = ["127.0.0.1", "::1"] as const;

/** How long a generated certificate is valid (about ten years: it is made once per data dir). */
const VALIDITY_DAYS = 3650;

/** A certificate and key as PEM, with the path of the certificate file. */
export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
  /** Whether this call created the files. */
  created: boolean;
}

// ------------------------------------------------------------------ DER (X.690) encoding

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One tag-length-value. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
/** A context-specific constructed tag ([n] EXPLICIT). */
const explicit = (n: number, content: Buffer) => tlv(0xa0 | n, content);

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
  if (b[0]! >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

const utf8String = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const boolean = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280, 4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date
    .toISOString()
    .replace(/[-:T]/g, "")
    .replace(/\.\d+Z$/, "Z"); // YYYYMMDDHHMMSSZ
  if (date.getUTCFullYear() < 2050) return tlv(0x17, Buffer.from(iso.slice(2), "ascii"));
  return tlv(0x18, Buffer.from(iso, "ascii"));
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(":")) {
    // Only the forms used here: "::1" and full eight-group addresses.
    const [head = "", tail = ""] = ip.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = ip.includes("::") ? [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t] : h;
    return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, "0"), "hex")));
  }
  return Buffer.from(ip.split(".").map(Number));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** The DER of a self-signed certificate for `subjectName` over the given SPKI, signed by `sign`. */
export function buildCertificate(opts: {
  subjectName: string;
  spkiDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  serial: Buffer;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  signTbs: (tbs: Buffer) => Buffer;
}): Buffer {
  const ecdsaWithSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const name = seq(
    set(seq(oid("2.5.4.10"), utf8String("lockbox-local"))),
    set(seq(oid("2.5.4.3"), utf8String(opts.subjectName))),
  );
  const san = seq(
    ...opts.dnsNames.map((d) => tlv(0x82, Buffer.from(d, "ascii"))),
    ...opts.ipAddresses.map((ip) => tlv(0x87, ipBytes(ip))),
  );
  // SHA-1 of the public key is the usual key identifier (RFC 5280, 4.2.1.2); any unique value is valid.
  const keyId = createHash("sha1").update(opts.spkiDer).digest();
  const extensions = seq(
    // basicConstraints CA:TRUE: the certificate is its own trust anchor for every TLS stack.
    extension("2.5.29.19", true, seq(boolean(true))),
    // keyUsage: digitalSignature (bit 0) and keyCertSign (bit 5).
    extension("2.5.29.15", true, tlv(0x03, Buffer.from([0x02, 0x84]))),
    // extKeyUsage: serverAuth.
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"))),
    extension("2.5.29.17", false, san),
    extension("2.5.29.14", false, octetString(keyId)),
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(opts.serial),
    ecdsaWithSha256,
    name,
    seq(time(opts.notBefore), time(opts.notAfter)),
    name,
    opts.spkiDer,
    explicit(3, extensions),
  );
  return seq(tbs, ecdsaWithSha256, bitString(opts.signTbs(tbs)));
}

function pem(label: string, der: Buffer): string {
  const b64 = der
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A new self-signed certificate and key for localhost (valid from an hour ago). */
export function generateLocalhostCertificate(now = Date.now()): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const der = buildCertificate({
    subjectName: "lockbox-local (localhost)",
    spkiDer: publicKey.export({ type: "spki", format: "der" }),
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + VALIDITY_DAYS * 86400_000),
    serial,
    dnsNames: CERT_DNS_NAMES,
    ipAddresses: CERT_IP_ADDRESSES,
    signTbs: (tbs) => sign("sha256", tbs, privateKey),
  });
  return {
    certPem: pem("CERTIFICATE", der),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

/**
 * The certificate and key in `<dataDir>/tls/`, created on first use. A pair that does not parse,
 * does not match, or has expired is an error naming the files (delete them to get a new pair): a
 * certificate clients already trust is never replaced silently.
 */
export function ensureCertificate(dataDir: string, now = Date.now()): TlsMaterial {
  const dir = path.join(dataDir, TLS_DIR);
  const certFile = path.join(dir, CERT_FILE);
  const keyFile = path.join(dir, KEY_FILE);
  const haveCert = fs.existsSync(certFile);
  const haveKey = fs.existsSync(keyFile);
  if (!haveCert && !haveKey) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { certPem, keyPem } = generateLocalhostCertificate(now);
    // The key first and exclusively: a second process starting at the same moment fails loudly.
    fs.writeFileSync(keyFile, keyPem, { mode: 0o600, flag: "wx" });
    fs.writeFileSync(certFile, certPem, { mode: 0o644, flag: "wx" });
    return { certPem, keyPem, certFile, keyFile, created: true };
  }
  if (!haveCert || !haveKey) {
    throw new Error(
      `${dir} holds only one of ${CERT_FILE} and ${KEY_FILE}; delete the folder to have a new pair generated`,
    );
  }
  const certPem = fs.readFileSync(certFile, "utf8");
  const keyPem = fs.readFileSync(keyFile, "utf8");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) throw new Error("mismatch");
  } catch {
    throw new Error(
      `${certFile} and ${keyFile} are not a matching certificate and key; delete ${dir} to have a new pair generated`,
    );
  }
  if (Date.parse(cert.validTo) <= now) {
    throw new Error(`${certFile} expired on ${cert.validTo}; delete ${dir} to have a new one generated`);
  }
  return { certPem, keyPem, certFile, keyFile, created: false };
}
