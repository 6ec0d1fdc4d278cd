import { deepStrictEqual } from "node:assert/strict";
import { bindingNoPublicMembers } from "../../../policy/policies/binding-no-public-members";
import {
  ACCESS_BINDING_MEMBER_TYPE,
  ACCESS_BINDING_TYPE,
  KMS_KEY_ACCESS_BINDING_MEMBER_TYPE,
  KMS_KEY_ACCESS_BINDING_TYPE,
  SECRET_TYPE,
} from "../../../sdk/types";
import {
  APP_MEMBER,
  compliantBinding,
  compliantBindingMember,
  compliantSecret,
} from "../../helpers/policy-fixtures";
import { resourceArgs, runResourcePolicy, unknown } from "../../helpers/policy";

function publicMember(role: string | undefined, member: string): string {
  return (
    `Access binding "b" should not grant ${role ? `role "${role}"` : "a role"} to the public member "${member}": ` +
    "remove it from the members and grant the role to specific accounts or groups instead."
  );
}

function outsideAllowList(role: string, member: string): string {
  return (
    `Access binding "b" should not grant role "${role}", which reads secret payloads, to "${member}", a member ` +
    "outside payloadViewerAllowedMembers: grant a role without payload access, or add the member to " +
    "payloadViewerAllowedMembers in the policy configuration."
  );
}

function run(props: Record<string, unknown>, config: object = {}, type = ACCESS_BINDING_TYPE) {
  return runResourcePolicy(bindingNoPublicMembers, resourceArgs(type, "b", props, config));
}

