/**
 * lockbox-local over gRPC, driven by the official `@yandex-cloud/nodejs-sdk` exactly as an
 * application uses it (Session with an IAM token, the printed certificate as root certificate,
 * clients with lockbox-local's address as custom endpoint): every SecretService and PayloadService
 * method, waitForOperation, pagination, the error codes, per-role access checks, idempotency keys,
 * request ids, IamTokenService, endpoint discovery, and the same data seen over REST and gRPC.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { X509Certificate } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { Metadata } from "nice-grpc";
import {
  secret,
  secretService,
  payloadService,
} from "@yandex-cloud/nodejs-sdk/dist/clients/lockbox-v1/index";
import { operation, operationService } from "@yandex-cloud/nodejs-sdk/dist/clients/operation/index";
import { iamTokenService } from "@yandex-cloud/nodejs-sdk/dist/clients/iam-v1/index";
import { symmetricKey, symmetricKeyService } from "@yandex-cloud/nodejs-sdk/dist/clients/kms-v1/index";
import { apiEndpointService } from "@yandex-cloud/nodejs-sdk/dist/clients/endpoint/index";
import { folderService } from "@yandex-cloud/nodejs-sdk/dist/clients/resourcemanager-v1/index";
import * as access from "@yandex-cloud/nodejs-sdk/dist/generated/yandex/cloud/access/access";
import {
  createServiceAccount,
  createUser,
  setFaults,
  signServiceAccountJwt,
  TEST_FOLDER,
  type TestIdentity,
} from "../helpers/server";
import { grpcError, rest, sessionFor, startGrpcServer, waitFor, type GrpcServer } from "../helpers/grpc";
import { ALGORITHM_REQUIRED } from "../../provider/api/kms";

const { SecretServiceClient } = secretService;
const { PayloadServiceClient } = payloadService;
const { Secret, Version_Status, Secret_Status } = secret;

/** gRPC status codes (google.rpc.Code). */
const CODE = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  UNIMPLEMENTED: 12,
  UNAUTHENTICATED: 16,
} as const;

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

