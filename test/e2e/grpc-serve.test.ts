/**
 * `lockbox-local serve` and its gRPC endpoint: the flags and variables, the certificate kept across
 * restarts, plaintext mode, turning gRPC off, and the message when the optional gRPC packages are
 * not installed (a copy of the built server next to a node_modules without them).
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { credentials, Metadata } from "@grpc/grpc-js";
import { Session } from "@yandex-cloud/nodejs-sdk";
import { payloadService, secretService } from "@yandex-cloud/nodejs-sdk/dist/clients/lockbox-v1/index";
import { onCleanup } from "../helpers/hooks";
import { spawnLocalServer, TEST_FOLDER } from "../helpers/server";
import { startGrpcServer } from "../helpers/grpc";

const REPO = path.resolve(__dirname, "..", "..");

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-local-grpc-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("lockbox-local serve: the gRPC endpoint", function () {
  this.timeout(60_000);

  it("logs each call without values or tokens, even at trace level", async () => {
    const server = await startGrpcServer({ env: { LOCKBOX_LOCAL_LOG_LEVEL: "trace" } });
    const marker = `value-${randomBytes(12).toString("hex")}`;
    const session = new Session({
      iamToken: server.rootToken,
      ssl: { rootCerts: fs.readFileSync(server.certFile!) },
    });
    const client = session.client(secretService.SecretServiceClient, server.grpcAddress);
    const op = await client.create(
      secretService.CreateSecretRequest.fromPartial({
        folderId: TEST_FOLDER,
        name: "logged",
        versionPayloadEntries: [
          secretService.PayloadEntryChange.fromPartial({ key: "k", textValue: marker }),
        ],
      }),
    );
    const { secretId } = secretService.CreateSecretMetadata.decode(op.metadata!.value);
    const payload = await session
      .client(payloadService.PayloadServiceClient, server.grpcAddress)
      .get(payloadService.GetPayloadRequest.fromPartial({ secretId }));
    assert.equal(payload.entries[0]?.textValue, marker);
    await client.get({ secretId: "e6qnotfound000000000" }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const out = server.output();
    assert.match(out, /"transport":"grpc".*"method":"\/yandex\.cloud\.lockbox\.v1\.PayloadService\/Get"/);
    assert.ok(!out.includes(marker), "no secret value in the log");
    assert.ok(!out.includes(server.rootToken), "no token in the log");
  });

  it("keeps its certificate across restarts (clients trust it once)", async () => {
    const dataDir = tempDir();
    const first = await startGrpcServer({ dataDir });
    const pem = fs.readFileSync(first.certFile!, "utf8");
    await first.close();
    const second = await startGrpcServer({ dataDir });
    assert.equal(second.certFile, first.certFile);
    assert.equal(fs.readFileSync(second.certFile!, "utf8"), pem);
    // A client that trusted the first certificate reaches the restarted server.
    const session = new Session({ iamToken: second.rootToken, ssl: { rootCerts: Buffer.from(pem) } });
    const list = await session
      .client(secretService.SecretServiceClient, second.grpcAddress)
      .list(secretService.ListSecretsRequest.fromPartial({ folderId: TEST_FOLDER }));
    assert.deepEqual(list.secrets, []);
  });

  it("refuses a damaged certificate pair with a message naming the files", async () => {
    const dataDir = tempDir();
    const first = await startGrpcServer({ dataDir });
    await first.close();
    fs.writeFileSync(path.join(dataDir, "tls", "key.pem"), "not a key\n");
    await assert.rejects(startGrpcServer({ dataDir }), (err: Error) =>
      /are not a matching certificate and key; delete .*tls/.test(err.message),
    );
  });

  it("--grpc-plaintext serves without TLS (insecure channel)", async () => {
    const server = await startGrpcServer({ args: ["--grpc-plaintext"] });
    assert.equal(server.certFile, undefined);
    assert.match(server.output(), /gRPC listening on localhost:\d+ \(plaintext\)/);
    // The SDK's Session always uses TLS; a plaintext client is the generated client on an insecure channel.
    const client = new secretService.SecretServiceClient(server.grpcAddress, credentials.createInsecure());
    const list = await new Promise<secretService.ListSecretsResponse>((resolve, reject) => {
      const md = new Metadata();
      md.set("authorization", `Bearer ${server.rootToken}`);
      client.list(secretService.ListSecretsRequest.fromPartial({ folderId: TEST_FOLDER }), md, (err, res) =>
        err ? reject(err) : resolve(res),
      );
    });
    client.close();
    assert.deepEqual(list.secrets, []);
  });

  it("LOCKBOX_LOCAL_GRPC_PORT=0 turns gRPC off: no address printed, GET /endpoints is 501", async () => {
    const server = await spawnLocalServer({ env: { LOCKBOX_LOCAL_GRPC_PORT: "0" } });
    assert.doesNotMatch(server.output(), /gRPC/);
    assert.ok(!fs.existsSync(path.join(server.dataDir, "tls")), "no certificate is made");
    const res = await fetch(`${server.url}/endpoints`);
    assert.equal(res.status, 501);
    assert.equal(((await res.json()) as { code: number }).code, 12);
  });

  it("with the default gRPC port taken, it takes a free one and says so", async () => {
    // Hold 4589 (unless something already does) and give REST a fixed port, so the default applies.
    const holder = net.createServer();
    await new Promise<void>((resolve) => {
      holder.once("error", () => resolve());
      holder.listen(4589, "127.0.0.1", () => resolve());
    });
    onCleanup(() => void holder.close());
    const restPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const server = await startGrpcServer({ args: ["--port", String(restPort)] });
    assert.match(server.output(), /gRPC port 4589 is in use; gRPC took port (\d+) instead/);
    assert.notEqual(server.grpcAddress, "localhost:4589");
    const session = new Session({
      iamToken: server.rootToken,
      ssl: { rootCerts: fs.readFileSync(server.certFile!) },
    });
    const list = await session
      .client(secretService.SecretServiceClient, server.grpcAddress)
      .list(secretService.ListSecretsRequest.fromPartial({ folderId: TEST_FOLDER }));
    assert.deepEqual(list.secrets, []);
  });

  it("a --grpc-port that is not a port is a usage error (exit 2)", () => {
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "bin", "lockbox-local.js"), "serve", "--grpc-port", "http"],
      {
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--grpc-port must be a port number \(0 turns gRPC off\), got "http"/);
  });

  describe("without the optional gRPC packages installed", () => {
    /** The built server and bin in a folder whose node_modules lacks the SDK (links to the repo's packages). */
    function installWithoutGrpc(): string {
      const dir = tempDir();
      fs.cpSync(path.join(REPO, "dist"), path.join(dir, "dist"), { recursive: true });
      fs.cpSync(path.join(REPO, "bin"), path.join(dir, "bin"), { recursive: true });
      fs.copyFileSync(path.join(REPO, "package.json"), path.join(dir, "package.json"));
      // As in a provider-only install: the dependencies, and @grpc/grpc-js that @pulumi/pulumi brings.
      const deps = [
        ...Object.keys(
          (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { dependencies: object })
            .dependencies,
        ),
        "@grpc/grpc-js",
      ];
      for (const dep of deps) {
        fs.mkdirSync(path.dirname(path.join(dir, "node_modules", dep)), { recursive: true });
        fs.symlinkSync(path.join(REPO, "node_modules", dep), path.join(dir, "node_modules", dep));
      }
      return dir;
    }

    it("with the default port: a warning saying how to install them, and REST keeps working", async () => {
      const dir = installWithoutGrpc();
      const child = spawn(
        process.execPath,
        [path.join(dir, "bin", "lockbox-local.js"), "serve", "--port", "0", "--data-dir", tempDir()],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      onCleanup(() => void child.kill("SIGKILL"));
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          stdout += c.toString("utf8");
          const m = /listening on (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.once("exit", () => reject(new Error(`exited before listening:\n${stdout}${stderr}`)));
      });
      assert.equal((await fetch(`${url}/health`)).status, 200);
      child.kill("SIGTERM");
      assert.doesNotMatch(stdout, /gRPC listening/);
      assert.match(
        stderr,
        /gRPC is off: the gRPC endpoint needs @yandex-cloud\/nodejs-sdk, which is not installed/,
      );
      assert.match(stderr, /npm install @grpc\/grpc-js@\^1\.14\.7 @yandex-cloud\/nodejs-sdk@\^3\.2\.0/);
    });

    it("with --grpc-port given: an error (exit 1) saying how to install them", () => {
      const dir = installWithoutGrpc();
      const r = spawnSync(
        process.execPath,
        [
          path.join(dir, "bin", "lockbox-local.js"),
          "serve",
          "--port",
          "0",
          "--grpc-port",
          "45999",
          "--data-dir",
          tempDir(),
        ],
        { encoding: "utf8", timeout: 20_000 },
      );
      assert.equal(r.status, 1);
      assert.match(r.stderr, /the gRPC endpoint needs @yandex-cloud\/nodejs-sdk, which is not installed/);
      assert.match(r.stderr, /--grpc-port 0/);
    });
  });
});
