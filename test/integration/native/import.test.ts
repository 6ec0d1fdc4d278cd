/**
 * Import through the native provider's adapter against a real lockbox-local: every kind is read
 * from its id alone (as `pulumi import` and the `import` option ask), answers inputs that the
 * lifecycle's diff finds equal to the same declaration, and a malformed or unknown id fails with a
 * clear message and changes nothing.
 */
import { strict as assert } from "node:assert";
import * as host from "../../../provider/native/host";
import { isSecret, unwrap } from "../../../provider/native/values";
import { FOLDER } from "../../helpers/world";
import { useLockboxWorld } from "../../helpers/lockbox-fixture";

const T = (name: string) => `lockbox:index:${name}`;

describe("native provider: import of every kind from its id", function () {
  this.timeout(60_000);
  const world = useLockboxWorld();
  let secretId: string;
  let versionId: string;
  let keyId: string;
  let sa: { id: string };
  before(async () => {
    await host.configureProvider({ endpoint: world.url, token: world.rootToken, folderId: FOLDER });
    const op = await world.raw.awaitOperation(
      await world.raw.secrets.create({
        folderId: FOLDER,
        name: "imp",
        labels: { env: "dev" },
        versionPayloadEntries: [{ key: "password", textValue: "imp-value" }],
      }),
    );
    secretId = String(op.metadata?.secretId);
    versionId = (await world.raw.secrets.get(secretId)).currentVersion!.id;
    const k = await world.raw.awaitOperation(
      await world.raw.kms.keys.create({ folderId: FOLDER, name: "imp-key", defaultAlgorithm: "AES_256" }),
    );
    keyId = String((k.metadata as { keyId?: string }).keyId);
    sa = await world.serviceAccount("imp-reader");
    for (const [target, id, role] of [
      [world.raw.secrets, secretId, "lockbox.payloadViewer"],
      [world.raw.kms.keys, keyId, "kms.keys.encrypterDecrypter"],
    ] as const) {
      await world.raw.awaitOperation(
        await target.updateAccessBindings(id, {
          accessBindingDeltas: [
            {
              action: "ADD",
              accessBinding: { roleId: role, subject: { type: "serviceAccount", id: sa.id } },
            },
          ],
        }),
      );
    }
  });
  after(() => host.configureProvider({}));

  /** Imports `id` and checks that declaring `declared` then shows no diff. */
  async function importAndDiff(type: string, id: string, declared: Record<string, unknown>) {
    const r = await host.read(T(type), id, {}, {});
    assert.equal(r.id, id, "the imported resource keeps the id it was imported by");
    const checked = await host.check(T(type), r.inputs!, declared);
    assert.deepEqual(checked.failures, []);
    const d = await host.diff(T(type), r.id!, r.props!, checked.inputs);
    assert.deepEqual([d.changes, d.replaces], [false, []], `${type}: ${d.diffs.join(", ")}`);
    return r;
  }

  it("Secret and KmsSymmetricKey by their ids", async () => {
    const s = await importAndDiff("Secret", secretId, { name: "imp", labels: { env: "dev" } });
    assert.deepEqual(unwrap(s.inputs).plain, { folderId: FOLDER, name: "imp", labels: { env: "dev" } });
    await importAndDiff("KmsSymmetricKey", keyId, { name: "imp-key" });
  });

  it("SecretVersion by <secretId>/<versionId>: values compared by their keyed hash, a secret", async () => {
    const entries = [{ key: "password", textValue: "imp-value" }];
    const r = await importAndDiff("SecretVersion", `${secretId}/${versionId}`, { secretId, entries });
    assert.ok(isSecret(r.props!.valuesHash));
    assert.equal(r.inputs!.entries, undefined, "the values never come back from the service into state");
    const other = await host.check(T("SecretVersion"), r.inputs!, {
      secretId,
      entries: [{ key: "password", textValue: "other" }],
    });
    const d = await host.diff(T("SecretVersion"), r.id!, r.props!, other.inputs);
    assert.ok(d.replaces.includes("entries"), "different values are a new version");
  });

  it("bindings and members by <id>/<role> and <id>/<role>/<member>, on secrets and keys", async () => {
    const member = `serviceAccount:${sa.id}`;
    await importAndDiff("AccessBinding", `${secretId}/lockbox.payloadViewer`, {
      secretId,
      role: "lockbox.payloadViewer",
      members: [member],
    });
    await importAndDiff("AccessBindingMember", `${secretId}/lockbox.payloadViewer/${member}`, {
      secretId,
      role: "lockbox.payloadViewer",
      member,
    });
    await importAndDiff("KmsKeyAccessBinding", `${keyId}/kms.keys.encrypterDecrypter`, {
      keyId,
      role: "kms.keys.encrypterDecrypter",
      members: [member],
    });
    await importAndDiff("KmsKeyAccessBindingMember", `${keyId}/kms.keys.encrypterDecrypter/${member}`, {
      keyId,
      role: "kms.keys.encrypterDecrypter",
      member,
    });
  });

  it("a malformed or unknown id fails naming the expected form, and changes nothing", async () => {
    const before = await world.mutations();
    await assert.rejects(
      host.read(T("SecretVersion"), versionId, {}, {}),
      /expected <secretId>\/<versionId>/,
    );
    await assert.rejects(
      host.read(T("AccessBindingMember"), `${secretId}/x`, {}, {}),
      /<secretId>\/<role>\/<member>/,
    );
    await assert.rejects(host.read(T("Secret"), "e6qnosuchsecret00000", {}, {}), /nothing to import/);
    await assert.rejects(
      host.read(T("SecretVersion"), `${secretId}/nosuchversion`, {}, {}),
      /has no version/,
    );
    await assert.rejects(
      host.read(T("AccessBindingMember"), `${secretId}/lockbox.viewer/system:allUsers`, {}, {}),
      /nothing to import/,
    );
    assert.equal(await world.mutations(), before);
  });
});
