import { deepStrictEqual, equal, notDeepStrictEqual } from "node:assert/strict";
import { policies } from "../../../policy/policies";
import { isKind, isNative, lockboxKind } from "../../../policy/policies/common";
import { secretHasCurrentVersion } from "../../../policy/policies/secret-has-current-version";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import * as types from "../../../sdk/types";
import {
  compliantBinding,
  compliantBindingMember,
  compliantKmsKey,
  compliantSecret,
  compliantVersion,
} from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, runStackPolicy, urnOf } from "../../helpers/policy";

/** The native provider's type token of a dynamic resource's type token. */
function nativeOf(dynamicType: string): string {
  return `lockbox:index:${dynamicType.slice("pulumi-nodejs:dynamic/lockbox:".length)}`;
}

/** Native resources carry no serialized provider code. */
function withoutProvider(props: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _drop, ...rest } = props;
  return rest;
}

// One case per resource policy: a resource that breaks it, under its dynamic type token. The same
// props under the native type token must give the same violations.
const BREAKING: { policy: string; type: string; props: Record<string, unknown>; config?: object }[] = [
  {
    policy: "lockbox-secret-require-kms-key",
    type: types.SECRET_TYPE,
    props: { ...compliantSecret(), kmsKeyId: "" },
  },
  {
    policy: "lockbox-secret-allowed-kms-keys",
    type: types.SECRET_TYPE,
    props: compliantSecret(),
    config: { allowedKeyIds: ["abjsomeotherkey00000"] },
  },
  {
    policy: "lockbox-secret-require-deletion-protection",
    type: types.SECRET_TYPE,
    props: { ...compliantSecret(), deletionProtection: false },
  },
  {
    policy: "lockbox-secret-required-labels",
    type: types.SECRET_TYPE,
    props: compliantSecret(),
    config: { requiredLabels: ["owner"] },
  },
  {
    policy: "lockbox-password-spec-strength",
    type: types.SECRET_TYPE,
    props: { ...compliantSecret(), passwordPayloadSpecification: { passwordKey: "p", length: 8 } },
  },
  {
    policy: "lockbox-version-no-plaintext-values",
    type: types.SECRET_VERSION_TYPE,
    props: { ...compliantVersion(), entrySources: { password: "plaintext", "api-token": "computed" } },
  },
  {
    policy: "lockbox-version-min-destruction-pending-period",
    type: types.SECRET_VERSION_TYPE,
    props: { ...compliantVersion(), destructionPendingPeriod: "60s" },
  },
  {
    policy: "lockbox-binding-no-public-members",
    type: types.ACCESS_BINDING_TYPE,
    props: { ...compliantBinding(), members: ["system:allUsers"] },
  },
  {
    policy: "lockbox-binding-no-public-members",
    type: types.ACCESS_BINDING_MEMBER_TYPE,
    props: { ...compliantBindingMember(), member: "system:allAuthenticatedUsers" },
  },
  {
    policy: "lockbox-binding-no-public-members",
    type: types.KMS_KEY_ACCESS_BINDING_TYPE,
    props: { keyId: "abjkey", role: "kms.keys.encrypterDecrypter", members: ["system:allUsers"] },
  },
  {
    policy: "lockbox-binding-no-public-members",
    type: types.KMS_KEY_ACCESS_BINDING_MEMBER_TYPE,
    props: { keyId: "abjkey", role: "kms.keys.encrypterDecrypter", member: "system:allUsers" },
  },
  {
    policy: "lockbox-kms-key-require-deletion-protection",
    type: types.KMS_SYMMETRIC_KEY_TYPE,
    props: { ...compliantKmsKey(), deletionProtection: false },
  },
  {
    policy: "lockbox-kms-key-require-rotation",
    type: types.KMS_SYMMETRIC_KEY_TYPE,
    props: { ...compliantKmsKey(), rotationPeriod: undefined },
  },
];

function resourcePolicy(name: string): ResourceValidationPolicy {
  const found = policies.find((p) => p.name === name);
  if (!found || !("validateResource" in found)) throw new Error(`${name} is not a resource policy`);
  return found;
}

