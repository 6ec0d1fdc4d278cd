import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../../policy/policies";
import { POLICY_DIR } from "../../helpers/policy";

const POLICIES_DIR = path.join(POLICY_DIR, "policies");
const policyFiles = fs
  .readdirSync(POLICIES_DIR)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "common.ts")
  .sort();

// The default enforcement level of every policy, as policy/README.md documents it.
const DEFAULT_LEVELS: Record<string, string> = {
  "lockbox-secret-require-kms-key": "mandatory",
  "lockbox-secret-allowed-kms-keys": "mandatory",
  "lockbox-secret-require-deletion-protection": "advisory",
  "lockbox-secret-required-labels": "advisory",
  "lockbox-password-spec-strength": "mandatory",
  "lockbox-version-no-plaintext-values": "mandatory",
  "lockbox-version-min-destruction-pending-period": "advisory",
  "lockbox-binding-no-public-members": "mandatory",
  "lockbox-kms-key-require-deletion-protection": "advisory",
  "lockbox-kms-key-require-rotation": "advisory",
  "lockbox-provider-no-embedded-credentials": "mandatory",
  "lockbox-secret-has-current-version": "advisory",
};

describe("policy pack", () => {
  describe("package", () => {
    it("has its own package.json with a name and a version", () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as Record<
        string,
        unknown
      >;
      match(String(pkg.name), /^[a-z][-a-z0-9]*$/);
      match(String(pkg.version), /^\d+\.\d+\.\d+/);
    });

    it("declares the nodejs runtime in PulumiPolicy.yaml", () => {
      match(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    });
  });

  describe("README", () => {
    it("configures only real policies and options in its example", () => {
      const readme = fs.readFileSync(path.join(POLICY_DIR, "README.md"), "utf8");
      const block = /```json\n([\s\S]*?)```/.exec(readme);
      ok(block, "no JSON example");
      const example = JSON.parse(block[1]!) as Record<string, unknown>;
      for (const [name, config] of Object.entries(example)) {
        const policy = policies.find((p) => p.name === name);
        ok(policy, `${name} is not a policy`);
        if (typeof config === "string") continue;
        for (const option of Object.keys(config as object)) {
          if (option === "enforcementLevel") continue;
          ok(policy.configSchema?.properties[option], `${name} has no option ${option}`);
        }
      }
    });
  });

  describe("policies", () => {
    it("lists one policy per file, named lockbox-<file name>", () => {
      const names = policies.map((p) => p.name).sort();
      deepStrictEqual(names, policyFiles.map((f) => `lockbox-${path.basename(f, ".ts")}`).sort());
    });

    it("has the documented default enforcement level for each policy", () => {
      deepStrictEqual(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])), DEFAULT_LEVELS);
    });

    for (const policy of policies) {
      describe(policy.name, () => {
        it("has a stable kebab-case name", () => {
          match(policy.name, /^lockbox(-[a-z0-9]+)+$/);
        });

        it("has a one-sentence description", () => {
          match(policy.description, /^[A-Z][^.]*\.$/);
          ok(policy.description.length <= 120, `${policy.description.length} characters`);
        });

        it("repeats the description in the JSDoc of its export", () => {
          const file = path.join(POLICIES_DIR, `${policy.name.replace(/^lockbox-/, "")}.ts`);
          const doc = /\/\*\*\n((?: \*.*\n)*?) \*\/\nexport const/.exec(fs.readFileSync(file, "utf8"));
          ok(doc, "no JSDoc before the export");
          const first = doc[1]!
            .split(/\n \*\n/)[0]!
            .replace(/\n? \* ?/g, " ")
            .trim();
          strictEqual(first, policy.description);
        });

        it("accepts the shared includeResources and excludeResources options", () => {
          const props = policy.configSchema?.properties ?? {};
          ok(props.includeResources && props.excludeResources);
        });

        it("is listed with its default level and every option in policy/README.md", () => {
          const readme = fs.readFileSync(path.join(POLICY_DIR, "README.md"), "utf8");
          const row = readme.split("\n").find((l) => l.startsWith(`| \`${policy.name}\``));
          ok(row, "no README table row");
          ok(row.includes(String(policy.enforcementLevel)), row);
          for (const option of Object.keys(policy.configSchema?.properties ?? {})) {
            if (option === "includeResources" || option === "excludeResources") continue;
            ok(row.includes(`\`${option}\``), `the README row of ${policy.name} does not list ${option}`);
          }
        });
      });
    }
  });
});
