/**
 * Lookups through the real engine: a program that reads existing secrets and a KMS key by name in
 * the provider's default folder, and gets payload values only as Pulumi secrets.
 */
import * as assert from "node:assert/strict";
import { createStack, fixture } from "../helpers/pulumi";
import { FOLDER } from "../helpers/world";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

const PASSWORD = "lookup-e2e-password-5d1f";

describe("lookups through the real engine", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  it("finds secrets and a key by name in lockbox:folderId, with values only as secrets", async () => {
    const created = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "looked-up-e2e",
        versionPayloadEntries: [
          { key: "password", textValue: PASSWORD },
          { key: "blob", binaryValue: Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString("base64") },
        ],
      }),
    );
    const secretId = String(created.metadata?.secretId);
    const generated = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "generated-e2e",
        passwordPayloadSpecification: { passwordKey: "pw", length: 20, includePunctuation: false },
      }),
    );
    assert.ok(generated.done);
    const keyOp = await world.raw.awaitOperation(
      await world.raw.kms.keys.create({
        folderId: FOLDER,
        name: "lookup-e2e-key",
        defaultAlgorithm: "AES_256",
      }),
    );
    const keyId = String(keyOp.metadata?.keyId);
    const secret = await world.raw.secrets.get(secretId);

    const stack = await createStack({
      programDir: fixture("lookups-program"),
      config: {
        "lockbox:endpoint": world.url,
        "lockbox:folderId": FOLDER,
        lookupName: "looked-up-e2e",
        generatedName: "generated-e2e",
        keyName: "lookup-e2e-key",
      },
      secrets: { "lockbox:token": world.rootToken },
    });
    const up = await stack.up();
    assert.ok(!`${up.stdout}${up.stderr}`.includes(PASSWORD));

    const out = await stack.outputs();
    assert.equal(out.secretId, secretId);
    assert.deepEqual(out.currentVersion, {
      id: secret.currentVersion!.id,
      secretId,
      status: "ACTIVE",
      description: "",
      payloadEntryKeys: ["password", "blob"],
      createdAt: secret.currentVersion!.createdAt,
      destroyAt: "",
    });
    assert.deepEqual(
      [out.passwordValue, out.blobValue, out.payloadEntries],
      ["[secret]", "[secret]", "[secret]"],
      "values are secret outputs",
    );
    assert.deepEqual([out.passwordIsBinary, out.binaryKeys], [false, ["blob"]]);
    assert.deepEqual([out.keyId, out.keyAlgorithm], [keyId, "AES_256"]);
    assert.deepEqual(out.generatedSpec, { passwordKey: "pw", length: 20, includePunctuation: false });

    const shown = await stack.outputs({ showSecrets: true });
    assert.equal(shown.passwordValue, PASSWORD);
    assert.equal(shown.blobValue, "3q2+7w==");
    assert.deepEqual(shown.payloadEntries, [
      { key: "password", textValue: PASSWORD },
      { key: "blob", binaryValue: "3q2+7w==" },
    ]);
    const exported = JSON.stringify(await stack.exportStack());
    assert.ok(exported.includes(secretId), "the export holds the outputs");
    assert.ok(!exported.includes(PASSWORD), "but no value in plain text");
  });
});