describe("the policy pack on the native provider's resources (lockbox:index:*)", () => {
  describe("lockboxKind() / isKind() / isNative()", () => {
    it("names the same kind for the dynamic and the native token", () => {
      equal(lockboxKind(types.SECRET_TYPE), "Secret");
      equal(lockboxKind("lockbox:index:Secret"), "Secret");
      equal(lockboxKind("lockbox:index:KmsKeyAccessBindingMember"), "KmsKeyAccessBindingMember");
    });

    it("names no kind for other types, the provider resource or a bare prefix", () => {
      equal(lockboxKind("aws:s3/bucket:Bucket"), undefined);
      equal(lockboxKind("pulumi:providers:lockbox"), undefined);
      equal(lockboxKind("lockbox:index:"), undefined);
      equal(lockboxKind("pulumi-nodejs:dynamic/other:Secret"), undefined);
    });

    it("matches a kind across the two paths but never across kinds", () => {
      equal(isKind("lockbox:index:Secret", types.SECRET_TYPE), true);
      equal(isKind(types.SECRET_TYPE, types.SECRET_TYPE), true);
      equal(isKind("lockbox:index:SecretVersion", types.SECRET_TYPE), false);
      equal(isKind("other:index:Secret", types.SECRET_TYPE), false);
    });

    it("tells a native token from a dynamic one", () => {
      equal(isNative("lockbox:index:Secret"), true);
      equal(isNative(types.SECRET_TYPE), false);
    });
  });

  for (const c of BREAKING) {
    const kind = lockboxKind(c.type);
    it(`${c.policy} reports a breaking ${kind} under lockbox:index:${kind} as under the dynamic type`, async () => {
      const policy = resourcePolicy(c.policy);
      const dynamic = await runResourcePolicy(policy, resourceArgs(c.type, "r", c.props, c.config));
      notDeepStrictEqual(dynamic, [], "the case does not break the policy");
      const native = await runResourcePolicy(
        policy,
        resourceArgs(nativeOf(c.type), "r", withoutProvider(c.props), c.config),
      );
      deepStrictEqual(native, dynamic);
    });
  }

  it("every resource policy but the serialized-provider one has a native case above", () => {
    const covered = new Set(BREAKING.map((c) => c.policy));
    const resourcePolicies = policies.filter((p) => "validateResource" in p).map((p) => p.name);
    deepStrictEqual(
      resourcePolicies.filter((n) => !covered.has(n)),
      ["lockbox-provider-no-embedded-credentials"],
    );
  });

  it("lockbox-secret-require-kms-key passes a native secret with a key", async () => {
    const policy = resourcePolicy("lockbox-secret-require-kms-key");
    const args = resourceArgs("lockbox:index:Secret", "db", withoutProvider(compliantSecret()));
    deepStrictEqual(await runResourcePolicy(policy, args), []);
  });

  it("lockbox-provider-no-embedded-credentials leaves native resources alone (they carry no __provider)", async () => {
    const policy = resourcePolicy("lockbox-provider-no-embedded-credentials");
    const args = resourceArgs("lockbox:index:Secret", "db", withoutProvider(compliantSecret()));
    deepStrictEqual(await runResourcePolicy(policy, args), []);
  });

  describe("lockbox-secret-has-current-version (stack policy)", () => {
    const SECRET = "lockbox:index:Secret";
    const VERSION = "lockbox:index:SecretVersion";

    it("reports a native secret without a version", async () => {
      const stack = [{ type: SECRET, name: "db", props: withoutProvider(compliantSecret()) }];
      const violations = await runStackPolicy(secretHasCurrentVersion, stack);
      deepStrictEqual(
        violations.map((v) => v.urn),
        [urnOf(SECRET, "db")],
      );
    });

    it("accepts a native secret whose native version's secretId comes from it", async () => {
      const stack = [
        { type: SECRET, name: "db", props: withoutProvider(compliantSecret()) },
        {
          type: VERSION,
          name: "db-v1",
          props: withoutProvider(compliantVersion()),
          propertyDependencies: { secretId: ["db"] },
        },
      ];
      deepStrictEqual(await runStackPolicy(secretHasCurrentVersion, stack), []);
    });
  });
});
