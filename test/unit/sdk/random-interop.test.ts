/**
 * @pulumi/random interop, the most common way a generated value reaches Lockbox:
 * `new random.RandomPassword(...).result` as a SecretVersion entry. The random provider's plugin
 * cannot run here, so the program runs under `pulumi.runtime.setMocks`, whose monitor (see
 * test/helpers/mock-program.ts) returns the outputs a resource names in additionalSecretOutputs as
 * secrets, as the engine does. The registered inputs are exactly what the engine would hand our provider, so the
 * provider's own diff decides whether a new password makes a new version.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { installMocks, isSecretEnvelope, valueOf, type Registered } from "../../helpers/mock-program";
import { SecretVersion } from "../../../sdk";
import * as lifecycle from "../../../provider/lifecycle";
import * as types from "../../../sdk/types";

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";

/** A deterministic stand-in for the random provider: the password depends on the inputs (keepers too). */
function mockPassword(inputs: Record<string, unknown>): string {
  const length = Number(inputs.length ?? 16);
  return createHash("sha256").update(JSON.stringify(inputs)).digest("base64url").slice(0, length);
}

async function settle(registered: Registered[], name: string): Promise<Registered> {
  for (let i = 0; i < 200; i++) {
    const r = registered.find((x) => x.name === name);
    if (r) return r;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`${name} was never registered`);
}

describe("@pulumi/random RandomPassword into a SecretVersion (mocks)", () => {
  let registered: Registered[];
  before(async () => {
    registered = await installMocks((type, inputs) =>
      type === RANDOM_PASSWORD ? { result: mockPassword(inputs), bcryptHash: "$2a$10$mock" } : {},
    );
  });

  /** The pattern from API.md: a password, rotated by changing `keepers`, stored as a version entry. */
  function program(suffix: string, rotation: string) {
    const password = new random.RandomPassword(`db-password-${suffix}`, {
      length: 32,
      special: true,
      keepers: { rotation },
    });
    const version = new SecretVersion(`db-v-${suffix}`, {
      secretId: "e6qdbsecret0000000001",
      entries: [
        { key: "user", textValue: "app" },
        { key: "password", textValue: password.result },
      ],
    });
    return { password, version };
  }

  /** The entries the engine would send the provider for `db-v-<suffix>` (the secret envelope opened). */
  async function registeredEntries(suffix: string): Promise<lifecycle.EntryInput[]> {
    const r = await settle(registered, `db-v-${suffix}`);
    assert.equal(r.type, types.SECRET_VERSION_TYPE);
    assert.ok(isSecretEnvelope(r.inputs.entries), "the entries reach the engine as a secret");
    return r.inputs.entries.value as lifecycle.EntryInput[];
  }

  it("keeps the password a secret end to end: random marks it, the SecretVersion registers it as one", async () => {
    const { password, version } = program("a", "2026-01");
    assert.ok((await settle(registered, "db-password-a")).additionalSecretOutputs.includes("result"));
    assert.equal(await pulumi.isSecret(password.result), true, "RandomPassword.result is a secret");
    const entries = await registeredEntries("a");
    const pw = await valueOf(password.result);
    assert.deepEqual(entries, [
      { key: "user", textValue: "app" },
      { key: "password", textValue: pw },
    ]);
    const r = registered.find((x) => x.name === "db-v-a")!;
    assert.deepEqual(r.inputs.entrySources, { user: "plaintext", password: "secret" });
    // The version's outputs hold no value: only the keyed hash, itself registered as a secret output.
    assert.ok(r.additionalSecretOutputs.includes("valuesHash"));
    assert.equal(await pulumi.isSecret(version.id), false, "ids stay readable");
  });

  it("a new password (keepers changed) changes the values hash, so up adds a new version; the same one does not", async () => {
    program("b1", "2026-01");
    program("b2", "2026-02");
    program("b3", "2026-01");
    const [first, rotated, same] = await Promise.all(["b1", "b2", "b3"].map(registeredEntries));
    assert.notEqual(first![1]!.textValue, rotated![1]!.textValue, "another rotation, another password");
    assert.equal(first![1]!.textValue, same![1]!.textValue);

    // State after the first `up`: the checked hash of the first password (check keeps the value itself in memory).
    const secretId = "e6qdbsecret0000000001";
    const hashOf = async (entries: typeof first) =>
      lifecycle.unwrapSecret(
        (await lifecycle.secretVersion.check({}, { secretId, entries })).inputs.valuesHash,
      );
    const state = { secretId, versionId: "e6qv1", status: "ACTIVE", valuesHash: await hashOf(first) };
    assert.notEqual(await hashOf(rotated), state.valuesHash, "the hash follows the password");
    const onRotate = await lifecycle.secretVersion.diff("e6qv1", state, { secretId, entries: rotated });
    assert.deepEqual([onRotate.changes, onRotate.replaces], [true, ["entries"]]);
    const unchanged = await lifecycle.secretVersion.diff("e6qv1", state, { secretId, entries: same });
    assert.equal(unchanged.changes, false);
    assert.ok(!JSON.stringify(state).includes(first![1]!.textValue!), "state holds no password");
  });
});
