/**
 * The gRPC endpoint's certificate (server/grpc/tls.ts): the DER pieces against known encodings,
 * the generated certificate as Node's X.509 parser and TLS stack see it, and the once-per-data-dir
 * file handling (reuse, a half pair, a damaged or expired certificate).
 */
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import type { AddressInfo } from "node:net";
import { ensureCertificate, generateLocalhostCertificate, oid, tlv } from "../../server/grpc/tls";
import { onCleanup } from "../helpers/hooks";

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-local-tls-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Connects with the certificate as the only trusted root; resolves with the TLS outcome. */
async function handshake(certPem: string, keyPem: string, servername: string): Promise<string> {
  const server = tls.createServer({ cert: certPem, key: keyPem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: "127.0.0.1", port, servername, ca: certPem }, () => {
        resolve("authorized");
        socket.destroy();
      });
      socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
  } finally {
    server.close();
  }
}

describe("gRPC TLS certificate", () => {
  it("encodes OBJECT IDENTIFIERs and lengths as DER does", () => {
    // ecdsa-with-SHA256, as every X.509 parser knows it.
    assert.equal(oid("1.2.840.10045.4.3.2").toString("hex"), "06082a8648ce3d040302");
    assert.equal(tlv(0x04, Buffer.alloc(127)).subarray(0, 2).toString("hex"), "047f");
    assert.equal(tlv(0x04, Buffer.alloc(128)).subarray(0, 3).toString("hex"), "048180");
    assert.equal(tlv(0x04, Buffer.alloc(300)).subarray(0, 4).toString("hex"), "0482012c");
  });

  it("makes a self-signed CA certificate for localhost, 127.0.0.1 and ::1 that TLS accepts by name", async () => {
    const now = Date.now();
    const { certPem, keyPem } = generateLocalhostCertificate(now);
    const cert = new X509Certificate(certPem);
    assert.ok(cert.ca);
    assert.ok(cert.verify(cert.publicKey));
    assert.equal(cert.subject, cert.issuer);
    assert.equal(cert.subjectAltName, "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    assert.equal(cert.publicKey.asymmetricKeyType, "ec");
    assert.ok(Date.parse(cert.validFrom) <= now);
    assert.ok(Date.parse(cert.validTo) > now + 9 * 365 * 86400_000);
    assert.equal(await handshake(certPem, keyPem, "localhost"), "authorized");
    assert.equal(await handshake(certPem, keyPem, "example.com"), "ERR_TLS_CERT_ALTNAME_INVALID");
    const other = generateLocalhostCertificate(now);
    assert.notEqual(new X509Certificate(other.certPem).serialNumber, cert.serialNumber);
  });

  it("is made once per data dir and reused; a half pair, a damaged or an expired one is refused", () => {
    const dir = tempDir();
    const first = ensureCertificate(dir);
    assert.ok(first.created);
    assert.equal(fs.statSync(first.keyFile).mode & 0o777, 0o600);
    const again = ensureCertificate(dir);
    assert.equal(again.created, false);
    assert.equal(again.certPem, first.certPem);

    assert.throws(() => ensureCertificate(dir, Date.now() + 20 * 365 * 86400_000), /expired on .*delete/);

    fs.rmSync(first.keyFile);
    assert.throws(() => ensureCertificate(dir), /holds only one of cert\.pem and key\.pem/);
    fs.writeFileSync(first.keyFile, generateLocalhostCertificate().keyPem, { mode: 0o600 });
    assert.throws(() => ensureCertificate(dir), /are not a matching certificate and key/);
  });
});
