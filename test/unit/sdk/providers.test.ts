import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as providers from "../../../sdk/providers";
import * as lifecycle from "../../../provider/lifecycle";
import { installMocks, valueOf, type Registered } from "../../helpers/mock-program";
import {
  AccessBinding,
  AccessBindingMember,
  KmsKeyAccessBinding,
  KmsKeyAccessBindingMember,
  KmsSymmetricKey,
  Secret,
  SecretVersion,
} from "../../../sdk";

/** The provider source is stored twice per resource and rewritten with every checkpoint: keep it tiny. */
const SIZE_BUDGET = 200;
const CANARY_TOKEN = "t1.canary-token-for-the-serialization-test";
const CANARY_ENDPOINT = "http://canary-endpoint.invalid:1";

type Provider = Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>;
type LifecycleModule = Record<string, unknown> & { providers: Record<string, Provider> };

/** The kinds and whether each can be updated in place (the member bindings are replaced on any change). */
const KINDS: Array<[providers.LifecycleKind, boolean]> = [
  ["secret", true],
  ["secretVersion", true],
  ["accessBinding", true],
  ["accessBindingMember", false],
  ["kmsSymmetricKey", true],
  ["kmsKeyAccessBinding", true],
  ["kmsKeyAccessBindingMember", false],
];

/**
 * Loads a `__provider` string exactly as Pulumi's dynamic-provider host does: its own copy of
 * require-from-string with no file name (requires resolve from the process's directory, the program's
 * directory in a real run; here the repository, where `pulumi-lockbox` is linked), then `handler()`.
 */
function loadLikeTheHost(source: string): Provider {
  const host = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
  const requireFromString = require(require.resolve("require-from-string", { paths: [host] })) as (
    code: string,
  ) => { handler(): Provider };
  return requireFromString(source).handler();
}

/** The lifecycle module the provider process loads: the built package, by its name. */
function installedLifecycle(): LifecycleModule {
  return require("pulumi-lockbox/provider/lifecycle") as LifecycleModule;
}

/** The serialized provider older versions stored in state (Secret's), rebuilt from their code. */
function legacyProvider(kind: string): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      return require("pulumi-lockbox/provider/lifecycle").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-lockbox/provider/lifecycle").checkResource(kind, olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-lockbox/provider/lifecycle").diffResource(kind, id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-lockbox/provider/lifecycle").createResource(kind, inputs);
    },
    async read(id, props) {
      return require("pulumi-lockbox/provider/lifecycle").readResource(kind, id, props);
    },
    async delete(id, props) {
      return require("pulumi-lockbox/provider/lifecycle").deleteResource(kind, id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-lockbox/provider/lifecycle").updateResource(kind, id, olds, news);
    },
  };
}

const configRequest = {
  config: {
    get: (k: string) => ({ "lockbox:token": CANARY_TOKEN, "lockbox:endpoint": CANARY_ENDPOINT })[k],
  },
};