describe("gRPC endpoint with the official Node SDK", function () {
  this.timeout(60_000);
  let server: GrpcServer;

  before(async () => {
    server = await startGrpcServer({ args: ["--operation-delay-ms", "150"] });
  });

  const root = () => sessionFor(server, server.rootToken);
  const secrets = (token = server.rootToken) =>
    sessionFor(server, token).client(SecretServiceClient, server.grpcAddress);
  const payloads = (token = server.rootToken) =>
    sessionFor(server, token).client(PayloadServiceClient, server.grpcAddress);

  /** Creates a secret over gRPC and waits for the operation; returns the Secret of its response. */
  async function createSecret(
    fields: Partial<secretService.CreateSecretRequest> = {},
  ): Promise<secret.Secret> {
    const session = root();
    const op = await session.client(SecretServiceClient, server.grpcAddress).create(
      secretService.CreateSecretRequest.fromPartial({
        folderId: TEST_FOLDER,
        name: uniqueName("grpc"),
        versionPayloadEntries: [{ key: "password", textValue: "s3cr3t" }],
        ...fields,
      }),
    );
    const done = await waitFor(server, session, op);
    assert.equal(done.response?.typeUrl, "type.googleapis.com/yandex.cloud.lockbox.v1.Secret");
    return Secret.decode(done.response!.value);
  }

  /** Adds a version with one text entry over gRPC and waits for the operation. */
  async function addVersion(secretId: string, password: string) {
    const session = root();
    const op = await session.client(SecretServiceClient, server.grpcAddress).addVersion(
      secretService.AddVersionRequest.fromPartial({
        secretId,
        payloadEntries: [{ key: "password", textValue: password }],
      }),
    );
    return waitFor(server, session, op);
  }

  /** Creates a KMS key over gRPC and waits; returns its id and the finished Operation. */
  async function createKey(fields: Partial<symmetricKeyService.CreateSymmetricKeyRequest>) {
    const session = root();
    const op = await session.client(symmetricKeyService.SymmetricKeyServiceClient, server.grpcAddress).create(
      symmetricKeyService.CreateSymmetricKeyRequest.fromPartial({
        folderId: TEST_FOLDER,
        name: uniqueName("key"),
        defaultAlgorithm: symmetricKey.SymmetricAlgorithm.AES_256,
        ...fields,
      }),
    );
    const { keyId } = symmetricKeyService.CreateSymmetricKeyMetadata.decode(op.metadata!.value);
    return { keyId, done: await waitFor(server, session, op) };
  }

  /** A bare grpc-js client over TLS, with the root token as call metadata. */
  function rawClient(): { client: grpc.Client; metadata: grpc.Metadata } {
    const client = new grpc.Client(
      server.grpcAddress,
      grpc.credentials.createSsl(fs.readFileSync(server.certFile!)),
    );
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${server.rootToken}`);
    return { client, metadata };
  }

  it("prints its address and a certificate made once in <data-dir>/tls for localhost and 127.0.0.1", () => {
    assert.match(server.grpcAddress, /^localhost:\d+$/);
    assert.ok(server.certFile?.startsWith(`${server.dataDir}/tls/`));
    const cert = new X509Certificate(fs.readFileSync(server.certFile!));
    assert.equal(cert.checkHost("localhost"), "localhost");
    assert.equal(cert.checkIP("127.0.0.1"), "127.0.0.1");
    assert.ok(cert.verify(cert.publicKey), "self-signed");
    const key = fs.statSync(`${server.dataDir}/tls/key.pem`);
    assert.equal(key.mode & 0o077, 0, "the private key is readable by its owner only");
  });

  it("Create: the Operation carries CreateSecretMetadata and a Secret; waitForOperation polls it to done", async () => {
    const session = root();
    const name = uniqueName("created");
    const op = await session.client(SecretServiceClient, server.grpcAddress).create(
      secretService.CreateSecretRequest.fromPartial({
        folderId: TEST_FOLDER,
        name,
        description: "made over gRPC",
        labels: { env: "test", empty: "" },
        versionPayloadEntries: [
          { key: "text", textValue: "hello" },
          { key: "bin", binaryValue: Buffer.from([0, 1, 2, 255]) },
        ],
      }),
    );
    assert.equal(op.done, false, "--operation-delay-ms keeps it running");
    assert.equal(op.metadata?.typeUrl, "type.googleapis.com/yandex.cloud.lockbox.v1.CreateSecretMetadata");
    const meta = secretService.CreateSecretMetadata.decode(op.metadata!.value);
    assert.match(meta.secretId, /^e6q[0-9a-v]{17}$/);
    const done = await waitFor(server, session, op);
    assert.equal(done.done, true);
    assert.equal(done.id, op.id);
    const s = Secret.decode(done.response!.value);
    assert.equal(s.id, meta.secretId);
    assert.equal(s.name, name);
    assert.equal(s.description, "made over gRPC");
    assert.deepEqual(s.labels, { env: "test", empty: "" });
    assert.equal(s.currentVersion?.id, meta.versionId);
    assert.deepEqual([...s.currentVersion!.payloadEntryKeys].sort(), ["bin", "text"]);

    const got = await secrets().get({ secretId: s.id });
    assert.equal(got.status, Secret_Status.ACTIVE);
    assert.equal(got.createdAt?.toISOString(), s.createdAt?.toISOString());
    const p = await payloads().get(payloadService.GetPayloadRequest.fromPartial({ secretId: s.id }));
    assert.equal(p.versionId, meta.versionId);
    const byKey = Object.fromEntries(p.entries.map((e) => [e.key, e]));
    assert.equal(byKey.text?.textValue, "hello");
    assert.deepEqual([...byKey.bin!.binaryValue!], [0, 1, 2, 255]);
  });

  it("PayloadService.GetEx by secret id and by folder and name (entries as bytes)", async () => {
    const s = await createSecret();
    const byId = await payloads().getEx(payloadService.GetExRequest.fromPartial({ secretId: s.id }));
    assert.equal(byId.secretId, s.id);
    assert.equal(byId.versionId, s.currentVersion?.id);
    assert.equal(Buffer.from(byId.entries.password!).toString("utf8"), "s3cr3t");
    const byName = await payloads().getEx(
      payloadService.GetExRequest.fromPartial({
        folderAndName: { folderId: TEST_FOLDER, secretName: s.name },
      }),
    );
    assert.equal(byName.secretId, s.id);
    const err = await grpcError(payloads().getEx(payloadService.GetExRequest.fromPartial({})));
    assert.equal(err.code, CODE.INVALID_ARGUMENT);
  });

  it("List pages through nextPageToken; ListVersions and ListOperations too", async () => {
    const folder = `b1ggrpclist${Date.now().toString(36).slice(-9).padStart(9, "0")}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createSecret({ folderId: folder }));
    const seen: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const page = await secrets().list(
        secretService.ListSecretsRequest.fromPartial({ folderId: folder, pageSize: 2, pageToken }),
      );
      assert.ok(page.secrets.length <= 2);
      seen.push(...page.secrets.map((x) => x.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    assert.equal(pages, 2);
    assert.deepEqual(seen.sort(), made.map((x) => x.id).sort());

    const s = made[0]!;
    const client = secrets();
    await addVersion(s.id, "second");
    const versions = await client.listVersions(
      secretService.ListVersionsRequest.fromPartial({ secretId: s.id, pageSize: 1 }),
    );
    assert.equal(versions.versions.length, 1);
    assert.notEqual(versions.nextPageToken, "");
    const ops = await client.listOperations(
      secretService.ListSecretOperationsRequest.fromPartial({ secretId: s.id }),
    );
    assert.deepEqual(ops.operations.map((o) => o.description).sort(), ["Add version", "Create secret"]);
    for (const o of ops.operations) assert.ok(o.metadata?.typeUrl.startsWith("type.googleapis.com/"));
  });

  it("Update (FieldMask), Activate/Deactivate, version destruction (Duration) and Delete", async () => {
    const s = await createSecret();
    const session = root();
    const client = session.client(SecretServiceClient, server.grpcAddress);
    const wait = async (p: Promise<Parameters<typeof waitFor>[2]>) => waitFor(server, session, await p);

    const updated = await wait(
      client.update(
        secretService.UpdateSecretRequest.fromPartial({
          secretId: s.id,
          updateMask: { paths: ["description", "labels"] },
          description: "updated",
          labels: { k: "v" },
          name: "ignored-not-in-mask",
        }),
      ),
    );
    const u = Secret.decode(updated.response!.value);
    assert.equal(u.description, "updated");
    assert.deepEqual(u.labels, { k: "v" });
    assert.equal(u.name, s.name);

    await wait(client.deactivate({ secretId: s.id }));
    assert.equal((await client.get({ secretId: s.id })).status, Secret_Status.INACTIVE);
    await wait(client.activate({ secretId: s.id }));
    assert.equal((await client.get({ secretId: s.id })).status, Secret_Status.ACTIVE);

    const added = await wait(
      client.addVersion(
        secretService.AddVersionRequest.fromPartial({
          secretId: s.id,
          payloadEntries: [{ key: "password", textValue: "v2" }],
        }),
      ),
    );
    assert.equal(added.response?.typeUrl, "type.googleapis.com/yandex.cloud.lockbox.v1.Version");
    const oldVersion = s.currentVersion!.id;
    const scheduled = await wait(
      client.scheduleVersionDestruction(
        secretService.ScheduleVersionDestructionRequest.fromPartial({
          secretId: s.id,
          versionId: oldVersion,
          pendingPeriod: { seconds: 3600, nanos: 0 },
        }),
      ),
    );
    const v = secret.Version.decode(scheduled.response!.value);
    assert.equal(v.status, Version_Status.SCHEDULED_FOR_DESTRUCTION);
    const delta = v.destroyAt!.getTime() - Date.now();
    assert.ok(delta > 3500_000 && delta <= 3600_000, `destroyAt is an hour away (${delta} ms)`);
    await wait(
      client.cancelVersionDestruction(
        secretService.CancelVersionDestructionRequest.fromPartial({ secretId: s.id, versionId: oldVersion }),
      ),
    );
    const versions = await client.listVersions(
      secretService.ListVersionsRequest.fromPartial({ secretId: s.id }),
    );
    assert.equal(versions.versions.find((x) => x.id === oldVersion)?.status, Version_Status.ACTIVE);

    await wait(client.delete({ secretId: s.id }));
    const err = await grpcError(client.get({ secretId: s.id }));
    assert.equal(err.code, CODE.NOT_FOUND);
  });

  it("SetCurrentVersion, newer than the Node SDK's generated code, is served (as the Python SDK calls it)", async () => {
    const s = await createSecret();
    const session = root();
    const client = session.client(SecretServiceClient, server.grpcAddress);
    const first = s.currentVersion!.id;
    await addVersion(s.id, "v2");
    // The request (secret_id = 1, version_id = 2) has the layout of CancelVersionDestructionRequest.
    const { client: raw, metadata: md } = rawClient();
    const op = await new Promise<operation.Operation>((resolve, reject) =>
      raw.makeUnaryRequest(
        "/yandex.cloud.lockbox.v1.SecretService/SetCurrentVersion",
        (m: secretService.CancelVersionDestructionRequest) =>
          Buffer.from(secretService.CancelVersionDestructionRequest.encode(m).finish()),
        (b: Buffer) => operation.Operation.decode(b),
        secretService.CancelVersionDestructionRequest.fromPartial({ secretId: s.id, versionId: first }),
        md,
        (err, res) => (err ? reject(err) : resolve(res!)),
      ),
    );
    raw.close();
    assert.equal(op.description, "Set current version");
    assert.equal(
      op.metadata?.typeUrl,
      "type.googleapis.com/yandex.cloud.lockbox.v1.SetCurrentVersionMetadata",
    );
    const meta = secretService.CancelVersionDestructionMetadata.decode(op.metadata!.value);
    assert.deepEqual([meta.secretId, meta.versionId], [s.id, first]);
    await waitFor(server, session, op);
    assert.equal((await client.get({ secretId: s.id })).currentVersion?.id, first);
  });

  it("errors carry the REST code and message: NOT_FOUND, INVALID_ARGUMENT, ALREADY_EXISTS, UNAUTHENTICATED", async () => {
    const missing = "e6qnotfound000000000";
    const notFound = await grpcError(secrets().get({ secretId: missing }));
    const restNotFound = await rest<{ code: number; message: string }>(
      server,
      server.rootToken,
      "GET",
      `/lockbox/v1/secrets/${missing}`,
    );
    assert.equal(notFound.code, CODE.NOT_FOUND);
    assert.match(notFound.requestId ?? "", /^[0-9a-f-]{36}$/, "the SDK reads x-request-id from the answer");
    assert.deepEqual([notFound.code, notFound.details], [restNotFound.json.code, restNotFound.json.message]);

    const invalid = await grpcError(
      secrets().create(
        secretService.CreateSecretRequest.fromPartial({
          folderId: TEST_FOLDER,
          description: "x".repeat(1025),
        }),
      ),
    );
    const restInvalid = await rest<{ code: number; message: string }>(
      server,
      server.rootToken,
      "POST",
      "/lockbox/v1/secrets",
      {
        folderId: TEST_FOLDER,
        description: "x".repeat(1025),
      },
    );
    assert.equal(restInvalid.status, 400);
    assert.equal(invalid.code, CODE.INVALID_ARGUMENT);
    assert.equal(invalid.details, restInvalid.json.message);

    const s = await createSecret();
    const dup = await grpcError(
      secrets().create(
        secretService.CreateSecretRequest.fromPartial({ folderId: TEST_FOLDER, name: s.name }),
      ),
    );
    assert.equal(dup.code, CODE.ALREADY_EXISTS);

    const unauth = await grpcError(secrets("t1.not-a-real-token").get({ secretId: s.id }));
    assert.equal(unauth.code, CODE.UNAUTHENTICATED);
  });

  it("access checks per role: viewer reads metadata only, payloadViewer reads values, editor manages", async () => {
    const s = await createSecret();
    const viewer = await createServiceAccount(server, { roles: ["lockbox.viewer"] });
    const payloadViewer = await createServiceAccount(server, { roles: ["lockbox.payloadViewer"] });
    const editor = await createUser(server, { roles: ["lockbox.editor"] });
    const nobody = await createServiceAccount(server, { roles: [] });

    assert.equal((await secrets(viewer.token).get({ secretId: s.id })).id, s.id);
    const denied = await grpcError(
      payloads(viewer.token).get(payloadService.GetPayloadRequest.fromPartial({ secretId: s.id })),
    );
    assert.equal(denied.code, CODE.PERMISSION_DENIED);
    const restDenied = await rest<{ message: string }>(
      server,
      viewer.token,
      "GET",
      `/lockbox/v1/secrets/${s.id}/payload`,
    );
    assert.equal(denied.details, restDenied.json.message);

    const p = await payloads(payloadViewer.token).get(
      payloadService.GetPayloadRequest.fromPartial({ secretId: s.id }),
    );
    assert.equal(p.entries[0]?.textValue, "s3cr3t");

    const viewerCreate = await grpcError(
      secrets(viewer.token).create(
        secretService.CreateSecretRequest.fromPartial({ folderId: TEST_FOLDER, name: uniqueName("denied") }),
      ),
    );
    assert.equal(viewerCreate.code, CODE.PERMISSION_DENIED);
    const op = await secrets(editor.token).create(
      secretService.CreateSecretRequest.fromPartial({ folderId: TEST_FOLDER, name: uniqueName("by-editor") }),
    );
    assert.equal(op.createdBy, editor.id);

    const nobodyGet = await grpcError(secrets(nobody.token).get({ secretId: s.id }));
    assert.equal(nobodyGet.code, CODE.PERMISSION_DENIED);
  });

  it("access bindings: Set, Update and List on a secret grant and revoke reading its payload", async () => {
    const s = await createSecret();
    const reader: TestIdentity = await createServiceAccount(server, { roles: [] });
    const session = root();
    const client = session.client(SecretServiceClient, server.grpcAddress);
    const subject = { id: reader.id, type: "serviceAccount" };
    const set = await client.setAccessBindings(
      access.SetAccessBindingsRequest.fromPartial({
        resourceId: s.id,
        accessBindings: [{ roleId: "lockbox.payloadViewer", subject }],
      }),
    );
    await waitFor(server, session, set);
    const listed = await client.listAccessBindings(
      access.ListAccessBindingsRequest.fromPartial({ resourceId: s.id }),
    );
    assert.deepEqual(
      listed.accessBindings.map((b) => [b.roleId, b.subject?.type, b.subject?.id]),
      [["lockbox.payloadViewer", "serviceAccount", reader.id]],
    );
    const p = await payloads(reader.token).get(
      payloadService.GetPayloadRequest.fromPartial({ secretId: s.id }),
    );
    assert.equal(p.entries[0]?.textValue, "s3cr3t");

    const update = await client.updateAccessBindings(
      access.UpdateAccessBindingsRequest.fromPartial({
        resourceId: s.id,
        accessBindingDeltas: [
          {
            action: access.AccessBindingAction.REMOVE,
            accessBinding: { roleId: "lockbox.payloadViewer", subject },
          },
        ],
      }),
    );
    await waitFor(server, session, update);
    const after = await client.listAccessBindings(
      access.ListAccessBindingsRequest.fromPartial({ resourceId: s.id }),
    );
    assert.deepEqual(after.accessBindings, []);
    const denied = await grpcError(
      payloads(reader.token).get(payloadService.GetPayloadRequest.fromPartial({ secretId: s.id })),
    );
    assert.equal(denied.code, CODE.PERMISSION_DENIED);
  });

  it("cross-protocol: written over REST and read over gRPC, and the other way, with the same ids, times and operations", async () => {
    const name = uniqueName("rest-made");
    const made = await rest<{ id: string; metadata: { secretId: string } }>(
      server,
      server.rootToken,
      "POST",
      "/lockbox/v1/secrets",
      { folderId: TEST_FOLDER, name, versionPayloadEntries: [{ key: "k", textValue: "from-rest" }] },
    );
    assert.equal(made.status, 200);
    const session = root();
    const viaGrpcOp = await waitFor(server, session, { id: made.json.id } as Parameters<typeof waitFor>[2]);
    assert.equal(viaGrpcOp.id, made.json.id);
    const restSecret = await rest<{ id: string; createdAt: string; currentVersion: { id: string } }>(
      server,
      server.rootToken,
      "GET",
      `/lockbox/v1/secrets/${made.json.metadata.secretId}`,
    );
    const grpcSecret = await secrets().get({ secretId: made.json.metadata.secretId });
    assert.equal(grpcSecret.name, name);
    assert.equal(grpcSecret.createdAt?.toISOString(), restSecret.json.createdAt);
    assert.equal(grpcSecret.currentVersion?.id, restSecret.json.currentVersion.id);
    const p = await payloads().get(payloadService.GetPayloadRequest.fromPartial({ secretId: grpcSecret.id }));
    assert.equal(p.entries[0]?.textValue, "from-rest");

    const s = await createSecret({
      versionPayloadEntries: [
        secretService.PayloadEntryChange.fromPartial({ key: "k", textValue: "from-grpc" }),
      ],
    });
    const restPayload = await rest<{ entries: Array<{ key: string; textValue: string }> }>(
      server,
      server.rootToken,
      "GET",
      `/lockbox/v1/secrets/${s.id}/payload`,
    );
    assert.deepEqual(restPayload.json.entries, [{ key: "k", textValue: "from-grpc" }]);
    const ops = await rest<{ operations: Array<{ id: string; createdAt: string }> }>(
      server,
      server.rootToken,
      "GET",
      `/lockbox/v1/secrets/${s.id}/operations`,
    );
    const grpcOps = await secrets().listOperations(
      secretService.ListSecretOperationsRequest.fromPartial({ secretId: s.id }),
    );
    assert.deepEqual(
      grpcOps.operations.map((o) => [o.id, o.createdAt?.toISOString()]),
      ops.json.operations.map((o) => [o.id, o.createdAt]),
    );
  });

  it("an idempotency-key metadata entry replays the first Create; each answer carries x-request-id", async () => {
    const client = secrets();
    const key = uniqueName("idem");
    const request = secretService.CreateSecretRequest.fromPartial({
      folderId: TEST_FOLDER,
      name: uniqueName("idem"),
    });
    const headers: string[] = [];
    const call = () =>
      client.create(request, {
        metadata: Metadata({ "idempotency-key": key }),
        onHeader: (h) => headers.push(h.get("x-request-id") ?? ""),
      });
    const first = await call();
    const second = await call();
    assert.equal(second.id, first.id);
    assert.equal(headers.length, 2);
    for (const h of headers) assert.match(h, /^[0-9a-f-]{36}$/);
    assert.notEqual(headers[0], headers[1]);
    const other = await grpcError(
      client.create(
        secretService.CreateSecretRequest.fromPartial({ folderId: TEST_FOLDER, name: uniqueName("other") }),
        { metadata: Metadata({ "idempotency-key": key }) },
      ),
    );
    assert.equal(other.code, CODE.INVALID_ARGUMENT);

    // The same key and request over REST, then over gRPC: one operation (proto3 defaults are absence).
    const restKey = uniqueName("idem-rest");
    const body = {
      folderId: TEST_FOLDER,
      name: uniqueName("both"),
      versionPayloadEntries: [{ key: "k", textValue: "v" }],
    };
    const res = await fetch(`${server.url}/lockbox/v1/secrets`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${server.rootToken}`,
        "content-type": "application/json",
        "idempotency-key": restKey,
      },
      body: JSON.stringify(body),
    });
    const viaRest = (await res.json()) as { id: string };
    const viaGrpc = await client.create(
      secretService.CreateSecretRequest.fromPartial({
        ...body,
        versionPayloadEntries: [secretService.PayloadEntryChange.fromPartial(body.versionPayloadEntries[0]!)],
      }),
      { metadata: Metadata({ "idempotency-key": restKey }) },
    );
    assert.equal(viaGrpc.id, viaRest.id);
  });

  it("OperationService Get and Cancel answer the operation; an unknown id is NOT_FOUND", async () => {
    const s = await createSecret();
    const session = root();
    const ops = session.client(operationService.OperationServiceClient, server.grpcAddress);
    const list = await secrets().listOperations(
      secretService.ListSecretOperationsRequest.fromPartial({ secretId: s.id }),
    );
    const id = list.operations[0]!.id;
    const got = await ops.get({ operationId: id });
    const cancelled = await ops.cancel({ operationId: id });
    assert.deepEqual([got.id, got.done], [id, true]);
    assert.deepEqual([cancelled.id, cancelled.done], [id, true]);
    const missing = await grpcError(ops.get({ operationId: "e6qnooperation000000" }));
    assert.equal(missing.code, CODE.NOT_FOUND);
  });

  it("IamTokenService.Create exchanges a service-account JWT and an OAuth token for IAM tokens that work", async () => {
    const sa = await createServiceAccount(server, { roles: ["lockbox.viewer"] });
    const user = await createUser(server, { roles: ["lockbox.viewer"] });
    const anonymous = sessionFor(server, "unused").client(
      iamTokenService.IamTokenServiceClient,
      server.grpcAddress,
    );
    const fromJwt = await anonymous.create(
      iamTokenService.CreateIamTokenRequest.fromPartial({ jwt: signServiceAccountJwt(sa.key) }),
    );
    const fromOauth = await anonymous.create(
      iamTokenService.CreateIamTokenRequest.fromPartial({ yandexPassportOauthToken: user.oauthToken }),
    );
    for (const t of [fromJwt, fromOauth]) {
      assert.match(t.iamToken, /^t1\./);
      assert.ok(t.expiresAt!.getTime() > Date.now());
      const list = await secrets(t.iamToken).list(
        secretService.ListSecretsRequest.fromPartial({ folderId: TEST_FOLDER }),
      );
      assert.ok(Array.isArray(list.secrets));
    }
    const bad = await grpcError(
      anonymous.create(
        iamTokenService.CreateIamTokenRequest.fromPartial({ yandexPassportOauthToken: "nope" }),
      ),
    );
    assert.equal(bad.code, CODE.UNAUTHENTICATED);
  });

  it("KMS SymmetricKeyService: the methods REST serves work, the others are UNIMPLEMENTED", async () => {
    const session = root();
    const kms = session.client(symmetricKeyService.SymmetricKeyServiceClient, server.grpcAddress);
    const { keyId, done } = await createKey({ rotationPeriod: { seconds: 86400 * 30, nanos: 0 } });
    const meta = { keyId };
    assert.equal(done.response?.typeUrl, "type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey");
    const key = await kms.get({ keyId: meta.keyId });
    assert.equal(key.id, meta.keyId);
    assert.deepEqual(key.rotationPeriod, { seconds: 86400 * 30, nanos: 0 });
    const list = await kms.list(
      symmetricKeyService.ListSymmetricKeysRequest.fromPartial({ folderId: TEST_FOLDER }),
    );
    assert.ok(list.keys.some((k) => k.id === meta.keyId));
    const rotate = await grpcError(kms.rotate({ keyId: meta.keyId }));
    assert.equal(rotate.code, CODE.UNIMPLEMENTED);
    assert.match(rotate.details, /not implemented by lockbox-local/);
  });

  it("KMS Create without a defaultAlgorithm (unset, or SYMMETRIC_ALGORITHM_UNSPECIFIED) is INVALID_ARGUMENT with REST's message, and creates nothing", async () => {
    // The real API marks the field required (docs/kms.md#creating-a-key); on the gRPC wire unset and 0 are one value.
    const kms = root().client(symmetricKeyService.SymmetricKeyServiceClient, server.grpcAddress);
    const name = uniqueName("no-algorithm");
    const unspecified = symmetricKey.SymmetricAlgorithm.SYMMETRIC_ALGORITHM_UNSPECIFIED;
    for (const defaultAlgorithm of [undefined, unspecified]) {
      const request = symmetricKeyService.CreateSymmetricKeyRequest.fromPartial({
        folderId: TEST_FOLDER,
        name,
      });
      const err = await grpcError(
        kms.create(defaultAlgorithm === undefined ? request : { ...request, defaultAlgorithm }),
      );
      assert.equal(err.code, CODE.INVALID_ARGUMENT);
      assert.equal(err.details, `defaultAlgorithm: ${ALGORITHM_REQUIRED}`);
    }
    const viaRest = await rest<{ code: number; message: string }>(
      server,
      server.rootToken,
      "POST",
      "/kms/v1/keys",
      {
        folderId: TEST_FOLDER,
        name,
      },
    );
    assert.deepEqual(
      [viaRest.status, viaRest.json.code, viaRest.json.message],
      [400, 3, `defaultAlgorithm: ${ALGORITHM_REQUIRED}`],
    );
    const list = await kms.list(
      symmetricKeyService.ListSymmetricKeysRequest.fromPartial({ folderId: TEST_FOLDER, pageSize: 1000 }),
    );
    assert.ok(!list.keys.some((k) => k.name === name), "no key was created");
  });

  it("bytes that are not the request message, or strings that are not UTF-8, are INVALID_ARGUMENT; unknown services UNIMPLEMENTED", async () => {
    const { client: raw, metadata: md } = rawClient();
    const call = (path: string, bytes: Buffer) =>
      new Promise<grpc.ServiceError | undefined>((resolve) => {
        raw.makeUnaryRequest(
          path,
          (b: Buffer) => b,
          (b: Buffer) => b,
          bytes,
          md,
          (err) => resolve(err ?? undefined),
        );
      });
    // Field 1 (secret_id) as length-delimited with a length past the end of the message.
    const garbage = await call("/yandex.cloud.lockbox.v1.SecretService/Get", Buffer.from([0x0a, 0x7f, 0x61]));
    assert.equal(garbage?.code, CODE.INVALID_ARGUMENT);
    assert.match(garbage?.details ?? "", /not a valid .*SecretService\/Get request message/);
    // A text value with a byte that is not UTF-8 (0xff in place of "Y"): refused, nothing created.
    const folder = `b1ggrpcutf8${Date.now().toString(36).slice(-9).padStart(9, "0")}`;
    const encode = (text: string) =>
      Buffer.from(
        secretService.CreateSecretRequest.encode(
          secretService.CreateSecretRequest.fromPartial({
            folderId: folder,
            name: `n${counter++}`,
            versionPayloadEntries: [{ key: "k", textValue: text }],
          }),
        ).finish(),
      );
    const bad = encode("XYZ");
    bad[bad.indexOf("XYZ") + 1] = 0xff;
    const notUtf8 = await call("/yandex.cloud.lockbox.v1.SecretService/Create", bad);
    assert.equal(notUtf8?.code, CODE.INVALID_ARGUMENT);
    assert.match(
      notUtf8?.details ?? "",
      /versionPayloadEntries\[0\]\.textValue: the string is not valid UTF-8$/,
    );
    // U+FFFD itself is a valid character.
    assert.equal(await call("/yandex.cloud.lockbox.v1.SecretService/Create", encode("a\ufffdb")), undefined);
    const made = await secrets().list(secretService.ListSecretsRequest.fromPartial({ folderId: folder }));
    assert.equal(made.secrets.length, 1);
    const encrypt = await call("/yandex.cloud.kms.v1.SymmetricCryptoService/Encrypt", Buffer.alloc(0));
    assert.equal(encrypt?.code, CODE.UNIMPLEMENTED);
    raw.close();
    const s = await createSecret();
    assert.equal((await secrets().get({ secretId: s.id })).id, s.id);
  });

  it("faults injected through /_local/faults reach gRPC callers: UNAVAILABLE, RESOURCE_EXHAUSTED, commit-then-drop", async () => {
    const folder = `b1ggrpcfault${Date.now().toString(36).slice(-8).padStart(8, "0")}`;
    const create = (name: string) =>
      secrets().create(secretService.CreateSecretRequest.fromPartial({ folderId: folder, name }));
    await setFaults(server, { unavailable: 1, only: "all", times: 1 });
    const unavailable = await grpcError(
      secrets().list(secretService.ListSecretsRequest.fromPartial({ folderId: folder })),
    );
    assert.equal(unavailable.code, 14);
    await setFaults(server, { rateLimited: 1, only: "mutations", times: 1 });
    const limited = await grpcError(create("limited"));
    assert.equal(limited.code, 8);
    await setFaults(server, { commitThenDrop: 1, only: "mutations", times: 1 });
    const dropped = await grpcError(create("committed"));
    assert.equal(dropped.code, 14);
    const list = await secrets().list(secretService.ListSecretsRequest.fromPartial({ folderId: folder }));
    assert.deepEqual(
      list.secrets.map((x) => x.name),
      ["committed"],
      "the rate-limited call changed nothing; the dropped one was committed",
    );
  });

  it("KMS Update (FieldMask) and Delete, and folder access bindings, over gRPC", async () => {
    const session = root();
    const kms = session.client(symmetricKeyService.SymmetricKeyServiceClient, server.grpcAddress);
    const { keyId } = await createKey({ defaultAlgorithm: symmetricKey.SymmetricAlgorithm.AES_128 });
    const updated = await waitFor(
      server,
      session,
      await kms.update(
        symmetricKeyService.UpdateSymmetricKeyRequest.fromPartial({
          keyId,
          updateMask: { paths: ["description", "rotation_period"] },
          description: "rotated yearly",
          rotationPeriod: { seconds: 31536000, nanos: 0 },
        }),
      ),
    );
    const key = symmetricKey.SymmetricKey.decode(updated.response!.value);
    assert.equal(key.description, "rotated yearly");
    assert.deepEqual(key.rotationPeriod, { seconds: 31536000, nanos: 0 });
    await waitFor(server, session, await kms.delete({ keyId }));
    assert.equal((await grpcError(kms.get({ keyId }))).code, CODE.NOT_FOUND);

    const folder = `b1ggrpcfold${Date.now().toString(36).slice(-9).padStart(9, "0")}`;
    const sa = await createServiceAccount(server, { folderId: folder, roles: [] });
    const denied = await grpcError(
      secrets(sa.token).list(secretService.ListSecretsRequest.fromPartial({ folderId: folder })),
    );
    assert.equal(denied.code, CODE.PERMISSION_DENIED);
    const folders = session.client(folderService.FolderServiceClient, server.grpcAddress);
    await waitFor(
      server,
      session,
      await folders.updateAccessBindings(
        access.UpdateAccessBindingsRequest.fromPartial({
          resourceId: folder,
          accessBindingDeltas: [
            {
              action: access.AccessBindingAction.ADD,
              accessBinding: { roleId: "lockbox.viewer", subject: { id: sa.id, type: "serviceAccount" } },
            },
          ],
        }),
      ),
    );
    const bindings = await folders.listAccessBindings(
      access.ListAccessBindingsRequest.fromPartial({ resourceId: folder }),
    );
    assert.deepEqual(
      bindings.accessBindings.map((b) => [b.roleId, b.subject?.id]),
      [["lockbox.viewer", sa.id]],
    );
    const list = await secrets(sa.token).list(
      secretService.ListSecretsRequest.fromPartial({ folderId: folder }),
    );
    assert.deepEqual(list.secrets, []);
  });

  it("endpoint discovery: ApiEndpointService List and Get, and REST GET /endpoints, answer lockbox-local's own address", async () => {
    const client = root().client(apiEndpointService.ApiEndpointServiceClient, server.grpcAddress);
    const list = await client.list(apiEndpointService.ListApiEndpointsRequest.fromPartial({}));
    const ids = list.endpoints.map((e) => e.id);
    for (const id of [
      "lockbox",
      "lockbox-payload",
      "operation",
      "iam",
      "kms",
      "resource-manager",
      "endpoint",
    ]) {
      assert.ok(ids.includes(id), id);
    }
    for (const e of list.endpoints) assert.equal(e.address, server.grpcAddress);
    const one = await client.get({ apiEndpointId: "lockbox-payload" });
    assert.deepEqual(one, { id: "lockbox-payload", address: server.grpcAddress });
    const missing = await grpcError(client.get({ apiEndpointId: "no-such-service" }));
    assert.equal(missing.code, CODE.NOT_FOUND);

    // REST discovery lists the same, without a token (as `GET https://api.cloud.yandex.net/endpoints`).
    const res = await fetch(`${server.url}/endpoints`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { endpoints: Array<{ id: string; address: string }> };
    assert.deepEqual(body.endpoints, list.endpoints);
  });
});
