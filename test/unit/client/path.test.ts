import assert from "node:assert/strict";
import { path, query } from "../../../provider/client/internal/path";

describe("client path helpers", () => {
  describe("path``", () => {
    it("inserts ids as path segments", () => {
      assert.equal(path`/lockbox/v1/secrets/${"e6q123"}:activate`, "/lockbox/v1/secrets/e6q123:activate");
    });

    it("percent-encodes characters that would change the path", () => {
      assert.equal(path`/lockbox/v1/secrets/${"a/b?c:d#e"}`, "/lockbox/v1/secrets/a%2Fb%3Fc%3Ad%23e");
    });

    it("rejects empty and dot-segment values", () => {
      assert.throws(() => path`/lockbox/v1/secrets/${""}`, /non-empty/);
      assert.throws(() => path`/lockbox/v1/secrets/${".."}`, /must not be/);
      assert.throws(() => path`/lockbox/v1/secrets/${undefined}`, /non-empty string/);
    });
  });

  describe("query()", () => {
    it("skips absent values and encodes the rest", () => {
      assert.equal(
        query({ folderId: "b1g", pageSize: 5, pageToken: undefined, "folderAndName.secretName": "a b&c" }),
        "?folderId=b1g&pageSize=5&folderAndName.secretName=a+b%26c",
      );
    });

    it("is empty when nothing is set", () => {
      assert.equal(query({ pageToken: undefined }), "");
      assert.equal(query(undefined), "");
    });
  });
});
