import { strict as assert } from "node:assert";
import { diff, update, type SecretVersionOutputs } from "../../../provider/lifecycle/secret-version";

describe("SecretVersion lifecycle without a server", () => {
  describe("update()", () => {
    const olds: SecretVersionOutputs = {
      secretId: "e6qs",
      description: "v1",
      destructionPendingPeriod: "3600s",
      entrySources: { password: "plaintext" },
      versionId: "e6qv",
      status: "ACTIVE",
      payloadEntryKeys: ["password"],
      current: true,
      valuesHash: "hmac-sha256:00",
      createdAt: "2026-11-23T10:00:00Z",
    };

    it("drops an input the program no longer sets, so the next diff is empty", async () => {
      const news = {
        secretId: "e6qs",
        description: "v1",
        entries: [{ key: "password", textValue: "p" }],
        entrySources: { password: "secret" as const },
      };
      const { outs } = await update("e6qv", olds, news);
      assert.equal(outs.destructionPendingPeriod, undefined);
      assert.deepEqual(outs.entrySources, { password: "secret" });
      const d = await diff("e6qv", outs as never, { ...news, entries: undefined, valuesHash: undefined });
      assert.ok(!d.changed.includes("destructionPendingPeriod"), `changed: ${d.changed.join(", ")}`);
      assert.ok(!d.changed.includes("entrySources"));
    });

    it("keeps what the service computed and never copies the entries", async () => {
      const { outs } = await update("e6qv", olds, {
        secretId: "e6qs",
        description: "v1",
        entries: [{ key: "password", textValue: "never-in-outputs" }],
        destructionPendingPeriod: "60s",
      });
      assert.deepEqual(outs, {
        secretId: "e6qs",
        description: "v1",
        destructionPendingPeriod: "60s",
        versionId: "e6qv",
        status: "ACTIVE",
        payloadEntryKeys: ["password"],
        current: true,
        valuesHash: "hmac-sha256:00",
        createdAt: "2026-11-23T10:00:00Z",
      });
    });
  });
});
