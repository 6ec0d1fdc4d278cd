import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import {
  check,
  create,
  diff,
  update,
  type SecretVersionOutputs,
} from "../../../provider/lifecycle/secret-version";
import { UNKNOWN } from "../../../provider/lifecycle/check";
import { plain, recall } from "../../../provider/lifecycle/held-values";
import { valuesHash } from "../../../provider/lifecycle/hash";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A random value no code could produce by chance. */
const marker = () => `mk-${randomBytes(12).toString("hex")}`;

describe("SecretVersion values held in memory, never in checked inputs", () => {
  it("check returns markers and a secret scrypt hash, no value", async () => {
    const text = marker();
    const bin = randomBytes(24).toString("base64");
    const news = {
      secretId: "e6qsheld1",
      entries: [
        { key: "password", textValue: text },
        { key: "cert", binaryValue: bin },
      ],
      entrySources: { password: "secret", cert: "computed" },
    };
    const { inputs, failures } = await check({}, news);
    assert.deepEqual(failures, []);
    const json = JSON.stringify(inputs);
    assert.ok(!json.includes(text) && !json.includes(bin), "a value reached the checked inputs");
    assert.deepEqual(inputs.entries, [
      { key: "password", source: "secret" },
      { key: "cert", source: "computed", binary: true },
    ]);
    // The hash is wrapped as a Pulumi secret, so the engine stores it encrypted.
    assert.equal(
      (inputs.valuesHash as Record<string, string>)[SECRET_SIG],
      "1b47061264138c4ac30d75fd1eb44270",
    );
    const hash = plain(inputs.valuesHash) as string;
    assert.match(hash, /^scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    // The values stay in this process for create.
    assert.deepEqual(recall(hash), news.entries);
  });

  it("the hash depends on the values and the secret, not on the order of the entries", async () => {
    const a = { key: "a", textValue: marker() };
    const b = { key: "b", textValue: marker() };
    const h = async (secretId: string, entries: unknown[]) =>
      plain((await check({}, { secretId, entries })).inputs.valuesHash);
    const base = await h("e6qsheld2", [a, b]);
    assert.equal(await h("e6qsheld2", [b, a]), base);
    assert.notEqual(await h("e6qsheld2", [a, { ...b, textValue: marker() }]), base);
    assert.notEqual(await h("e6qsheld3", [a, b]), base, "the salt is per secret");
  });

  it("an unknown value (preview) gives an unknown hash and markers only", async () => {
    const known = marker();
    const { inputs } = await check(
      {},
      {
        secretId: "e6qsheld4",
        entries: [
          { key: "k", textValue: known },
          { key: "u", textValue: UNKNOWN },
        ],
      },
    );
    assert.equal(inputs.valuesHash, UNKNOWN);
    assert.ok(!JSON.stringify(inputs).includes(known));
  });

  it("invalid entries are refused without returning their values", async () => {
    const v = marker();
    const { inputs, failures } = await check(
      {},
      {
        secretId: "e6qsheld5",
        entries: [
          { key: "k", textValue: v },
          { key: "k", textValue: v },
        ],
      },
    );
    assert.ok(failures.length > 0);
    assert.ok(!JSON.stringify(inputs).includes(v));
  });

  it("diff compares hashes: same values no change, other values a replacement", async () => {
    const entries = [{ key: "k", textValue: marker() }];
    const first = (await check({}, { secretId: "e6qsheld6", entries })).inputs;
    const olds = {
      secretId: "e6qsheld6",
      versionId: "v1",
      status: "ACTIVE",
      valuesHash: plain(first.valuesHash),
    };
    const same = (await check(first, { secretId: "e6qsheld6", entries })).inputs;
    assert.deepEqual((await diff("v1", olds, same)).changes, false);
    const other = (
      await check(first, { secretId: "e6qsheld6", entries: [{ key: "k", textValue: marker() }] })
    ).inputs;
    assert.deepEqual((await diff("v1", olds, other)).replaces, ["entries"]);
  });

  it("create without the values in this process fails naming the cause, before any call", async () => {
    const inputs = {
      secretId: "e6qsheld7",
      entries: [{ key: "k", source: "secret" }],
      valuesHash: "scrypt$ln=14,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43),
    };
    // No client is configured: reaching the service would fail differently.
    await assert.rejects(create(inputs as never), /not in this provider process.*Nothing was created/s);
  });

  it("state of an earlier version (values in inputs, an HMAC in outputs) migrates without a new version", async () => {
    const entries = [{ key: "k", textValue: marker() }];
    const olds: SecretVersionOutputs = {
      secretId: "e6qsheld8",
      versionId: "v1",
      status: "ACTIVE",
      payloadEntryKeys: ["k"],
      current: true,
      valuesHash: valuesHash("e6qsheld8", "v1", entries),
    };
    const checked = (await check({ secretId: "e6qsheld8", entries }, { secretId: "e6qsheld8", entries }))
      .inputs;
    const d = await diff("v1", olds as never, { ...checked, valuesHash: plain(checked.valuesHash) });
    assert.deepEqual([d.changed, d.replaces], [["valuesHash"], []]);
    const { outs } = await update("v1", olds, checked as never);
    assert.equal(outs.valuesHash, plain(checked.valuesHash));
    assert.ok(!JSON.stringify(outs).includes(entries[0]!.textValue));
  });
});
