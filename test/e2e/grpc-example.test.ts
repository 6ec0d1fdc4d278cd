/**
 * examples/runtime-read/grpc-app.ts: the application reading its secret with the official Node SDK
 * over gRPC against lockbox-local, as a service account holding only the roles the example's README
 * names. The secret is shaped as the example's Pulumi program makes it (its own KMS key, entries
 * DATABASE_URL and FEATURE_FLAGS), created here over REST; the Pulumi run of the example itself is
 * covered by examples.test.ts.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runtime } from "pulumi-lockbox";
import { loadSettings } from "../../examples/runtime-read/app";
import { loadSettingsOverGrpc } from "../../examples/runtime-read/grpc-app";
import { createServiceAccount, TEST_FOLDER } from "../helpers/server";
import { rest, startGrpcServer, type GrpcServer } from "../helpers/grpc";

const REPO = path.resolve(__dirname, "..", "..");
const DATABASE_URL = "postgres://app:pw-only-in-the-secret@db/app";

describe("examples/runtime-read: the application over gRPC with the official SDK", function () {
  this.timeout(60_000);
  let server: GrpcServer;
  let secretId: string;
  let appToken: string;

  before(async () => {
    server = await startGrpcServer();
    const key = await rest<{ metadata: { keyId: string } }>(
      server,
      server.rootToken,
      "POST",
      "/kms/v1/keys",
      {
        folderId: TEST_FOLDER,
        name: "app-settings-key",
        defaultAlgorithm: "AES_256",
        rotationPeriod: "7776000s",
      },
    );
    const made = await rest<{ metadata: { secretId: string } }>(
      server,
      server.rootToken,
      "POST",
      "/lockbox/v1/secrets",
      {
        folderId: TEST_FOLDER,
        name: "app-settings",
        kmsKeyId: key.json.metadata.keyId,
        versionPayloadEntries: [
          { key: "DATABASE_URL", textValue: DATABASE_URL },
          { key: "FEATURE_FLAGS", textValue: "search,export" },
        ],
      },
    );
    secretId = made.json.metadata.secretId;
    const app = await createServiceAccount(server, {
      roles: ["lockbox.payloadViewer", "kms.keys.encrypterDecrypter"],
    });
    appToken = app.token;
  });

  it("loadSettingsOverGrpc reads what the REST runtime API reads, and follows a version put() adds", async () => {
    const rootCert = fs.readFileSync(server.certFile!);
    const overGrpc = await loadSettingsOverGrpc(secretId, {
      iamToken: appToken,
      endpoint: server.grpcAddress,
      rootCert,
    });
    const overRest = await loadSettings(secretId, { endpoint: server.url, iamToken: appToken });
    assert.deepEqual(overGrpc, overRest);
    assert.equal(overGrpc.databaseUrl, DATABASE_URL);
    assert.deepEqual(overGrpc.featureFlags, ["search", "export"]);

    const ref = runtime.secret(secretId, { endpoint: server.url, iamToken: server.rootToken });
    const newVersion = await ref.put({ DATABASE_URL: "postgres://app@db2/app", FEATURE_FLAGS: "search" });
    await ref.close();
    const next = await loadSettingsOverGrpc(secretId, {
      iamToken: appToken,
      endpoint: server.grpcAddress,
      rootCert,
    });
    assert.deepEqual(next, {
      versionId: newVersion,
      databaseUrl: "postgres://app@db2/app",
      featureFlags: ["search"],
    });
  });

  it("without the key role the read is PERMISSION_DENIED (the KMS key guards the payload)", async () => {
    const noKey = await createServiceAccount(server, { roles: ["lockbox.payloadViewer"] });
    await assert.rejects(
      loadSettingsOverGrpc(secretId, {
        iamToken: noKey.token,
        endpoint: server.grpcAddress,
        rootCert: fs.readFileSync(server.certFile!),
      }),
      /PERMISSION_DENIED/,
    );
  });

  it("run as a program with the environment the README gives, it prints lengths, never the value", () => {
    const r = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(REPO, "examples", "runtime-read", "grpc-app.ts")],
      {
        cwd: REPO,
        encoding: "utf8",
        env: {
          ...process.env,
          LOCKBOX_SECRET_ID: secretId,
          YC_IAM_TOKEN: appToken,
          LOCKBOX_GRPC_ENDPOINT: server.grpcAddress,
          LOCKBOX_GRPC_ROOT_CERT: server.certFile!,
        },
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^loaded version e6q[0-9a-v]{17} over gRPC: DATABASE_URL \(\d+ chars\), flags search/m,
    );
    assert.ok(!r.stdout.includes("postgres://") && !r.stderr.includes("postgres://"), "no value printed");
  });
});
