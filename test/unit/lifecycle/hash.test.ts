import { strict as assert } from "node:assert";
import { valuesHash } from "../../../provider/lifecycle/hash";

describe("valuesHash()", () => {
  const entries = [{ key: "password", textValue: "correct horse" }];
  it("is printed as hmac-sha256 and 64 hex digits (so it cannot carry the value)", () => {
    assert.match(valuesHash("s", "v", entries), /^hmac-sha256:[0-9a-f]{64}$/);
  });
  it("differs between versions holding the same values", () => {
    assert.notEqual(valuesHash("s", "v1", entries), valuesHash("s", "v2", entries));
  });
  it("changes when a value or a key changes", () => {
    const h = valuesHash("s", "v", [
      { key: "a", textValue: "1" },
      { key: "b", textValue: "2" },
    ]);
    assert.notEqual(
      h,
      valuesHash("s", "v", [
        { key: "a", textValue: "1" },
        { key: "b", textValue: "3" },
      ]),
    );
    assert.notEqual(
      h,
      valuesHash("s", "v", [
        { key: "a", textValue: "1" },
        { key: "c", textValue: "2" },
      ]),
    );
  });
  it("does not depend on the order of the entries (the service keeps its own key order)", () => {
    const ab = [
      { key: "a", textValue: "1" },
      { key: "b", textValue: "2" },
    ];
    assert.equal(valuesHash("s", "v", ab), valuesHash("s", "v", [ab[1]!, ab[0]!]));
  });
  it("tells a text value from binary bytes with the same content", () => {
    assert.notEqual(
      valuesHash("s", "v", [{ key: "a", textValue: "hi" }]),
      valuesHash("s", "v", [{ key: "a", binaryValue: Buffer.from("hi").toString("base64") }]),
    );
  });
  it("hashes url-safe and standard base64 of the same bytes alike", () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xfe]);
    assert.equal(
      valuesHash("s", "v", [{ key: "a", binaryValue: bytes.toString("base64") }]),
      valuesHash("s", "v", [{ key: "a", binaryValue: bytes.toString("base64url") }]),
    );
  });
});
