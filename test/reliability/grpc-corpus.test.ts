/**
 * The gRPC counterpart of the malformed-input corpus: for every method lockbox-local serves over
 * gRPC, malformed request messages generated from the request's layout (test/helpers/grpc-corpus.ts:
 * wrong wire types, truncation, invalid UTF-8, out-of-range numbers, oversized repeated fields,
 * broken framing), sent as raw bytes over plaintext HTTP/2 with a valid root token. Every one must
 * be answered INVALID_ARGUMENT and leave the database exactly as it was (digest of every table
 * before and after each call). `npm test` runs every third case, with MAX_REPEATED + 1 items per
 * repeated field; LOCKBOX_RELIABILITY=full runs every variant with 100,000 items.
 */
import { strict as assert } from "node:assert";
import { startGrpcServer, rest, type GrpcServer } from "../helpers/grpc";
import { methodCorpus, servedMethods, type CorpusMethod } from "../helpers/grpc-corpus";
import { RawGrpcClient } from "../helpers/grpc-raw";
import { dbDigest, FULL, printFigures } from "../helpers/reliability";
import { TEST_FOLDER } from "../helpers/server";

const INVALID_ARGUMENT = 3;

describe("gRPC malformed-message corpus", function () {
  this.timeout(FULL ? 900_000 : 180_000);
  let server: GrpcServer;
  let client: RawGrpcClient;
  const ids: Record<string, string> = {};
  const figures = { cases: 0, methods: new Set<string>(), invalidArgument: 0, other: 0, dbChanges: 0 };

  before(async function () {
    this.timeout(60_000);
    server = await startGrpcServer({ args: ["--grpc-plaintext"] });
    client = new RawGrpcClient(server.grpcAddress);
    const post = async (path: string, body: unknown) => {
      const res = await rest<{ done?: boolean; metadata?: Record<string, string>; id?: string }>(
        server,
        server.rootToken,
        "POST",
        path,
        body,
      );
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return res.json;
    };
    const secret = await post("/lockbox/v1/secrets", {
      folderId: TEST_FOLDER,
      name: "grpc-corpus",
      labels: { env: "test" },
      versionPayloadEntries: [{ key: "a", textValue: "one" }],
    });
    const key = await post("/kms/v1/keys", { folderId: TEST_FOLDER, defaultAlgorithm: "AES_256" });
    Object.assign(ids, {
      secretId: secret.metadata!.secretId!,
      versionId: secret.metadata!.versionId!,
      keyId: key.metadata!.keyId!,
      operationId: secret.id!,
      folderId: TEST_FOLDER,
      resourceId: TEST_FOLDER,
    });
  });

  after(() => {
    client?.close();
    if (figures.cases === 0) return;
    printFigures(`grpc-corpus (${FULL ? "full" : "small"})`, {
      cases: figures.cases,
      methods: figures.methods.size,
      INVALID_ARGUMENT: figures.invalidArgument,
      "other answers": figures.other,
      "DB changes": figures.dbChanges,
    });
  });

  /** A well-formed request of the method naming existing resources, so only the damage can refuse it. */
  const base = (m: CorpusMethod): Buffer => {
    const partial: Record<string, unknown> = {};
    for (const f of m.schema.fields.values()) {
      if (f.kind === "string" && !f.repeated && ids[f.name] !== undefined) partial[f.name] = ids[f.name];
    }
    const codec = m.codec as typeof m.codec & { fromPartial?: (x: unknown) => unknown };
    return Buffer.from(m.codec.encode(codec.fromPartial ? codec.fromPartial(partial) : partial).finish());
  };

  it("covers every served method with each kind of damage", () => {
    const methods = servedMethods();
    assert.ok(methods.length >= 30, `${methods.length} methods`);
    for (const m of methods) {
      const kinds = new Set(methodCorpus(m, base(m), FULL).map((c) => c.kind));
      for (const k of ["truncated", "framing"] as const) assert.ok(kinds.has(k), `${m.path}: no ${k} case`);
      if (m.schema.fields.size > 0) assert.ok(kinds.has("wire type"), `${m.path}: no wire-type case`);
    }
  });

  it("answers every case INVALID_ARGUMENT and changes nothing", async () => {
    const methods = servedMethods();
    let baseline = dbDigest(server.dataDir);
    const failures: string[] = [];
    for (const m of methods) {
      // The small run takes every third case of each method (every kind still occurs).
      for (const c of methodCorpus(m, base(m), FULL).filter((_, i) => FULL || i % 3 === 0)) {
        const answer = await client.call(c.method, c.bytes, { authorization: `Bearer ${server.rootToken}` });
        figures.cases++;
        figures.methods.add(c.method);
        const problems: string[] = [];
        if (answer.code === INVALID_ARGUMENT) figures.invalidArgument++;
        else {
          figures.other++;
          problems.push(`answered ${answer.code} (${answer.message.slice(0, 120)})`);
        }
        const after = dbDigest(server.dataDir);
        if (after.hash !== baseline.hash) {
          figures.dbChanges++;
          problems.push("the database changed");
          baseline = after;
        }
        if (problems.length > 0) failures.push(`${c.method} ${c.kind}: ${c.name}: ${problems.join("; ")}`);
      }
    }
    // The endpoint still serves well-formed calls afterwards.
    const ok = await client.call(
      "/yandex.cloud.lockbox.v1.SecretService/Get",
      base(methods.find((m) => m.path === "/yandex.cloud.lockbox.v1.SecretService/Get")!),
      { authorization: `Bearer ${server.rootToken}` },
    );
    assert.equal(ok.code, 0, ok.message);
    if (failures.length > 0) {
      assert.fail(
        `${failures.length} of ${figures.cases} cases failed:\n${failures.slice(0, 60).join("\n")}`,
      );
    }
  });
});
