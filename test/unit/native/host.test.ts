/**
 * The native provider's adapter without a server: secret encoding, compound ids, provider settings,
 * and check/diff (pure lifecycle steps) on engine-encoded properties.
 */
import { strict as assert } from "node:assert";
import * as host from "../../../provider/native/host";
import { idForm, lifecycleId, nativeId, parseId } from "../../../provider/native/ids";
import { SECRET_SIG, SIG_KEY, isSecret, reveal, secret, unwrap, wrap } from "../../../provider/native/values";
import { kindOf } from "../../../provider/kinds";
import { UNKNOWN } from "../../../provider/lifecycle";

const kind = (name: string) => kindOf(`lockbox:index:${name}`)!;

describe("native provider adapter", () => {
  describe("values", () => {
    it("unwraps secrets anywhere inside a property and remembers the property", () => {
      const entries = [{ key: "k", textValue: secret("v") }];
      const { plain, secrets } = unwrap({ entries, secretId: "s" });
      assert.deepEqual(plain, { entries: [{ key: "k", textValue: "v" }], secretId: "s" });
      assert.deepEqual([...secrets], ["entries"]);
      assert.deepEqual(reveal(secret(secret("x"))), { value: "x", secret: true });
    });

    it("wraps the named properties once and drops undefined", () => {
      const out = wrap({ a: "1", b: undefined, c: secret("2") }, ["a", "c"]);
      assert.deepEqual(out, {
        a: { [SIG_KEY]: SECRET_SIG, value: "1" },
        c: { [SIG_KEY]: SECRET_SIG, value: "2" },
      });
      assert.ok(isSecret(out.a));
    });
  });

  describe("ids", () => {
    it("parses each kind's compound id and names the expected form when it does not fit", () => {
      assert.deepEqual(parseId(kind("SecretVersion"), "s1/v1"), { secretId: "s1", versionId: "v1" });
      assert.deepEqual(parseId(kind("KmsKeyAccessBindingMember"), "k1/kms.keys.encrypter/system:allUsers"), {
        keyId: "k1",
        role: "kms.keys.encrypter",
        member: "system:allUsers",
      });
      for (const [name, id] of [
        ["SecretVersion", "v1"],
        ["SecretVersion", "s1/"],
        ["SecretVersion", "s1/v1/x"],
        ["Secret", "s1/v1"],
        ["AccessBinding", "s1"],
        ["AccessBindingMember", "s1/role"],
        ["KmsSymmetricKey", ""],
        ["AccessBinding", " s1/role"],
      ] as const) {
        assert.throws(
          () => parseId(kind(name), id),
          new RegExp(`expected ${idForm(kind(name))}`),
          `${name} ${id}`,
        );
      }
      assert.equal(idForm(kind("AccessBindingMember")), "<secretId>/<role>/<member>");
    });

    it("a version's native id is <secretId>/<versionId>; the lifecycle knows it by the version id", () => {
      assert.equal(nativeId(kind("SecretVersion"), "v1", { secretId: "s1" }), "s1/v1");
      assert.equal(lifecycleId(kind("SecretVersion"), "s1/v1"), "v1");
      assert.equal(nativeId(kind("AccessBinding"), "s1/r", {}), "s1/r");
      assert.equal(lifecycleId(kind("Secret"), "s1"), "s1");
    });
  });

  describe("provider settings", () => {
    it("takes an explicit provider's arguments first, then the stack config variables", () => {
      const s = host.settingsFrom(
        { endpoint: "http://a", token: secret("t1") },
        {
          "lockbox:config:endpoint": "http://b",
          "lockbox:config:folderId": "f1",
          "lockbox:operationTimeout": "90s",
        },
      );
      assert.deepEqual(s, { endpoint: "http://a", token: "t1", folderId: "f1", operationTimeout: "90s" });
    });

    it("CheckConfig makes the token a secret and reports a bad timeout", async () => {
      const ok = await host.checkConfig({ endpoint: "http://127.0.0.1:1", token: "plain" });
      assert.ok(isSecret(ok.inputs.token), "the token is a secret in the provider's state");
      assert.deepEqual(ok.failures, []);
      const bad = await host.checkConfig({ operationTimeout: "soon" });
      assert.match(bad.failures[0]!.reason, /lockbox:operationTimeout must be a duration/);
    });

    it("DiffConfig names the settings that changed", () => {
      assert.deepEqual(host.diffConfig({ endpoint: "http://a" }, { endpoint: "http://a" }), {
        changes: false,
        diffs: [],
      });
      assert.deepEqual(host.diffConfig({ endpoint: "http://a" }, { endpoint: "http://b", folderId: "f" }), {
        changes: true,
        diffs: ["endpoint", "folderId"],
      });
    });
  });

  describe("check and diff", () => {
    before(() =>
      host.configureProvider({ endpoint: "http://127.0.0.1:1", token: secret("t"), folderId: "f-provider" }),
    );
    after(() => host.configureProvider({}));

    it("a Secret without folderId takes the provider's; a version's entries stay secret", async () => {
      const s = await host.check("lockbox:index:Secret", {}, { name: "db" });
      assert.deepEqual([s.inputs.folderId, s.failures], ["f-provider", []]);
      const v = await host.check(
        "lockbox:index:SecretVersion",
        {},
        { secretId: "s1", entries: [{ key: "password", textValue: "x" }] },
      );
      assert.ok(isSecret(v.inputs.entries), "entries are a secret even when the program gave them plain");
    });

    it("reports the lifecycle's failures and skips unknowns", async () => {
      const r = await host.check(
        "lockbox:index:AccessBindingMember",
        {},
        { secretId: "s", role: UNKNOWN, member: "bad" },
      );
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["member"],
      );
      await assert.rejects(host.check("lockbox:index:Nope", {}, {}), /no resource type "lockbox:index:Nope"/);
    });

    it("diff maps the lifecycle's replacement and changed fields", async () => {
      const d = await host.diff(
        "lockbox:index:Secret",
        "s1",
        { folderId: "f", name: "a", status: "ACTIVE" },
        { folderId: "g", name: "b" },
      );
      assert.deepEqual([d.changes, d.replaces, d.diffs.sort()], [true, ["folderId"], ["folderId", "name"]]);
      const none = await host.diff(
        "lockbox:index:Secret",
        "s1",
        { folderId: "f", name: "a" },
        { folderId: "f", name: "a" },
      );
      assert.deepEqual([none.changes, none.replaces, none.diffs], [false, [], []]);
    });

    it("a version's first record of entrySources is no change; a changed record is an update", async () => {
      const state = { secretId: "s1", versionId: "v1", status: "ACTIVE" };
      const T = "lockbox:index:SecretVersion";
      const first = await host.diff(T, "s1/v1", state, { secretId: "s1", entrySources: { a: "plaintext" } });
      assert.deepEqual([first.changes, first.diffs], [false, []]);
      const recorded = { ...state, entrySources: { a: "secret" } };
      const changed = await host.diff(T, "s1/v1", recorded, {
        secretId: "s1",
        entrySources: { a: "plaintext" },
      });
      assert.deepEqual([changed.changes, changed.replaces, changed.diffs], [true, [], ["entrySources"]]);
    });
  });
});
