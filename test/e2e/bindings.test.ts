/**
 * Authoritative bindings through the real CLI: members granted on the service by hand are named by
 * a plain `pulumi preview` (no refresh) before `pulumi up` takes the role from them, and the preview
 * itself changes nothing.
 */
import * as assert from "node:assert/strict";
import { createStack, fixture, type PulumiResult, type PulumiStack } from "../helpers/pulumi";
import { FOLDER } from "../helpers/world";
import { useLockboxWorld } from "../helpers/lockbox-fixture";

const VIEWER = "lockbox.payloadViewer";
const KEY_ROLE = "kms.keys.encrypterDecrypter";
const PROGRAM_MEMBER = "serviceAccount:ajeprogrammember01";

const text = (r: PulumiResult) => `${r.stdout}\n${r.stderr}`;

describe("authoritative bindings in pulumi preview", function () {
  this.timeout(300_000);
  const world = useLockboxWorld();
  let stack: PulumiStack;
  let secretId = "";
  let keyId = "";

  /** Every binding on the secret and on the key, as sorted `role type:id` strings. */
  async function liveBindings(): Promise<string[]> {
    const onSecret = await world.raw.secrets.listAccessBindings(secretId).toArray();
    const onKey = await world.raw.kms.keys.listAccessBindings(keyId).toArray();
    return [...onSecret, ...onKey].map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`).sort();
  }

  before(async () => {
    stack = await createStack({
      programDir: fixture("binding-preview"),
      config: {
        "lockbox:endpoint": world.url,
        "lockbox:folderId": FOLDER,
        secretName: "binding-preview",
        readers: JSON.stringify([PROGRAM_MEMBER]),
      },
      secrets: { "lockbox:token": world.rootToken },
    });
    await stack.up();
    const out = await stack.outputs();
    secretId = String(out.secretId);
    keyId = String(out.keyId);
  });

  it("previews no binding warning while the service matches the program", async () => {
    const r = await stack.preview();
    assert.doesNotMatch(text(r), /removes the role/);
    assert.doesNotMatch(text(r), /to update/);
  });

  it("names the members granted by hand in a plain preview, changes nothing, and up removes exactly them", async () => {
    await world.raw.awaitOperation(
      await world.raw.secrets.updateAccessBindings(secretId, {
        accessBindingDeltas: [
          {
            action: "ADD",
            accessBinding: { roleId: VIEWER, subject: { type: "serviceAccount", id: "ajehandmade0001" } },
          },
          {
            action: "ADD",
            accessBinding: { roleId: "lockbox.viewer", subject: { type: "group", id: "otherrole" } },
          },
        ],
      }),
    );
    await world.raw.awaitOperation(
      await world.raw.kms.keys.updateAccessBindings(keyId, {
        accessBindingDeltas: [
          {
            action: "ADD",
            accessBinding: { roleId: KEY_ROLE, subject: { type: "group", id: "keyhandmade" } },
          },
        ],
      }),
    );
    const handMade = await liveBindings();
    const before = await world.mutations();

    const preview = text(await stack.preview());
    assert.ok(
      preview.includes(
        `warning: updating the binding of role ${VIEWER} on secret ${secretId} removes the role from ` +
          "serviceAccount:ajehandmade0001",
      ),
      preview,
    );
    assert.ok(
      preview.includes(
        `warning: updating the binding of role ${KEY_ROLE} on KMS key ${keyId} removes the role from group:keyhandmade`,
      ),
      preview,
    );
    assert.doesNotMatch(preview, /otherrole/, "members of other roles are not named");
    assert.match(preview, /~ 2 to update/);
    assert.equal(await world.mutations(), before, "preview changes nothing");
    assert.deepEqual(await liveBindings(), handMade);

    const up = text(await stack.up());
    assert.match(up, /removes the role from serviceAccount:ajehandmade0001/);
    assert.deepEqual(await liveBindings(), [
      `${KEY_ROLE} ${PROGRAM_MEMBER}`,
      `${VIEWER} ${PROGRAM_MEMBER}`,
      "lockbox.viewer group:otherrole",
    ]);
    assert.doesNotMatch(text(await stack.preview()), /removes the role|to update/);
  });

  it("names the members a new binding on an existing secret will remove", async () => {
    const op = await world.raw.secrets.create({ folderId: FOLDER, name: "made-outside" });
    const other = String((await world.raw.awaitOperation(op)).metadata?.secretId ?? "");
    assert.ok(other, "the operation names the new secret");
    await world.raw.awaitOperation(
      await world.raw.secrets.updateAccessBindings(other, {
        accessBindingDeltas: [
          {
            action: "ADD",
            accessBinding: {
              roleId: "lockbox.viewer",
              subject: { type: "userAccount", id: "ajeexistinguser" },
            },
          },
        ],
      }),
    );
    // An id looks like a token to the CLI's secret detector: store it as the plain value it is.
    await stack.run(["config", "set", "--plaintext", "existingSecretId", other]);
    const preview = text(await stack.preview());
    assert.ok(
      preview.includes(
        `warning: creating the binding of role lockbox.viewer on secret ${other} removes the role from ` +
          "userAccount:ajeexistinguser",
      ),
      preview,
    );
    assert.match(preview, /\+ 1 to create/);
  });
});
