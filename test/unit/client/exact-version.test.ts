import { strict as assert } from "node:assert";
import { correctionRequest, exactVersionRequest } from "../../../provider/client";

const entries = [
  { key: "user", textValue: "u" },
  { key: "password", textValue: "p" },
];

describe("exact version requests", () => {
  it("names the current version as the base and removes its keys that are not declared", () => {
    const r = exactVersionRequest(
      { currentVersion: { id: "v1", secretId: "s", status: "ACTIVE", payloadEntryKeys: ["user", "old"] } },
      entries,
      "desc",
    );
    assert.equal(r.baseVersionId, "v1");
    assert.deepEqual(r.body, {
      baseVersionId: "v1",
      description: "desc",
      payloadEntries: [...entries, { key: "old" }],
    });
  });

  it("names no base when the secret has no version, or only a destroyed one", () => {
    for (const currentVersion of [
      undefined,
      { id: "v0", secretId: "s", status: "DESTROYED" as const, payloadEntryKeys: ["old"] },
    ]) {
      const r = exactVersionRequest({ currentVersion }, entries);
      assert.equal(r.baseVersionId, undefined);
      assert.deepEqual(r.body, { payloadEntries: entries });
    }
  });

  it("corrects a version that picked up another writer's keys, and leaves an exact one alone", () => {
    assert.deepEqual(
      correctionRequest({ id: "v2", payloadEntryKeys: ["other", "user", "password"] }, entries),
      {
        baseVersionId: "v2",
        payloadEntries: [{ key: "other" }],
      },
    );
    assert.equal(correctionRequest({ id: "v2", payloadEntryKeys: ["password", "user"] }, entries), undefined);
  });
});
