/**
 * Drift made by hand through the API shows in `pulumi refresh` and `pulumi preview --refresh` for every
 * field of every resource, through the real CLI against lockbox-local; `pulumi up --refresh` then puts
 * the program's values back. One stack, one round per field group.
 */
import * as assert from "node:assert/strict";
import type { PulumiResult, PulumiStack } from "../helpers/pulumi";
import * as types from "../../sdk/types";
import { lockboxResources, newStack } from "../helpers/stack";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

const PROGRAM = `
const key = new lockbox.KmsSymmetricKey("key", {
  name: "drift-key", description: "the key", labels: { env: "dev" },
  defaultAlgorithm: "AES_256", rotationPeriod: "86400s",
});
const generated = new lockbox.Secret("gen", {
  name: "drift-gen", description: "generated", labels: { env: "dev" }, kmsKeyId: key.id,
  passwordPayloadSpecification: { passwordKey: "password", length: 24, includePunctuation: false },
});
const plain = new lockbox.Secret("plain", { name: "drift-plain" });
const version = new lockbox.SecretVersion("plain-v", {
  secretId: plain.id, entries: [{ key: "k", textValue: "drift-value" }], destructionPendingPeriod: "3600s",
});
exports.keyId = key.id;
exports.genId = generated.id;
exports.plainId = plain.id;
exports.versionId = version.versionId;
`;

interface Step {
  op: string;
  urn: string;
}

/** The (op, resource name) pairs of a `preview --json` that are not `same`, sorted. */
function changes(r: PulumiResult): string[] {
  const steps = (r.json as { steps?: Step[] } | undefined)?.steps ?? [];
  return steps
    .filter((s) => s.op !== "same" && s.op !== "refresh")
    .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
    .sort();
}

describe("drift made by hand shows in refresh, for every field", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  let stack: PulumiStack;
  let ids: Record<string, string>;

  const update = async (what: "kms" | "secret", id: string, body: Record<string, unknown>) => {
    const api = what === "kms" ? world.raw.kms.keys : world.raw.secrets;
    await world.raw.awaitOperation(await api.update(id, body as never));
  };
  const previewRefresh = async () => changes(await stack.preview({ json: true, args: ["--refresh"] }));
  const outputsOf = async (type: string, name: string) => {
    const state = await stack.exportStack();
    const r = lockboxResources(state.deployment.resources, type).find((x) => x.urn.endsWith(`::${name}`));
    return (r?.outputs ?? {}) as Record<string, unknown>;
  };

  before(async () => {
    const made = await newStack(world, "drift");
    stack = made.stack;
    made.prog.write(PROGRAM);
    await stack.up();
    ids = Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, String(v)]));
    assert.deepEqual(await previewRefresh(), [], "an untouched stack has no drift");
  });

  it("names, descriptions and labels: refresh records them, preview shows updates, up restores", async () => {
    await update("kms", ids.keyId!, {
      updateMask: "name,description,labels",
      name: "hand-key",
      description: "by hand",
      labels: { env: "hand" },
    });
    await update("secret", ids.genId!, {
      updateMask: "name,description,labels",
      name: "hand-gen",
      description: "by hand",
      labels: { env: "hand" },
    });
    await stack.refresh();
    const key = await outputsOf(types.KMS_SYMMETRIC_KEY_TYPE, "key");
    const gen = await outputsOf(types.SECRET_TYPE, "gen");
    assert.deepEqual([key.name, key.description, key.labels], ["hand-key", "by hand", { env: "hand" }]);
    assert.deepEqual([gen.name, gen.description, gen.labels], ["hand-gen", "by hand", { env: "hand" }]);
    assert.deepEqual(await previewRefresh(), ["update gen", "update key"]);
    await stack.up({ args: ["--refresh"] });
    const k = await world.raw.kms.keys.get(ids.keyId!);
    const s = await world.raw.secrets.get(ids.genId!);
    assert.deepEqual([k.name, k.description, k.labels], ["drift-key", "the key", { env: "dev" }]);
    assert.deepEqual([s.name, s.description, s.labels], ["drift-gen", "generated", { env: "dev" }]);
  });

  it("deletion protection and key status: preview --refresh shows updates, up --refresh restores", async () => {
    await update("kms", ids.keyId!, {
      updateMask: "deletionProtection,status",
      deletionProtection: true,
      status: "INACTIVE",
    });
    await update("secret", ids.plainId!, { updateMask: "deletionProtection", deletionProtection: true });
    assert.deepEqual(await previewRefresh(), ["update key", "update plain"]);
    await stack.up({ args: ["--refresh"] });
    const k = await world.raw.kms.keys.get(ids.keyId!);
    assert.deepEqual([k.deletionProtection, k.status], [false, "ACTIVE"]);
    assert.equal((await world.raw.secrets.get(ids.plainId!)).deletionProtection, false);
  });

  it("algorithm, rotation period and the password spec: preview --refresh shows updates, up --refresh restores", async () => {
    await update("kms", ids.keyId!, {
      updateMask: "defaultAlgorithm,rotationPeriod",
      defaultAlgorithm: "AES_128",
      rotationPeriod: "7200s",
    });
    await update("secret", ids.genId!, {
      updateMask: "passwordPayloadSpecification",
      passwordPayloadSpecification: { passwordKey: "password", length: 40 },
    });
    await stack.refresh();
    const key = await outputsOf(types.KMS_SYMMETRIC_KEY_TYPE, "key");
    const gen = await outputsOf(types.SECRET_TYPE, "gen");
    assert.deepEqual([key.defaultAlgorithm, key.rotationPeriod], ["AES_128", "7200s"]);
    assert.deepEqual(gen.passwordPayloadSpecification, { passwordKey: "password", length: 40 });
    assert.deepEqual(await previewRefresh(), ["update gen", "update key"]);
    await stack.up({ args: ["--refresh"] });
    const k = await world.raw.kms.keys.get(ids.keyId!);
    assert.deepEqual([k.defaultAlgorithm, k.rotationPeriod], ["AES_256", "86400s"]);
    const spec = (await world.raw.secrets.get(ids.genId!)).passwordPayloadSpecification;
    assert.deepEqual([Number(spec?.length), spec?.includePunctuation], [24, false]);
  });

  it("a version scheduled for destruction by hand: preview --refresh replaces it, up --refresh makes a new one", async () => {
    await world.raw.awaitOperation(
      await world.raw.secrets.scheduleVersionDestruction(ids.plainId!, {
        versionId: ids.versionId!,
        pendingPeriod: "3600s",
      }),
    );
    await stack.refresh();
    const v = await outputsOf(types.SECRET_VERSION_TYPE, "plain-v");
    assert.equal(v.status, "SCHEDULED_FOR_DESTRUCTION");
    assert.deepEqual(await previewRefresh(), ["replace plain-v"]);
    await stack.up({ args: ["--refresh"] });
    const out = await stack.outputs();
    assert.notEqual(out.versionId, ids.versionId);
    const payload = await world.raw.payload.get(ids.plainId!);
    assert.deepEqual(payload.entries, [{ key: "k", textValue: "drift-value" }]);
    assert.deepEqual(await previewRefresh(), [], "no drift left");
  });
});