describe("lockbox-binding-no-public-members", () => {
  describe(".validateResource()", () => {
    it("accepts payload access for one service account", async () => {
      deepStrictEqual(await run(compliantBinding()), []);
      deepStrictEqual(await run(compliantBindingMember(), {}, ACCESS_BINDING_MEMBER_TYPE), []);
    });

    it("reports system:allUsers in a binding's members", async () => {
      const props = { ...compliantBinding(), members: [APP_MEMBER, "system:allUsers"] };
      deepStrictEqual(await run(props), [publicMember("lockbox.payloadViewer", "system:allUsers")]);
    });

    it("reports system:allAuthenticatedUsers for any role", async () => {
      const props = {
        ...compliantBinding(),
        role: "lockbox.viewer",
        members: ["system:allAuthenticatedUsers"],
      };
      deepStrictEqual(await run(props), [publicMember("lockbox.viewer", "system:allAuthenticatedUsers")]);
    });

    it("reports a public member added with an AccessBindingMember", async () => {
      const props = { ...compliantBindingMember(), member: "system:allUsers" };
      deepStrictEqual(await run(props, {}, ACCESS_BINDING_MEMBER_TYPE), [
        publicMember("lockbox.payloadViewer", "system:allUsers"),
      ]);
    });

    describe("on a KmsKeyAccessBinding", () => {
      const keyBinding = (members: string[]) => ({
        keyId: "abjkey0000000000000a",
        role: "kms.keys.encrypterDecrypter",
        members,
        __provider: compliantBinding().__provider,
      });

      it("accepts a key role for one service account", async () => {
        deepStrictEqual(await run(keyBinding([APP_MEMBER]), {}, KMS_KEY_ACCESS_BINDING_TYPE), []);
      });

      it("reports a public member of a key role", async () => {
        deepStrictEqual(
          await run(
            keyBinding([APP_MEMBER, "system:allAuthenticatedUsers"]),
            {},
            KMS_KEY_ACCESS_BINDING_TYPE,
          ),
          [publicMember("kms.keys.encrypterDecrypter", "system:allAuthenticatedUsers")],
        );
      });

      it("does not count a key role as a payload role under the allow-list", async () => {
        const config = { payloadViewerAllowedMembers: [APP_MEMBER] };
        const props = keyBinding(["userAccount:ajeintern0000000000"]);
        deepStrictEqual(await run(props, config, KMS_KEY_ACCESS_BINDING_TYPE), []);
      });

      it("does not count admin on a key as payload access, even though it is a payload role on a secret", async () => {
        const config = { payloadViewerAllowedMembers: [APP_MEMBER] };
        for (const role of ["admin", "lockbox.admin", "lockbox.payloadViewer"]) {
          const props = { ...keyBinding(["userAccount:ajeintern0000000000"]), role };
          deepStrictEqual(await run(props, config, KMS_KEY_ACCESS_BINDING_TYPE), [], role);
        }
      });

      it("reports a public member added with a KmsKeyAccessBindingMember, and not a key role as payload access", async () => {
        const member = (m: string) => ({
          keyId: "abjkey0000000000000a",
          role: "kms.keys.encrypterDecrypter",
          member: m,
          __provider: compliantBinding().__provider,
        });
        deepStrictEqual(await run(member("system:allUsers"), {}, KMS_KEY_ACCESS_BINDING_MEMBER_TYPE), [
          publicMember("kms.keys.encrypterDecrypter", "system:allUsers"),
        ]);
        const config = { payloadViewerAllowedMembers: [APP_MEMBER] };
        const admin = { ...member("userAccount:ajeintern0000000000"), role: "admin" };
        deepStrictEqual(await run(admin, config, KMS_KEY_ACCESS_BINDING_MEMBER_TYPE), []);
      });

      it("still reports a public member of a key's admin role", async () => {
        const props = { ...keyBinding(["system:allUsers"]), role: "admin" };
        deepStrictEqual(
          await run(props, { payloadViewerAllowedMembers: [APP_MEMBER] }, KMS_KEY_ACCESS_BINDING_TYPE),
          [publicMember("admin", "system:allUsers")],
        );
      });
    });

    it("reports members matching a configured forbiddenMembers prefix", async () => {
      const props = { ...compliantBinding(), members: ["system:group:organization:bpf123:users"] };
      deepStrictEqual(await run(props, { forbiddenMembers: ["system:*"] }), [
        publicMember("lockbox.payloadViewer", "system:group:organization:bpf123:users"),
      ]);
    });

    describe("with payloadViewerAllowedMembers", () => {
      const config = { payloadViewerAllowedMembers: [APP_MEMBER, "group:ops*"] };

      it("accepts payload roles for allowed members", async () => {
        const props = { ...compliantBinding(), members: [APP_MEMBER, "group:ops-oncall"] };
        deepStrictEqual(await run(props, config), []);
      });

      it("reports a payload role granted to a member outside the allow-list", async () => {
        const props = { ...compliantBinding(), members: [APP_MEMBER, "userAccount:ajeintern0000000000"] };
        deepStrictEqual(await run(props, config), [
          outsideAllowList("lockbox.payloadViewer", "userAccount:ajeintern0000000000"),
        ]);
      });

      it("treats lockbox.admin and primitive admin as payload roles", async () => {
        for (const role of ["lockbox.admin", "admin"]) {
          const props = { ...compliantBinding(), role, members: ["userAccount:ajeintern0000000000"] };
          deepStrictEqual(await run(props, config), [
            outsideAllowList(role, "userAccount:ajeintern0000000000"),
          ]);
        }
      });

      it("accepts roles without payload access for anyone", async () => {
        const props = {
          ...compliantBinding(),
          role: "lockbox.viewer",
          members: ["userAccount:ajeintern0000000000"],
        };
        deepStrictEqual(await run(props, config), []);
      });
    });

    it("also reads the role from roleId, the API's name for it", async () => {
      const { role: _drop, ...rest } = compliantBinding();
      const props = {
        ...rest,
        roleId: "lockbox.payloadViewer",
        members: ["userAccount:ajeintern0000000000"],
      };
      deepStrictEqual(await run(props, { payloadViewerAllowedMembers: [APP_MEMBER] }), [
        outsideAllowList("lockbox.payloadViewer", "userAccount:ajeintern0000000000"),
      ]);
    });

    it("ignores resources that are not access bindings", async () => {
      deepStrictEqual(await run(compliantSecret(), {}, SECRET_TYPE), []);
    });

    it("skips a binding listed in excludeResources", async () => {
      const props = { ...compliantBinding(), members: ["system:allUsers"] };
      deepStrictEqual(await run(props, { excludeResources: ["b"] }), []);
    });

    describe("when values are unknown during preview", () => {
      it("reports nothing for unknown members", async () => {
        deepStrictEqual(await run({ ...compliantBinding(), members: unknown.array }), []);
        deepStrictEqual(await run({ ...compliantBinding(), members: [unknown.string] }), []);
        const member = { ...compliantBindingMember(), member: unknown.string };
        deepStrictEqual(await run(member, {}, ACCESS_BINDING_MEMBER_TYPE), []);
      });

      it("still reports a known public member under an unknown role", async () => {
        const props = {
          ...compliantBinding(),
          role: unknown.string,
          members: [unknown.string, "system:allUsers"],
        };
        deepStrictEqual(await run(props, { payloadViewerAllowedMembers: [] }), [
          publicMember(undefined, "system:allUsers"),
        ]);
      });
    });
  });
});
