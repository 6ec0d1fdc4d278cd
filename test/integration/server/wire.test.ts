/**
 * Pins lockbox-local's wire format with raw fetch (docs/conventions.md#tests-use-real-parts), so the client
 * and the server cannot agree on the same mistake. Shapes follow docs/lockbox-api.md#wire-format (and its
 * Resources, Operations and Errors sections).
 */
import * as assert from "node:assert/strict";
import { startLocalServer, TEST_FOLDER, type LocalServer } from "../../helpers/server";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ID = /^e6q[0-9a-v]{17}$/;

describe("lockbox-local wire format", () => {
  let server: LocalServer;
  const req = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${server.rootToken}`, ...headers },
      body,
    });
  before(async () => {
    server = await startLocalServer();
  });

  describe("an Operation", () => {
    it("has exactly the envelope fields, @type on metadata and response, and no default-valued secret fields", async () => {
      const res = await req(
        "POST",
        "/lockbox/v1/secrets",
        JSON.stringify({ folderId: TEST_FOLDER, versionPayloadEntries: [{ key: "k", textValue: "v" }] }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json");
      const op = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(op).sort(), [
        "createdAt",
        "createdBy",
        "description",
        "done",
        "id",
        "metadata",
        "modifiedAt",
        "response",
      ]);
      assert.match(String(op.id), ID);
      assert.match(String(op.createdAt), RFC3339);
      assert.equal(op.description, "Create secret");
      const metadata = op.metadata as Record<string, unknown>;
      assert.deepEqual(Object.keys(metadata).sort(), ["@type", "secretId", "versionId"]);
      const secret = op.response as Record<string, unknown>;
      assert.deepEqual(Object.keys(secret), [
        "@type",
        "id",
        "folderId",
        "createdAt",
        "status",
        "currentVersion",
        "deletionProtection",
      ]);
      assert.equal(secret.deletionProtection, false);
      const version = secret.currentVersion as Record<string, unknown>;
      assert.deepEqual(Object.keys(version), ["id", "secretId", "createdAt", "status", "payloadEntryKeys"]);
      assert.match(String(version.createdAt), RFC3339);
    });
  });

  describe("a generated secret", () => {
    it("prints int64 length as a string and unset BoolValues not at all", async () => {
      const res = await req(
        "POST",
        "/lockbox/v1/secrets",
        JSON.stringify({
          folderId: TEST_FOLDER,
          passwordPayloadSpecification: {
            passwordKey: "p",
            length: 20,
            includeDigits: false,
            includeUppercase: null,
          },
        }),
      );
      const op = (await res.json()) as { response: { passwordPayloadSpecification: unknown } };
      assert.deepEqual(op.response.passwordPayloadSpecification, {
        passwordKey: "p",
        length: "20",
        includeDigits: false,
      });
    });

    it("accepts length as a string, as proto3 JSON allows for int64", async () => {
      const res = await req(
        "POST",
        "/lockbox/v1/secrets",
        JSON.stringify({
          folderId: TEST_FOLDER,
          passwordPayloadSpecification: { passwordKey: "p", length: "12" },
        }),
      );
      assert.equal(res.status, 200);
    });
  });

  describe("an error", () => {
    it("is a google.rpc.Status whose RequestInfo matches the x-request-id header", async () => {
      const res = await req("GET", "/lockbox/v1/secrets/e6q00000000000000000");
      assert.equal(res.status, 404);
      const body = (await res.json()) as {
        code: number;
        message: string;
        details: Array<Record<string, unknown>>;
      };
      assert.deepEqual(Object.keys(body), ["code", "message", "details"]);
      assert.equal(body.code, 5);
      assert.equal(body.details.length, 1);
      assert.deepEqual(Object.keys(body.details[0]!), ["@type", "requestId"]);
      assert.equal(body.details[0]!["@type"], "type.googleapis.com/google.rpc.RequestInfo");
      assert.equal(body.details[0]!.requestId, res.headers.get("x-request-id"));
    });

    it("maps codes to HTTP statuses by Yandex's table (FAILED_PRECONDITION is 400)", async () => {
      const create = await req(
        "POST",
        "/lockbox/v1/secrets",
        JSON.stringify({ folderId: TEST_FOLDER, deletionProtection: true }),
      );
      const id = ((await create.json()) as { metadata: { secretId: string } }).metadata.secretId;
      const del = await req("DELETE", `/lockbox/v1/secrets/${id}`);
      assert.equal(del.status, 400);
      assert.equal(((await del.json()) as { code: number }).code, 9);
    });

    it("answers a body that is not JSON with INVALID_ARGUMENT", async () => {
      const res = await req("POST", "/lockbox/v1/secrets", "{not json", {
        "content-type": "application/json",
      });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { code: number }).code, 3);
    });

    it("answers a wrong JSON type with INVALID_ARGUMENT naming the field", async () => {
      const res = await req(
        "POST",
        "/lockbox/v1/secrets",
        JSON.stringify({ folderId: TEST_FOLDER, deletionProtection: "yes" }),
      );
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { message: string }).message, /deletionProtection/);
    });

    it("answers an unknown path and a wrong verb with NOT_FOUND", async () => {
      const unknown = await req("GET", "/lockbox/v2/nothing");
      assert.equal(unknown.status, 404);
      const verb = await req("PUT", "/lockbox/v1/secrets");
      assert.equal(verb.status, 404);
      assert.equal(((await verb.json()) as { code: number }).code, 5);
    });
  });

  describe("proto3 JSON input rules", () => {
    const create = async () => {
      const res = await req(
        "POST",
        "/lockbox/v1/secrets",
        JSON.stringify({ folderId: TEST_FOLDER, description: "before", labels: { a: "b" } }),
      );
      return ((await res.json()) as { metadata: { secretId: string } }).metadata.secretId;
    };

    it("answers a path with bad percent-encoding with INVALID_ARGUMENT, not INTERNAL", async () => {
      const res = await req("GET", "/lockbox/v1/secrets/%E0%A4");
      assert.equal(res.status, 400);
      const body = (await res.json()) as { code: number; message: string };
      assert.equal(body.code, 3);
      assert.match(body.message, /percent-encoding/);
    });

    it("treats a JSON null field as its default value", async () => {
      const id = await create();
      const res = await req(
        "PATCH",
        `/lockbox/v1/secrets/${id}`,
        JSON.stringify({ updateMask: "description,labels", description: null, labels: null }),
      );
      assert.equal(res.status, 200, await res.clone().text());
      const secret = (await (await req("GET", `/lockbox/v1/secrets/${id}`)).json()) as Record<
        string,
        unknown
      >;
      assert.equal(secret.description, undefined);
      assert.equal(secret.labels, undefined);
    });

    it("accepts an enum by its number: updateAccessBindings action 1 is ADD, 2 is REMOVE", async () => {
      const id = await create();
      const binding = {
        roleId: "lockbox.viewer",
        subject: { type: "userAccount", id: "aje00000000000000009" },
      };
      const path = `/lockbox/v1/secrets/${id}`;
      const add = await req(
        "POST",
        `${path}:updateAccessBindings`,
        JSON.stringify({ accessBindingDeltas: [{ action: 1, accessBinding: binding }] }),
      );
      assert.equal(add.status, 200, await add.clone().text());
      const listed = (await (await req("GET", `${path}:listAccessBindings`)).json()) as Record<
        string,
        unknown
      >;
      assert.deepEqual(listed.accessBindings, [binding]);
      const remove = await req(
        "POST",
        `${path}:updateAccessBindings`,
        JSON.stringify({ accessBindingDeltas: [{ action: 2, accessBinding: binding }] }),
      );
      assert.equal(remove.status, 200);
      const after = (await (await req("GET", `${path}:listAccessBindings`)).json()) as Record<
        string,
        unknown
      >;
      assert.deepEqual(after.accessBindings, []);
      for (const action of [0, 3, 1.5, -1]) {
        const bad = await req(
          "POST",
          `${path}:updateAccessBindings`,
          JSON.stringify({ accessBindingDeltas: [{ action, accessBinding: binding }] }),
        );
        assert.equal(bad.status, 400, `action ${action}`);
        assert.match(((await bad.json()) as { message: string }).message, /action/);
      }
    });

    it("accepts KMS defaultAlgorithm by its number (1 is AES_128)", async () => {
      const res = await req(
        "POST",
        "/kms/v1/keys",
        JSON.stringify({ folderId: TEST_FOLDER, defaultAlgorithm: 1 }),
      );
      assert.equal(res.status, 200, await res.clone().text());
      const op = (await res.json()) as { response: { defaultAlgorithm: string } };
      assert.equal(op.response.defaultAlgorithm, "AES_128");
      const zero = await req(
        "POST",
        "/kms/v1/keys",
        JSON.stringify({ folderId: TEST_FOLDER, defaultAlgorithm: 0 }),
      );
      assert.equal(zero.status, 400);
      assert.match(((await zero.json()) as { message: string }).message, /defaultAlgorithm/);
    });
  });

  describe("a List response", () => {
    it("has the items under the API's key and nextPageToken only when another page exists", async () => {
      const folder = "b1gwirelist";
      for (let i = 0; i < 2; i++) {
        await req("POST", "/lockbox/v1/secrets", JSON.stringify({ folderId: folder }));
      }
      const first = (await (
        await req("GET", `/lockbox/v1/secrets?folderId=${folder}&pageSize=1`)
      ).json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(first).sort(), ["nextPageToken", "secrets"]);
      const all = (await (
        await req("GET", `/lockbox/v1/secrets?folderId=${folder}&pageSize="2"`)
      ).json()) as Record<string, unknown>;
      assert.equal(all.code, 3, "pageSize must be a number or a numeric string without quotes");
      const last = (await (
        await req("GET", `/lockbox/v1/secrets?folderId=${folder}&pageSize=2`)
      ).json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(last), ["secrets"]);
    });
  });

  describe("the IAM exchange", () => {
    it("answers {iamToken, expiresAt} and needs no Authorization", async () => {
      const res = await fetch(`${server.url}/iam/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ yandexPassportOauthToken: "y0_unknown" }),
      });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: number }).code, 16);
    });
  });

  describe("GET /health", () => {
    it("answers 200 without a token", async () => {
      const res = await fetch(`${server.url}/health`);
      assert.equal(res.status, 200);
    });
  });
});
