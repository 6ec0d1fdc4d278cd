/**
 * Hostile bytes over lockbox-local's gRPC endpoint, sent raw over plaintext HTTP/2: metadata that
 * grpc-js cannot parse never puts a token in the log, and request messages with wrong wire types,
 * invalid UTF-8, out-of-range Durations, `__proto__` label keys or oversized repeated fields are
 * refused with INVALID_ARGUMENT (as REST refuses the same input) and change nothing.
 */
import { strict as assert } from "node:assert";
import { startGrpcServer, rest, type GrpcServer } from "../helpers/grpc";
import { servedMethods } from "../helpers/grpc-corpus";
import { pb, RawGrpcClient } from "../helpers/grpc-raw";
import { dbDigest } from "../helpers/reliability";
import { TEST_FOLDER } from "../helpers/server";

const INVALID_ARGUMENT = 3;
const UNAUTHENTICATED = 16;
const S = "/yandex.cloud.lockbox.v1.SecretService/";
const KMS = "/yandex.cloud.kms.v1.SymmetricKeyService/";
const FOLDERS = "/yandex.cloud.resourcemanager.v1.FolderService/";

/** A request field's number, as lockbox-local derives it from the SDK's codecs. */
const methods = servedMethods();
function no(method: string, ...path: string[]): number {
  let schema = methods.find((m) => m.path === method)!.schema;
  let found = 0;
  for (const name of path) {
    const f = [...schema.fields.values()].find((x) => x.name === name);
    assert.ok(f, `${method}: no field ${name}`);
    found = f.number;
    if (f.message) schema = f.message();
  }
  return found;
}
const latin1 = (s: string) => Buffer.from(s, "latin1");
const cat = (...parts: Buffer[]) => Buffer.concat(parts);