describe("sdk providers", () => {
  const saved = { ...process.env };
  before(async () => {
    // Credentials present everywhere they could be picked up from: env and a configured lifecycle.
    process.env.YC_IAM_TOKEN = CANARY_TOKEN;
    process.env.LOCKBOX_ENDPOINT = CANARY_ENDPOINT;
    await lifecycle.configure(configRequest);
  });
  after(() => {
    for (const k of ["YC_IAM_TOKEN", "LOCKBOX_ENDPOINT"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  for (const [kind, updatable] of KINDS) {
    describe(`${kind} provider source`, () => {
      const text = providers.providerSource(kind);
      it(`is at most ${SIZE_BUDGET} characters`, () => {
        assert.ok(text.length > 0 && text.length <= SIZE_BUDGET, `${kind}: ${text.length} characters`);
      });
      it("holds no credential, endpoint or relative require", () => {
        assert.ok(!text.includes(CANARY_TOKEN));
        assert.ok(!text.includes(CANARY_ENDPOINT));
        assert.match(text, /require\("pulumi-lockbox\/provider\/lifecycle"\)/);
        assert.doesNotMatch(text, /require\("\.{1,2}\//, "a relative require breaks in the provider process");
      });
      it("loads, as the host loads it, into the provider of its kind with every method the engine calls", () => {
        const provider = loadLikeTheHost(text);
        assert.equal(provider, installedLifecycle().providers[kind]);
        for (const m of ["configure", "check", "diff", "create", "read", "delete"]) {
          assert.equal(typeof provider[m], "function", `${kind}.${m}`);
        }
        assert.equal(typeof provider["update"], updatable ? "function" : "undefined", `${kind}.update`);
      });
    });
  }

  it("a loaded provider configures and checks through the lifecycle (config problems reported by check)", async () => {
    const provider = loadLikeTheHost(providers.providerSource("secret"));
    await provider["configure"]!({ config: { get: () => undefined } });
    const env = { ...process.env };
    delete process.env.YC_IAM_TOKEN;
    try {
      const r = (await provider["check"]!({}, { folderId: "b1gfolder", name: "n" })) as {
        failures: Array<{ reason: string }>;
      };
      assert.ok(
        r.failures.some((f) => /no Lockbox credentials/.test(f.reason)),
        JSON.stringify(r.failures),
      );
    } finally {
      process.env.YC_IAM_TOKEN = env.YC_IAM_TOKEN;
      await provider["configure"]!(configRequest);
    }
    const ok = (await provider["check"]!({}, { folderId: "b1gfolder", name: "n" })) as {
      inputs: Record<string, unknown>;
      failures: unknown[];
    };
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.inputs["name"], "n");
  });

  describe("state written by older versions (a serialized provider object)", () => {
    for (const [kind] of KINDS) {
      it(`${kind}: the lifecycle exports its serialized provider calls are still there`, () => {
        const lc = installedLifecycle();
        for (const f of [
          "configure",
          "checkResource",
          "diffResource",
          "createResource",
          "readResource",
          "updateResource",
          "deleteResource",
        ]) {
          assert.equal(typeof lc[f], "function", f);
        }
        const own = lc[kind] as Record<string, unknown>;
        for (const m of ["check", "diff", "create", "read", "delete"]) {
          assert.equal(typeof own[m], "function", `${kind}.${m}`);
        }
      });
    }
    it("a serialized provider of the previous version loads as the host loads it and checks like the new one", async () => {
      const serialized = await pulumi.runtime.serializeFunction(() => legacyProvider("secret"));
      const old = loadLikeTheHost(serialized.text);
      await old["configure"]!(configRequest);
      const news = { folderId: "b1gfolder", name: "n", labels: { a: "b" } };
      const current = loadLikeTheHost(providers.providerSource("secret"));
      assert.deepEqual(await old["check"]!({}, news), await current["check"]!({}, news));
      const olds = { ...news, id: "e6q-secret" };
      assert.deepEqual(
        await old["diff"]!("e6q-secret", olds, { ...news, name: "m" }),
        await current["diff"]!("e6q-secret", olds, { ...news, name: "m" }),
      );
    });
  });

  describe("resource registration", () => {
    let registered: Registered[];
    before(async () => {
      registered = await installMocks();
    });
    const cases: Array<[string, providers.LifecycleKind, () => pulumi.CustomResource]> = [
      ["Secret", "secret", () => new Secret("p-secret", { folderId: "b1g" })],
      [
        "SecretVersion",
        "secretVersion",
        () => new SecretVersion("p-version", { secretId: "s", entries: [{ key: "k", textValue: "v" }] }),
      ],
      [
        "AccessBinding",
        "accessBinding",
        () =>
          new AccessBinding("p-binding", {
            secretId: "s",
            role: "lockbox.payloadViewer",
            members: ["userAccount:u"],
          }),
      ],
      [
        "AccessBindingMember",
        "accessBindingMember",
        () =>
          new AccessBindingMember("p-member", {
            secretId: "s",
            role: "lockbox.payloadViewer",
            member: "userAccount:u",
          }),
      ],
      ["KmsSymmetricKey", "kmsSymmetricKey", () => new KmsSymmetricKey("p-key", { folderId: "b1g" })],
      [
        "KmsKeyAccessBinding",
        "kmsKeyAccessBinding",
        () =>
          new KmsKeyAccessBinding("p-key-binding", {
            keyId: "k",
            role: "kms.keys.encrypterDecrypter",
            members: ["userAccount:u"],
          }),
      ],
      [
        "KmsKeyAccessBindingMember",
        "kmsKeyAccessBindingMember",
        () =>
          new KmsKeyAccessBindingMember("p-key-member", {
            keyId: "k",
            role: "kms.keys.encrypterDecrypter",
            member: "userAccount:u",
          }),
      ],
    ];
    it("passes adopt and the custom timeouts only when set (an unset one would only cost an output)", async () => {
      const plain = new Secret("p-plain", { folderId: "b1g" });
      const adopted = new Secret(
        "p-adopted",
        { folderId: "b1g", adopt: "e6q-existing" },
        { customTimeouts: { create: "2m" } },
      );
      await Promise.all([valueOf(plain.urn), valueOf(adopted.urn)]);
      assert.ok(!("adopt" in plain) && !("__timeouts" in plain));
      const r = registered.find((x) => x.name === "p-adopted");
      assert.equal(r?.inputs["adopt"], "e6q-existing");
      assert.deepEqual(r?.inputs["__timeouts"], { create: 120_000 });
    });
    for (const [type, kind, make] of cases) {
      it(`${type} registers as a dynamic resource with the ${kind} provider source`, async () => {
        const resource = make();
        await valueOf(resource.urn);
        const r = registered.find((x) => x.type === `pulumi-nodejs:dynamic/lockbox:${type}`);
        assert.ok(r, `no ${type} registration`);
        assert.equal(r.inputs["__provider"], providers.providerSource(kind));
      });
    }
  });
});
