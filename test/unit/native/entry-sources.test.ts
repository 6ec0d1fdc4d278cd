import { deepStrictEqual, equal } from "node:assert/strict";
import { UNKNOWN } from "../../../provider/lifecycle/check";
import { entrySourcesOf } from "../../../provider/native/entry-sources";
import { secret } from "../../../provider/native/values";

describe("provider/native/entry-sources", () => {
  describe("entrySourcesOf()", () => {
    it("records a secret value as secret, an unknown one as computed and a literal as plaintext", () => {
      const entries = [
        { key: "password", textValue: secret("s3cret") },
        { key: "token", textValue: UNKNOWN },
        { key: "user", textValue: "app" },
        { key: "blob", binaryValue: secret("AAEC") },
      ];
      deepStrictEqual(entrySourcesOf(entries), {
        password: "secret",
        token: "computed",
        user: "plaintext",
        blob: "secret",
      });
    });

    it("records a whole entry sent as a secret as secret", () => {
      deepStrictEqual(entrySourcesOf([secret({ key: "k", textValue: "v" })]), { k: "secret" });
    });

    it("keeps the per-value origin inside a list that is itself a secret", () => {
      deepStrictEqual(
        entrySourcesOf(
          secret([
            { key: "a", textValue: secret("x") },
            { key: "b", textValue: "y" },
          ]),
        ),
        { a: "secret", b: "plaintext" },
      );
    });

    it("records nothing for a list sent as one secret with no marker inside (origin lost)", () => {
      equal(entrySourcesOf(secret([{ key: "a", textValue: "x" }])), undefined);
    });

    it("records nothing without entries", () => {
      equal(entrySourcesOf(undefined), undefined);
      equal(entrySourcesOf(UNKNOWN), undefined);
    });
  });
});
