import { strict as assert } from "node:assert";
import * as lifecycle from "../../../provider/lifecycle";
import { setClient } from "../../../provider/lifecycle/context";
import { MISSING_CREDENTIALS_MESSAGE, LockboxConfigError } from "../../../provider/client";

const ENV_KEYS = ["YC_IAM_TOKEN", "YC_TOKEN", "YC_SERVICE_ACCOUNT_KEY_FILE", "LOCKBOX_ENDPOINT"];

/** Runs `fn` with the provider configured from `config` and none of the client's env variables set. */
async function withConfig(config: Record<string, string>, fn: () => Promise<void>) {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  for (const k of ENV_KEYS) delete process.env[k];
  setClient(undefined);
  await lifecycle.configure({ config: { get: (k) => config[k] } });
  try {
    await fn();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
    await lifecycle.configure({ config: { get: () => undefined } });
    setClient(undefined);
  }
}

describe("provider errors speak Pulumi", () => {
  it("says which stack config and which environment variables give credentials", () => {
    const m = lifecycle.pulumiConfigMessage(new LockboxConfigError(MISSING_CREDENTIALS_MESSAGE));
    for (const part of [
      "pulumi config set --secret lockbox:token",
      "lockbox:serviceAccountKeyFile",
      "lockbox:endpoint",
      "YC_IAM_TOKEN",
      "YC_TOKEN",
      "YC_SERVICE_ACCOUNT_KEY_FILE",
    ]) {
      assert.ok(m.includes(part), `names ${part}`);
    }
    assert.ok(!m.includes("`iamToken`"), "does not name the client's option");
  });

  it("names the stack config key of a bad endpoint or key file", () => {
    assert.equal(
      lifecycle.pulumiConfigMessage(new LockboxConfigError("the endpoint option must use http or https")),
      "stack config lockbox:endpoint must use http or https",
    );
  });

  it("check fails (so preview fails) without credentials, and passes with a token", async () => {
    await withConfig({ "lockbox:endpoint": "http://127.0.0.1:1" }, async () => {
      const r = await lifecycle.checkResource("secret", {}, { folderId: "b1gfolder", name: "x" });
      assert.equal(r.failures.length, 1);
      assert.equal(r.failures[0]!.property, "");
      assert.match(r.failures[0]!.reason, /pulumi config set --secret lockbox:token/);
      assert.throws(() => lifecycle.getClient(), /lockbox:serviceAccountKeyFile/);
    });
    await withConfig({ "lockbox:endpoint": "http://127.0.0.1:1", "lockbox:token": "t1.x" }, async () => {
      const r = await lifecycle.checkResource("kmsSymmetricKey", {}, { folderId: "b1gfolder" });
      assert.deepEqual(r.failures, []);
    });
  });

  it("reports an unreadable key file by its stack config key", async () => {
    await withConfig({ "lockbox:serviceAccountKeyFile": "/nonexistent/key.json" }, async () => {
      const r = await lifecycle.checkResource("secretVersion", {}, { secretId: "e6q1", entries: [] });
      const reasons = r.failures.filter((f) => f.property === "").map((f) => f.reason);
      assert.equal(reasons.length, 1);
      assert.match(reasons[0]!, /^stack config lockbox:serviceAccountKeyFile: cannot read/);
    });
  });
});

describe("adopt applies only when a resource is first created", () => {
  it("check keeps adopt for a new resource and drops it once the resource is in the state", async () => {
    await lifecycle.configure({ config: { get: (k) => ({ "lockbox:token": "t1.x" })[k] } });
    try {
      const news = { folderId: "b1gfolder", name: "db", adopt: "e6q0000000000000adop" };
      assert.equal((await lifecycle.checkResource("secret", {}, news)).inputs.adopt, news.adopt);
      const olds = { __provider: "x", folderId: "b1gfolder", name: "db", adopt: news.adopt };
      assert.equal((await lifecycle.checkResource("secret", olds, news)).inputs.adopt, undefined);
      const bad = await lifecycle.checkResource(
        "kmsSymmetricKey",
        {},
        { folderId: "b1gfolder", adopt: "not an id!" },
      );
      assert.deepEqual(
        bad.failures.map((f) => f.property),
        ["adopt"],
      );
    } finally {
      await lifecycle.configure({ config: { get: () => undefined } });
      setClient(undefined);
    }
  });
});