describe("gRPC endpoint: hostile bytes change nothing, and no token reaches any log", function () {
  this.timeout(120_000);
  let server: GrpcServer;
  let client: RawGrpcClient;
  let secretId: string;
  let versionId: string;
  const auth = () => ({ authorization: `Bearer ${server.rootToken}` });

  before(async function () {
    this.timeout(60_000);
    server = await startGrpcServer({ args: ["--grpc-plaintext"] });
    client = new RawGrpcClient(server.grpcAddress);
    const made = await rest<{ metadata: { secretId: string; versionId: string } }>(
      server,
      server.rootToken,
      "POST",
      "/lockbox/v1/secrets",
      { folderId: TEST_FOLDER, name: "hostile", versionPayloadEntries: [{ key: "k", textValue: "v" }] },
    );
    assert.equal(made.status, 200);
    ({ secretId, versionId } = made.json.metadata);
  });
  after(() => client?.close());

  /** Calls, expects INVALID_ARGUMENT, and checks that the database is unchanged. */
  async function refused(path: string, bytes: Buffer, detail?: RegExp): Promise<string> {
    const before = dbDigest(server.dataDir).hash;
    const answer = await client.call(path, bytes, auth());
    assert.equal(answer.code, INVALID_ARGUMENT, `${path}: ${answer.code} ${answer.message}`);
    if (detail) assert.match(answer.message, detail);
    assert.equal(dbDigest(server.dataDir).hash, before, `${path} changed the database`);
    return answer.message;
  }

  it("metadata grpc-js cannot parse (a token with a non-ASCII byte) puts no token in the log", async () => {
    const garbage = "t1.garbage-token-0123456789abcdefghij";
    const values = [
      `Bearer ${server.rootToken}\xa0`,
      `Bearer \xa0${server.rootToken}`,
      `${server.rootToken}\xff`,
      `Bearer ${garbage}\xa0`,
      `Bearer ${garbage}\xe9\xa0`,
      `\xa0${garbage}`,
    ];
    for (const v of values) {
      const answer = await client.call(`${S}Get`, pb.len(1, secretId), { authorization: latin1(v) });
      assert.equal(answer.code, UNAUTHENTICATED, answer.message);
      // As an extra metadata entry too.
      const other = await client.call(`${S}Get`, pb.len(1, secretId), { ...auth(), "x-token": latin1(v) });
      assert.equal(other.code, 0, other.message);
    }
    await new Promise((r) => setTimeout(r, 300)); // let the child's output arrive
    const out = server.output();
    assert.ok(!out.includes(server.rootToken), "the root token is in the server's output");
    assert.ok(!out.includes(garbage), "a garbage token is in the server's output");
    assert.match(out, /"component":"grpc-js".*metadata entry authorization was dropped/);
  });

  it("a known field with the wrong wire type is refused: Delete, Create, SetAccessBindings", async () => {
    // Field 1 tagged as a varint (20), followed by the bytes a string would hold: the secret id.
    await refused(
      `${S}Delete`,
      cat(Buffer.from([0x08, 0x14]), Buffer.from(secretId)),
      /secretId: wire type 0/,
    );
    const folder = no(`${S}Create`, "folderId");
    await refused(`${S}Create`, cat(pb.tag(folder, 0), pb.varint(20), Buffer.from(TEST_FOLDER)));
    const resource = no(`${FOLDERS}SetAccessBindings`, "resourceId");
    const binding = pb.len(
      no(`${FOLDERS}SetAccessBindings`, "accessBindings"),
      cat(
        pb.len(no(`${FOLDERS}SetAccessBindings`, "accessBindings", "roleId"), "viewer"),
        pb.len(
          no(`${FOLDERS}SetAccessBindings`, "accessBindings", "subject"),
          cat(pb.len(1, "system:allUsers"), pb.len(2, "system")),
        ),
      ),
    );
    for (const wrong of [
      cat(pb.tag(resource, 0), pb.varint(20)),
      cat(pb.tag(resource, 5), Buffer.from("b1gt")),
      cat(pb.tag(resource, 1), Buffer.from("b1gtestf")),
      cat(pb.tag(resource, 3), pb.tag(resource, 4)),
    ]) {
      await refused(`${FOLDERS}SetAccessBindings`, cat(pb.len(resource, TEST_FOLDER), binding, wrong));
    }
  });

  it("invalid UTF-8 in any string field is refused, nested, map values and update-mask paths too", async () => {
    const create = `${S}Create`;
    const base = pb.len(no(create, "folderId"), TEST_FOLDER);
    await refused(
      create,
      cat(base, pb.len(no(create, "description"), latin1("desc\x80ription"))),
      /^.*description: the string is not valid UTF-8$/,
    );
    const add = `${S}AddVersion`;
    const entry = cat(
      pb.len(no(add, "payloadEntries", "key"), "k"),
      pb.len(no(add, "payloadEntries", "textValue"), latin1("value\xc3Atail")),
    );
    await refused(
      add,
      cat(pb.len(no(add, "secretId"), secretId), pb.len(no(add, "payloadEntries"), entry)),
      /payloadEntries\[0\]\.textValue/,
    );
    const kms = `${KMS}Create`;
    await refused(
      kms,
      cat(pb.len(no(kms, "folderId"), TEST_FOLDER), pb.len(no(kms, "description"), latin1("kd\xe2\x82"))),
    );
    const update = `${S}Update`;
    await refused(
      update,
      cat(
        pb.len(no(update, "secretId"), secretId),
        pb.len(no(update, "updateMask"), pb.len(1, latin1("desc\x80ription"))),
        pb.len(no(update, "description"), "d"),
      ),
      /updateMask\.paths/,
    );
    // A literal U+FFFD elsewhere in the message does not hide an invalid byte in the name.
    await refused(
      create,
      cat(
        base,
        pb.len(no(create, "description"), "\ufffd"),
        pb.len(no(create, "name"), cat(Buffer.from("n"), Buffer.from([0xff]))),
      ),
    );
    await refused(
      create,
      cat(base, pb.len(no(create, "labels"), cat(pb.len(1, "env"), pb.len(2, Buffer.from([0x80]))))),
      /labels\.value/,
    );
  });

  it("Duration nanos outside [0, 1e9) or of the other sign than seconds are refused", async () => {
    const m = `${S}ScheduleVersionDestruction`;
    const ids = cat(pb.len(no(m, "secretId"), secretId), pb.len(no(m, "versionId"), versionId));
    for (const [s, n] of [
      [3600, 1_000_000_000],
      [3600, -1],
      [-3600, 1],
      [3600, 2 ** 31],
    ] as const) {
      await refused(
        m,
        cat(ids, pb.len(no(m, "pendingPeriod"), cat(pb.int(1, s), pb.int(2, n)))),
        /pendingPeriod: nanos/,
      );
    }
  });

  it("a label key __proto__ gets the same answer over gRPC as over REST", async () => {
    const body = {
      folderId: TEST_FOLDER,
      name: "proto-key",
      labels: JSON.parse('{"__proto__":"x"}') as object,
    };
    const viaRest = await rest<{ code: number; message: string }>(
      server,
      server.rootToken,
      "POST",
      "/lockbox/v1/secrets",
      body,
    );
    assert.equal(viaRest.status, 400);
    const create = `${S}Create`;
    const message = await refused(
      create,
      cat(
        pb.len(no(create, "folderId"), TEST_FOLDER),
        pb.len(no(create, "name"), "proto-key"),
        pb.len(no(create, "labels"), cat(pb.len(1, "__proto__"), pb.len(2, "x"))),
      ),
    );
    assert.equal(message, viaRest.json.message);
  });

  it("100,000 repeated items are refused on count", async () => {
    const add = `${S}AddVersion`;
    const entry = pb.len(no(add, "payloadEntries"), cat(pb.len(1, "k"), pb.len(2, "v")));
    const bytes = cat(
      pb.len(no(add, "secretId"), secretId),
      Buffer.concat(Array<Buffer>(100_000).fill(entry)),
    );
    await refused(add, bytes, /payloadEntries: at most 1000 items/);
    // A well-formed call still works afterwards.
    const ok = await client.call(`${S}Get`, pb.len(1, secretId), auth());
    assert.equal(ok.code, 0, ok.message);
  });
});
