import { deepStrictEqual } from "node:assert/strict";
import { passwordSpecStrength } from "../../../policy/policies/password-spec-strength";
import { SECRET_TYPE } from "../../../sdk/types";
import { compliantSecret, generatedSecret } from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

function withSpec(changes: Record<string, unknown>): Record<string, unknown> {
  const secret = generatedSecret();
  return {
    ...secret,
    passwordPayloadSpecification: { ...(secret.passwordPayloadSpecification as object), ...changes },
  };
}

function run(props: Record<string, unknown>, config: object = {}) {
  return runResourcePolicy(passwordSpecStrength, resourceArgs(SECRET_TYPE, "db", props, config));
}

describe("lockbox-password-spec-strength", () => {
  describe(".validateResource()", () => {
    it("accepts a long password from four character classes", async () => {
      deepStrictEqual(await run(generatedSecret()), []);
    });

    it("ignores a secret that does not generate a password", async () => {
      deepStrictEqual(await run(compliantSecret()), []);
    });

    it("reports a password shorter than 20 characters", async () => {
      deepStrictEqual(await run(withSpec({ length: 12 })), [
        'Lockbox secret "db" should generate passwords of at least 20 characters, but its ' +
          "passwordPayloadSpecification.length gives 12: raise length to 20 or more.",
      ]);
    });

    it("counts an absent or zero length as the service default of 36", async () => {
      deepStrictEqual(await run(withSpec({ length: 0 })), []);
      deepStrictEqual(await run(withSpec({ length: undefined })), []);
      deepStrictEqual(await run(withSpec({ length: 0 }), { minLength: 40 }), [
        'Lockbox secret "db" should generate passwords of at least 40 characters, but its ' +
          "passwordPayloadSpecification.length gives 36: raise length to 40 or more.",
      ]);
    });

    it("honours a configured minLength", async () => {
      deepStrictEqual(await run(withSpec({ length: 12 }), { minLength: 12 }), []);
    });

    it("reports a password drawn from fewer than three classes", async () => {
      deepStrictEqual(await run(withSpec({ includeUppercase: false, includePunctuation: false })), [
        'Lockbox secret "db" should generate passwords from at least 3 character classes, but it uses 2: ' +
          'turn on more of "uppercase" and "punctuation" in passwordPayloadSpecification.',
      ]);
    });

    it("counts absent include flags as turned on", async () => {
      deepStrictEqual(
        await run({ ...compliantSecret(), passwordPayloadSpecification: { passwordKey: "p" } }),
        [],
      );
    });

    it("counts punctuation while at least one punctuation character stays allowed", async () => {
      const allButTilde = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}";
      deepStrictEqual(await run(withSpec({ includeDigits: false, excludedPunctuation: allButTilde })), []);
      deepStrictEqual(await run(withSpec({ includeDigits: false, includedPunctuation: "-_" })), []);
    });

    it("does not count punctuation when excludedPunctuation removes the whole set", async () => {
      const all = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
      deepStrictEqual(await run(withSpec({ includeDigits: false, excludedPunctuation: all })), [
        'Lockbox secret "db" should generate passwords from at least 3 character classes, but it uses 2: ' +
          'turn on more of "digits" and "punctuation" in passwordPayloadSpecification.',
      ]);
    });

    it("reports a class listed in requiredCharacterClasses that is turned off", async () => {
      deepStrictEqual(
        await run(withSpec({ includePunctuation: false }), { requiredCharacterClasses: ["punctuation"] }),
        [
          'Lockbox secret "db" should include punctuation characters in generated passwords: set ' +
            "passwordPayloadSpecification.includePunctuation to true and leave at least one punctuation character allowed.",
        ],
      );
      deepStrictEqual(
        await run(withSpec({ includeDigits: false }), { requiredCharacterClasses: ["digits"] }),
        [
          'Lockbox secret "db" should include digits characters in generated passwords: set ' +
            "passwordPayloadSpecification.includeDigits to true.",
        ],
      );
    });

    it("skips a secret listed in excludeResources", async () => {
      deepStrictEqual(await run(withSpec({ length: 8 }), { excludeResources: ["db"] }), []);
    });

    describe("when the spec is unknown during preview", () => {
      it("reports nothing for an unknown spec", async () => {
        deepStrictEqual(
          await run({ ...compliantSecret(), passwordPayloadSpecification: unknown.object }),
          [],
        );
      });

      it("skips the length check for an unknown length and counts unknown flags as on", async () => {
        const props = withSpec({
          length: unknown.number,
          includeUppercase: false,
          includeDigits: unknown.boolean,
          includePunctuation: unknown.boolean,
        });
        deepStrictEqual(await run(props), []);
      });
    });
  });
});
