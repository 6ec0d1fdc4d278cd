import { strict as assert } from "node:assert";
import { SecretValue } from "../../../sdk/runtime";

const value = (entries: Array<{ key: string; textValue?: string; binaryValue?: string }>) =>
  new SecretValue("e6qsecret", { versionId: "e6qversion", entries });

describe("runtime.SecretValue", () => {
  describe(".asString()", () => {
    it("returns the value of the named entry", () => {
      assert.equal(
        value([
          { key: "a", textValue: "1" },
          { key: "b", textValue: "2" },
        ]).asString("b"),
        "2",
      );
    });
    it("returns the only entry when no key is given", () => {
      assert.equal(value([{ key: "password", textValue: "pw" }]).asString(), "pw");
    });
    it("decodes a binary entry as UTF-8", () => {
      assert.equal(
        value([{ key: "b", binaryValue: Buffer.from("héllo").toString("base64") }]).asString("b"),
        "héllo",
      );
    });
    it("names the keys, never the values, when the key is missing", () => {
      const v = value([{ key: "a", textValue: "top-secret-a" }]);
      assert.throws(
        () => v.asString("nope"),
        (e: Error) => /no entry "nope"/.test(e.message) && !e.message.includes("top-secret"),
      );
    });
    it("asks for a key when there are several entries", () => {
      const v = value([
        { key: "a", textValue: "1" },
        { key: "b", textValue: "2" },
      ]);
      assert.throws(() => v.asString(), /2 entries \(a, b\); name the key/);
    });
  });

  describe("entry keys", () => {
    it("keeps __proto__ as an ordinary key and never answers with inherited properties", () => {
      const v = value([
        { key: "__proto__", textValue: "p" },
        { key: "b", textValue: "2" },
      ]);
      assert.deepEqual(v.keys(), ["__proto__", "b"]);
      assert.equal(v.asString("__proto__"), "p");
      assert.throws(() => v.asString("constructor"), /no entry "constructor"/);
    });
  });

  describe(".asBytes()", () => {
    it("returns binary values as the original bytes", () => {
      const bytes = Buffer.from([0, 1, 254, 255]);
      assert.deepEqual(
        Buffer.from(value([{ key: "k", binaryValue: bytes.toString("base64") }]).asBytes("k")),
        bytes,
      );
    });
    it("returns text values as UTF-8 bytes", () => {
      assert.deepEqual(Buffer.from(value([{ key: "k", textValue: "ab" }]).asBytes()), Buffer.from("ab"));
    });
  });

  describe("JSON", () => {
    it("shows ids and keys but no value", () => {
      const text = JSON.stringify(value([{ key: "password", textValue: "never-print-me" }]));
      assert.deepEqual(JSON.parse(text), {
        secretId: "e6qsecret",
        versionId: "e6qversion",
        keys: ["password"],
      });
    });
  });
});
