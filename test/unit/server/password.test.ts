import * as assert from "node:assert/strict";
import { generatePassword, passwordClasses, DEFAULT_PASSWORD_LENGTH } from "../../../server/crypto/password";
import { ApiError } from "../../../server/errors";

describe("server/crypto/password", () => {
  describe(".generatePassword()", () => {
    it("uses the default length of 36 and includes every class", () => {
      for (let i = 0; i < 200; i++) {
        const pw = generatePassword({ passwordKey: "p" });
        assert.equal(pw.length, DEFAULT_PASSWORD_LENGTH);
        assert.match(pw, /[A-Z]/);
        assert.match(pw, /[a-z]/);
        assert.match(pw, /[0-9]/);
        assert.match(pw, /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/);
      }
    });

    it("includes each class at least once even at the minimum length", () => {
      for (let i = 0; i < 200; i++) {
        const pw = generatePassword({ passwordKey: "p", length: 4 });
        assert.match(pw, /^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{4}$/);
      }
    });

    it("draws punctuation only from includedPunctuation, or the default set minus excludedPunctuation", () => {
      for (let i = 0; i < 100; i++) {
        const only = generatePassword({
          passwordKey: "p",
          includeUppercase: false,
          includeLowercase: false,
          includeDigits: false,
          includedPunctuation: "#!",
        });
        assert.match(only, /^[#!]{36}$/);
        const without = generatePassword({
          passwordKey: "p",
          excludedPunctuation: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}",
        });
        assert.doesNotMatch(without, /[^A-Za-z0-9~]/);
        assert.match(without, /~/);
      }
    });

    it("leaves out classes switched off", () => {
      const pw = generatePassword({
        passwordKey: "p",
        includePunctuation: false,
        includeUppercase: false,
        length: 64,
      });
      assert.match(pw, /^[a-z0-9]{64}$/);
    });
  });

  describe(".passwordClasses()", () => {
    it("rejects every class switched off, a length below the class count, both punctuation lists, and non-punctuation", () => {
      const bad = [
        {
          passwordKey: "p",
          includeUppercase: false,
          includeLowercase: false,
          includeDigits: false,
          includePunctuation: false,
        },
        { passwordKey: "p", length: 3 },
        { passwordKey: "p", includedPunctuation: "!", excludedPunctuation: "?" },
        { passwordKey: "p", includedPunctuation: "a!" },
      ];
      for (const spec of bad) {
        assert.throws(
          () => passwordClasses(spec),
          (e: unknown) => e instanceof ApiError && e.codeName === "INVALID_ARGUMENT",
          JSON.stringify(spec),
        );
      }
    });
  });
});
