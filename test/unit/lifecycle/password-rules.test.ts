import { strict as assert } from "node:assert";
import {
  DEFAULT_PASSWORD_LENGTH,
  passwordCharacterClasses,
  passwordSpecProblems,
} from "../../../provider/api/password-rules";

const fields = (spec: Parameters<typeof passwordSpecProblems>[0]) =>
  passwordSpecProblems(spec).map((p) => p.field);

describe("password spec rules (provider/api/password-rules)", () => {
  it("accepts the defaults and common specs", () => {
    assert.deepEqual(passwordSpecProblems({ passwordKey: "p" }), []);
    assert.deepEqual(passwordSpecProblems({ passwordKey: "p", length: 4 }), []);
    assert.deepEqual(passwordSpecProblems({ passwordKey: "p", excludedPunctuation: "\"'`\\" }), []);
    assert.deepEqual(passwordSpecProblems({ passwordKey: "p", includedPunctuation: "!#" }), []);
  });
  it("refuses both punctuation lists", () => {
    assert.deepEqual(fields({ passwordKey: "p", includedPunctuation: "!", excludedPunctuation: "#" }), [
      "includedPunctuation",
    ]);
  });
  it("refuses characters outside the 32 ASCII punctuation characters, naming the list", () => {
    assert.deepEqual(fields({ passwordKey: "p", includedPunctuation: "!a" }), ["includedPunctuation"]);
    assert.deepEqual(fields({ passwordKey: "p", excludedPunctuation: "é" }), ["excludedPunctuation"]);
    assert.match(passwordSpecProblems({ passwordKey: "p", excludedPunctuation: " " })[0]!.reason, /" "/);
  });
  it("refuses a spec with every character class off", () => {
    const spec = {
      passwordKey: "p",
      includeUppercase: false,
      includeLowercase: false,
      includeDigits: false,
      includePunctuation: false,
    };
    assert.deepEqual(fields(spec), [""]);
    assert.match(passwordSpecProblems(spec)[0]!.reason, /at least one character class/);
  });
  it("refuses a length below the number of included classes", () => {
    assert.deepEqual(fields({ passwordKey: "p", length: 3 }), ["length"]);
    assert.match(passwordSpecProblems({ passwordKey: "p", length: 3 })[0]!.reason, /at least 4/);
    assert.deepEqual(fields({ passwordKey: "p", length: 3, includeDigits: false }), []);
    assert.deepEqual(fields({ passwordKey: "p", length: "2", includeDigits: false }), ["length"]);
  });
  it("names the character classes a password draws from (unset BoolValues mean true)", () => {
    assert.equal(passwordCharacterClasses({ passwordKey: "p" }).length, 4);
    assert.deepEqual(
      passwordCharacterClasses({
        passwordKey: "p",
        includePunctuation: null,
        includedPunctuation: "!!#",
        includeUppercase: false,
        includeLowercase: false,
        includeDigits: false,
      }),
      ["!#"],
    );
    assert.equal(DEFAULT_PASSWORD_LENGTH, 36);
  });
});
