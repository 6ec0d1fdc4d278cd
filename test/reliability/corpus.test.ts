/**
 * Malformed-input corpus: a table of hostile and broken requests over every route lockbox-local
 * serves. Each must get a 4xx with a google.rpc.Status body whose `code` matches the HTTP status,
 * and must leave the database exactly as it was (digest of every table before and after).
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { as, createSecret, done } from "../integration/server/http";
import { dbDigest, errorProblems, printFigures, rawRequest, type RawResponse } from "../helpers/reliability";
import {
  createServiceAccount,
  createUser,
  signServiceAccountJwt,
  startLocalServer,
  TEST_FOLDER,
  type AuthorizedKeyJson,
  type InProcessServer,
} from "../helpers/server";

/** One corpus case. */
interface Case {
  /** The route template it exercises, e.g. "POST /lockbox/v1/secrets". */
  route: string;
  name: string;
  method: string;
  path: string;
  /** Bearer token; null sends no Authorization header; a raw header goes in `headers`. */
  token?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  status: number | number[];
}

/** Everything the cases refer to, created before the corpus runs. */
interface Fixture {
  root: string;
  viewer: string;
  nobody: string;
  expired: string;
  oauth: string;
  key: AuthorizedKeyJson;
  otherKey: AuthorizedKeyJson;
  kmsKey: string;
  protectedKmsKey: string;
  secret: string;
  secretName: string;
  current: string;
  destroyed: string;
  protectedSecret: string;
  inactive: string;
  generated: string;
  operation: string;
}

const S = "/lockbox/v1/secrets";
const K = "/kms/v1/keys";
const F = "/resource-manager/v1/folders";
const MISSING_SECRET = "e6q00000000000000000";
const MISSING_KEY = "abj00000000000000000";
const LONG_ID = "e6q" + "0".repeat(48); // 51 characters
const flip = (token: string) => token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
const nested = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth);

/** Every route, with a valid path and body for the fixture (cases break one thing at a time). */
function routes(f: Fixture) {
  const s = `${S}/${f.secret}`;
  const k = `${K}/${f.kmsKey}`;
  return [
    { m: "GET", t: `${S}/{secretId}`, p: s, id: "secret" },
    { m: "GET", t: S, p: `${S}?folderId=${TEST_FOLDER}` },
    { m: "POST", t: S, p: S, b: { folderId: TEST_FOLDER } },
    {
      m: "PATCH",
      t: `${S}/{secretId}`,
      p: s,
      b: { updateMask: "description", description: "x" },
      id: "secret",
    },
    { m: "DELETE", t: `${S}/{secretId}`, p: s, id: "secret" },
    { m: "POST", t: `${S}/{secretId}:activate`, p: `${s}:activate`, b: {}, id: "secret", noBody: true },
    { m: "POST", t: `${S}/{secretId}:deactivate`, p: `${s}:deactivate`, b: {}, id: "secret", noBody: true },
    { m: "GET", t: `${S}/{secretId}/versions`, p: `${s}/versions`, id: "secret" },
    { m: "POST", t: `${S}/{secretId}:addVersion`, p: `${s}:addVersion`, b: {}, id: "secret" },
    {
      m: "POST",
      t: `${S}/{secretId}:setCurrentVersion`,
      p: `${s}:setCurrentVersion`,
      b: { versionId: f.current },
      id: "secret",
    },
    {
      m: "POST",
      t: `${S}/{secretId}:scheduleVersionDestruction`,
      p: `${s}:scheduleVersionDestruction`,
      b: { versionId: f.current },
      id: "secret",
    },
    {
      m: "POST",
      t: `${S}/{secretId}:cancelVersionDestruction`,
      p: `${s}:cancelVersionDestruction`,
      b: { versionId: f.current },
      id: "secret",
    },
    { m: "GET", t: `${S}/{secretId}/operations`, p: `${s}/operations`, id: "secret" },
    { m: "GET", t: `${S}/{resourceId}:listAccessBindings`, p: `${s}:listAccessBindings`, id: "secret" },
    {
      m: "POST",
      t: `${S}/{resourceId}:setAccessBindings`,
      p: `${s}:setAccessBindings`,
      b: { accessBindings: [] },
      id: "secret",
    },
    {
      m: "POST",
      t: `${S}/{resourceId}:updateAccessBindings`,
      p: `${s}:updateAccessBindings`,
      b: { accessBindingDeltas: [] },
      id: "secret",
    },
    { m: "GET", t: `${S}/{secretId}/payload`, p: `${s}/payload`, id: "secret" },
    { m: "GET", t: `${S}:getEx`, p: `${S}:getEx?secretId=${f.secret}` },
    { m: "GET", t: "/operations/{operationId}", p: `/operations/${f.operation}`, id: "operation" },
    {
      m: "GET",
      t: "/operations/{operationId}:cancel",
      p: `/operations/${f.operation}:cancel`,
      id: "operation",
    },
    {
      m: "POST",
      t: "/operations/{operationId}:cancel",
      p: `/operations/${f.operation}:cancel`,
      b: {},
      id: "operation",
      noBody: true,
    },
    { m: "POST", t: K, p: K, b: { folderId: TEST_FOLDER, defaultAlgorithm: "AES_256" } },
    { m: "GET", t: `${K}/{keyId}`, p: k, id: "key" },
    { m: "GET", t: K, p: `${K}?folderId=${TEST_FOLDER}` },
    { m: "PATCH", t: `${K}/{keyId}`, p: k, b: { updateMask: "description", description: "x" }, id: "key" },
    { m: "DELETE", t: `${K}/{keyId}`, p: k, id: "key" },
    { m: "GET", t: `${K}/{resourceId}:listAccessBindings`, p: `${k}:listAccessBindings`, id: "key" },
    {
      m: "POST",
      t: `${K}/{resourceId}:setAccessBindings`,
      p: `${k}:setAccessBindings`,
      b: { accessBindings: [] },
      id: "key",
    },
    {
      m: "POST",
      t: `${K}/{resourceId}:updateAccessBindings`,
      p: `${k}:updateAccessBindings`,
      b: { accessBindingDeltas: [] },
      id: "key",
    },
    {
      m: "GET",
      t: `${F}/{resourceId}:listAccessBindings`,
      p: `${F}/${TEST_FOLDER}:listAccessBindings`,
    },
    {
      m: "POST",
      t: `${F}/{resourceId}:setAccessBindings`,
      p: `${F}/${TEST_FOLDER}:setAccessBindings`,
      b: { accessBindings: [] },
    },
    {
      m: "POST",
      t: `${F}/{resourceId}:updateAccessBindings`,
      p: `${F}/${TEST_FOLDER}:updateAccessBindings`,
      b: { accessBindingDeltas: [] },
    },
    { m: "GET", t: "/_local/stats", p: "/_local/stats" },
    { m: "POST", t: "/_local/stats:reset", p: "/_local/stats:reset", b: {}, noBody: true },
    { m: "GET", t: "/_local/faults", p: "/_local/faults" },
    { m: "POST", t: "/_local/faults", p: "/_local/faults", b: {} },
    { m: "POST", t: "/_local/reset", p: "/_local/reset", b: {}, noBody: true },
    {
      m: "POST",
      t: "/_local/iam/serviceAccounts",
      p: "/_local/iam/serviceAccounts",
      b: { name: "x", folderId: "y" },
    },
    { m: "POST", t: "/_local/iam/keys", p: "/_local/iam/keys", b: { serviceAccountId: "x" } },
    { m: "POST", t: "/_local/iam/users", p: "/_local/iam/users", b: { name: "x" } },
    { m: "POST", t: "/_local/iam/tokens", p: "/_local/iam/tokens", b: { subjectId: "x" } },
  ] as Array<{
    m: string;
    t: string;
    p: string;
    b?: unknown;
    id?: "secret" | "key" | "operation";
    noBody?: boolean;
  }>;
}

/** Bad bodies that no route taking a JSON body may accept. */
function genericBodies(): Array<[string, unknown]> {
  return [
    ["not JSON", "{"],
    ["truncated JSON", '{"folderId": "b1g'],
    ["a JSON array", "[]"],
    ["a JSON string", '"text"'],
    ["a JSON number", "42"],
    ["JSON true", "true"],
    ["JSON null", "null"],
    ["single quotes", "{'a': 1}"],
    ["a trailing comma", '{"a": 1,}'],
    ["an unknown field", { bogusField: 1 }],
    ["an unknown field named __proto__", '{"__proto__": {"x": 1}}'],
    ["an unknown field named constructor", { constructor: 1 }],
    ["2,000 nested arrays", nested("[", "]", 2000)],
    ["100,000 nested arrays", nested("[", "]", 100_000)],
    ["100,000 unclosed arrays", "[".repeat(100_000)],
    ["20,000 nested objects", nested('{"a":', "}", 20_000).replace(/}$/, "1}")],
    ["invalid UTF-8 bytes", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ["a lone surrogate escape in a field name", '{"\\ud800": 1}'],
    ["a form-encoded body", "folderId=b1g&name=x"],
    ["an XML body", "<secret><folderId>x</folderId></secret>"],
  ];
}

const form = { "content-type": "application/x-www-form-urlencoded" };

/** Builds the whole corpus. */
function corpus(f: Fixture): Case[] {
  const cases: Case[] = [];
  const add = (c: Omit<Case, "token"> & { token?: string | null }) =>
    cases.push({ token: f.root, ...c, status: c.status });
  const all = routes(f);

  // 1. Authentication, on every route that needs a token.
  for (const r of all) {
    const route = `${r.m} ${r.t}`;
    const base = { route, method: r.m, path: r.p, body: r.b };
    add({ ...base, name: "no Authorization header", token: null, status: 401 });
    add({
      ...base,
      name: "a Basic credential",
      token: null,
      headers: { authorization: "Basic dXNlcjpwYXNz" },
      status: 401,
    });
    add({
      ...base,
      name: "Bearer with no token",
      token: null,
      headers: { authorization: "Bearer" },
      status: 401,
    });
    add({
      ...base,
      name: "two tokens",
      token: null,
      headers: { authorization: `Bearer ${f.root} x` },
      status: 401,
    });
    add({
      ...base,
      name: "an unknown IAM token",
      token: `t1.${randomBytes(32).toString("base64url")}`,
      status: 401,
    });
    add({ ...base, name: "an expired IAM token", token: f.expired, status: 401 });
    add({ ...base, name: "the root token with one character changed", token: flip(f.root), status: 401 });
    add({ ...base, name: "an OAuth token used as a bearer token", token: f.oauth, status: 401 });
    add({
      ...base,
      name: "a service-account JWT used as a bearer token",
      token: signServiceAccountJwt(f.key),
      status: 401,
    });
    add({ ...base, name: "a token of 10,000 characters", token: "t1." + "a".repeat(10_000), status: 401 });
    if (r.t.startsWith("/_local/")) {
      add({ ...base, name: "a non-root caller", token: f.viewer, status: 403 });
    }
  }

  // Headers past Node's 16 KB limit are refused by its HTTP parser, before any route.
  for (const r of all.filter((x) => x.t === S || x.t === "/_local/stats")) {
    add({
      route: `${r.m} ${r.t}`,
      name: "a token of 20,000 characters",
      method: r.m,
      path: r.p,
      body: r.b,
      token: "t1." + "a".repeat(20_000),
      status: [400, 431],
    });
  }

  // 2. Path ids on every route that has one.
  for (const r of all.filter((x) => x.id)) {
    const route = `${r.m} ${r.t}`;
    const real = r.id === "secret" ? f.secret : r.id === "key" ? f.kmsKey : f.operation;
    const missing =
      r.id === "key" ? MISSING_KEY : r.id === "operation" ? "e6qop000000000000000" : MISSING_SECRET;
    const at = (id: string) => r.p.replace(real, id);
    const base = { route, method: r.m, body: r.b };
    add({ ...base, name: "an id that does not exist", path: at(missing), status: 404 });
    add({ ...base, name: "an id of 51 characters", path: at(LONG_ID), status: 400 });
    add({ ...base, name: "invalid percent-encoding in the id", path: at("e6q%zz"), status: 400 });
    add({ ...base, name: "an encoded dot-dot id", path: at("%2e%2e"), status: [400, 404] });
    add({ ...base, name: "an encoded slash in the id", path: at(`${real}%2F..`), status: [400, 404] });
    add({ ...base, name: "a backslash in the id", path: at(`..%5C${real}`), status: [400, 404] });
    add({ ...base, name: "a non-ASCII id", path: at("%E2%98%83"), status: [400, 404] });
    add({ ...base, name: "a NUL in the id", path: at("e6q%00"), status: [400, 404] });
    add({
      ...base,
      name: "an id of another kind",
      path: at(r.id === "key" ? f.secret : MISSING_KEY),
      status: 404,
    });
  }

  // 3. Bodies every body-taking route must refuse (on the real resource, as root).
  // (Activate, Deactivate and Cancel map no body in the API's HTTP rules: whatever arrives is ignored.)
  for (const r of all.filter((x) => x.b !== undefined && !x.noBody)) {
    const route = `${r.m} ${r.t}`;
    for (const [name, body] of genericBodies()) {
      const headers = name.startsWith("a form")
        ? form
        : name.startsWith("an XML")
          ? { "content-type": "application/xml" }
          : undefined;
      add({ route, name: `a body that is ${name}`, method: r.m, path: r.p, body, headers, status: 400 });
    }
  }

  // 4. Per-route field checks.
  const create = (name: string, body: unknown, status: number | number[] = 400) =>
    add({ route: `POST ${S}`, name, method: "POST", path: S, body, status });
  const folder = { folderId: TEST_FOLDER };
  const entry = (e: unknown) => ({ ...folder, versionPayloadEntries: [e] });
  create("no folderId", {});
  create("an empty folderId", { folderId: "" });
  create("a numeric folderId", { folderId: 42 });
  create("a folderId of 51 characters", { folderId: "b".repeat(51) });
  create("a folderId that is an object", { folderId: { id: TEST_FOLDER } });
  create("a folderId of 1e400", '{"folderId": 1e400}');
  create("a name of 101 characters", { ...folder, name: "n".repeat(101) });
  create("a numeric name", { ...folder, name: 1 });
  create("a description of 1025 characters", { ...folder, description: "d".repeat(1025) });
  create("a description of 4 MB", { ...folder, description: "d".repeat(4 * 1024 * 1024 - 100) });
  create("a versionDescription of 257 characters", { ...folder, versionDescription: "d".repeat(257) });
  create("labels as a list", { ...folder, labels: ["a"] });
  create("labels as a string", { ...folder, labels: "a=b" });
  create("a label key with capitals", { ...folder, labels: { Env: "x" } });
  create("a label key starting with a digit", { ...folder, labels: { "1env": "x" } });
  create("an empty label key", { ...folder, labels: { "": "x" } });
  create("a label key of 64 characters", { ...folder, labels: { ["k".repeat(64)]: "x" } });
  create("a label value of 64 characters", { ...folder, labels: { env: "v".repeat(64) } });
  create("a label value with capitals", { ...folder, labels: { env: "Prod" } });
  create("a label value with a space", { ...folder, labels: { env: "a b" } });
  create("a numeric label value", { ...folder, labels: { env: 1 } });
  create("65 labels", {
    ...folder,
    labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])),
  });
  create("a label key __proto__", `{"folderId":"${TEST_FOLDER}","labels":{"__proto__":"Not A Valid Key!"}}`);
  create("a label key constructor with a bad value", { ...folder, labels: { constructor: "Bad Value" } });
  create("a kmsKeyId of 51 characters", { ...folder, kmsKeyId: "k".repeat(51) });
  create("a kmsKeyId that does not exist", { ...folder, kmsKeyId: MISSING_KEY });
  create("entries as an object", { ...folder, versionPayloadEntries: { key: "k", textValue: "v" } });
  create("a null entry", { ...folder, versionPayloadEntries: [null] });
  create("an entry without a key", entry({ textValue: "v" }));
  create("an empty entry key", entry({ key: "", textValue: "v" }));
  create("an entry key of 257 characters", entry({ key: "k".repeat(257), textValue: "v" }));
  create("an entry key with a space", entry({ key: "a b", textValue: "v" }));
  create("an entry key with a colon", entry({ key: "a:b", textValue: "v" }));
  create("an entry key with a non-ASCII letter", entry({ key: "ключ", textValue: "v" }));
  create("an entry key __proto__ with a bad character", entry({ key: "__proto__!", textValue: "v" }));
  create("an entry with textValue and binaryValue", entry({ key: "k", textValue: "v", binaryValue: "dg==" }));
  const bytes = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((x) => (typeof x === "string" ? Buffer.from(x) : Buffer.from(x))));
  create(
    "invalid UTF-8 in a textValue",
    bytes(`{"folderId":"${TEST_FOLDER}","versionPayloadEntries":[{"key":"k","textValue":"a`, [0xff], `b"}]}`),
  );
  create(
    "an overlong UTF-8 encoding in the name",
    bytes(`{"folderId":"${TEST_FOLDER}","name":"`, [0xc0, 0xaf], `"}`),
  );
  create(
    "a UTF-8 encoded surrogate in the description",
    bytes(`{"folderId":"${TEST_FOLDER}","description":"`, [0xed, 0xa0, 0x80], `"}`),
  );
  create(
    "a lone surrogate escape in a textValue",
    `{"folderId":"${TEST_FOLDER}","versionPayloadEntries":[{"key":"k","textValue":"\\ud800"}]}`,
  );
  create("a reversed surrogate pair in the name", `{"folderId":"${TEST_FOLDER}","name":"\\udc00\\ud800"}`);
  create("a numeric textValue", entry({ key: "k", textValue: 5 }));
  create("a textValue of 65537 characters", entry({ key: "k", textValue: "v".repeat(65537) }));
  create('binaryValue "a" (not base64)', entry({ key: "k", binaryValue: "a" }));
  create('binaryValue "abcde" (not base64)', entry({ key: "k", binaryValue: "abcde" }));
  create("binaryValue with punctuation", entry({ key: "k", binaryValue: "!!!!" }));
  create("binaryValue with a space", entry({ key: "k", binaryValue: "ab cd" }));
  create("binaryValue with padding in the middle", entry({ key: "k", binaryValue: "ab==cd" }));
  create(
    "a binaryValue of 65537 bytes",
    entry({ key: "k", binaryValue: Buffer.alloc(65537).toString("base64") }),
  );
  create("an unknown field inside an entry", entry({ key: "k", textValue: "v", extra: 1 }));
  create("values totalling more than 64 KB", {
    ...folder,
    versionPayloadEntries: [
      { key: "a", textValue: "a".repeat(40000) },
      { key: "b", textValue: "b".repeat(40000) },
    ],
  });
  create("140,000 entries", {
    ...folder,
    versionPayloadEntries: Array.from({ length: 140_000 }, (_, i) => ({ key: `k${i}`, textValue: "v" })),
  });
  create("a string deletionProtection", { ...folder, deletionProtection: "yes" });
  create("a numeric deletionProtection", { ...folder, deletionProtection: 1 });
  create("a string createVersion", { ...folder, createVersion: "true" });
  create("createVersion true with nothing to create", { ...folder, createVersion: true });
  create("both entries and a password specification", {
    ...folder,
    versionPayloadEntries: [{ key: "k", textValue: "v" }],
    passwordPayloadSpecification: { passwordKey: "pw" },
  });
  const pw = (spec: unknown) => ({ ...folder, passwordPayloadSpecification: spec });
  create("a password spec without passwordKey", pw({ length: 10 }));
  create("a password spec with a bad passwordKey", pw({ passwordKey: "a b" }));
  create("a password length of 257", pw({ passwordKey: "pw", length: 257 }));
  create("a negative password length", pw({ passwordKey: "pw", length: -1 }));
  create("a password length that is not a number", pw({ passwordKey: "pw", length: "ten" }));
  create("a fractional password length", pw({ passwordKey: "pw", length: 10.5 }));
  create("a password length shorter than its classes", pw({ passwordKey: "pw", length: 2 }));
  create(
    "every password class off",
    pw({
      passwordKey: "pw",
      includeUppercase: false,
      includeLowercase: false,
      includeDigits: false,
      includePunctuation: false,
    }),
  );
  create(
    "included and excluded punctuation together",
    pw({ passwordKey: "pw", includedPunctuation: "!", excludedPunctuation: "?" }),
  );
  create(
    "includedPunctuation of 33 characters",
    pw({ passwordKey: "pw", includedPunctuation: "!".repeat(33) }),
  );
  create("includedPunctuation with a letter", pw({ passwordKey: "pw", includedPunctuation: "a" }));
  create("a string includeDigits", pw({ passwordKey: "pw", includeDigits: "no" }));
  create("an unknown field in the password spec", pw({ passwordKey: "pw", strength: 9 }));
  create("a name already used in the folder", { ...folder, name: f.secretName }, 409);
  create("a secret id as kmsKeyId", { ...folder, kmsKeyId: f.secret });

  const patch = (name: string, body: unknown, status: number | number[] = 400, id = f.secret) =>
    add({ route: `PATCH ${S}/{secretId}`, name, method: "PATCH", path: `${S}/${id}`, body, status });
  patch("no updateMask", { description: "x" });
  patch("an empty updateMask", { updateMask: "", description: "x" });
  patch("an updateMask of commas", { updateMask: ",,", description: "x" });
  patch("an updateMask naming an unknown field", { updateMask: "bogus" });
  patch("an updateMask naming folderId", { updateMask: "folderId", folderId: "x" });
  patch("an updateMask naming kmsKeyId", { updateMask: "kmsKeyId" });
  patch("a numeric updateMask", { updateMask: 1 });
  patch("an updateMask as a FieldMask object", { updateMask: { paths: ["name"] }, name: "x" });
  patch("a name of 101 characters", { updateMask: "name", name: "n".repeat(101) });
  patch("a description of 1025 characters", { updateMask: "description", description: "d".repeat(1025) });
  patch("a bad label key", { updateMask: "labels", labels: { "Bad Key": "x" } });
  patch("a label key __proto__", '{"updateMask":"labels","labels":{"__proto__":"Not A Valid Key!"}}');
  patch("a string deletionProtection", { updateMask: "deletionProtection", deletionProtection: "no" });
  patch("an unknown field besides the mask", { updateMask: "name", name: "x", folderId: "y" });
  patch("the password spec on a secret created without one", {
    updateMask: "passwordPayloadSpecification",
    passwordPayloadSpecification: { passwordKey: "pw" },
  });
  patch(
    "the password spec named without a value",
    { updateMask: "passwordPayloadSpecification" },
    400,
    f.generated,
  );
  patch(
    "an impossible password spec",
    {
      updateMask: "passwordPayloadSpecification",
      passwordPayloadSpecification: { passwordKey: "pw", length: 1 },
    },
    400,
    f.generated,
  );
  patch("a name used by another secret", { updateMask: "name", name: f.secretName }, 409, f.inactive);

  add({
    route: `DELETE ${S}/{secretId}`,
    name: "a protected secret",
    method: "DELETE",
    path: `${S}/${f.protectedSecret}`,
    status: 400,
  });
  add({
    route: `DELETE ${K}/{keyId}`,
    name: "a protected key",
    method: "DELETE",
    path: `${K}/${f.protectedKmsKey}`,
    status: 400,
  });

  const action = (
    verb: string,
    name: string,
    body: unknown,
    status: number | number[] = 400,
    id = f.secret,
  ) =>
    add({
      route: `POST ${S}/{secretId}:${verb}`,
      name,
      method: "POST",
      path: `${S}/${id}:${verb}`,
      body,
      status,
    });
  for (const verb of ["addVersion"]) {
    action(verb, "a description of 1025 characters", { description: "d".repeat(1025) });
    action(verb, "payloadEntries as an object", { payloadEntries: {} });
    action(verb, "a null entry", { payloadEntries: [null] });
    action(verb, "an entry key with a space", { payloadEntries: [{ key: "a b", textValue: "v" }] });
    action(verb, 'binaryValue "a"', { payloadEntries: [{ key: "k", binaryValue: "a" }] });
    action(verb, 'binaryValue "abcde"', { payloadEntries: [{ key: "k", binaryValue: "abcde" }] });
    action(verb, "text and binary in one entry", {
      payloadEntries: [{ key: "k", textValue: "v", binaryValue: "dg==" }],
    });
    action(verb, "a textValue of 65537 characters", {
      payloadEntries: [{ key: "k", textValue: "v".repeat(65537) }],
    });
    action(verb, "values totalling more than 64 KB", {
      payloadEntries: [
        { key: "a", textValue: "a".repeat(40000) },
        { key: "b", textValue: "b".repeat(40000) },
      ],
    });
    action(verb, "140,000 entries", {
      payloadEntries: Array.from({ length: 140_000 }, (_, i) => ({ key: `k${i}`, textValue: "v" })),
    });
    action(verb, "a baseVersionId of 51 characters", { baseVersionId: LONG_ID });
    action(verb, "a baseVersionId that does not exist", { baseVersionId: MISSING_SECRET }, 404);
    action(verb, "a destroyed baseVersionId", { baseVersionId: f.destroyed });
    action(verb, "a baseVersionId of another secret", { baseVersionId: f.protectedSecret }, 404);
    action(verb, "a numeric baseVersionId", { baseVersionId: 1 });
    action(
      verb,
      "entries on a generated secret",
      { payloadEntries: [{ key: "k", textValue: "v" }] },
      400,
      f.generated,
    );
  }
  for (const verb of ["setCurrentVersion", "scheduleVersionDestruction", "cancelVersionDestruction"]) {
    action(verb, "no versionId", {});
    action(verb, "an empty versionId", { versionId: "" });
    action(verb, "a numeric versionId", { versionId: 7 });
    action(verb, "a versionId of 51 characters", { versionId: LONG_ID });
    action(verb, "a versionId that does not exist", { versionId: MISSING_SECRET }, 404);
    action(verb, "a versionId of another secret", { versionId: f.generated }, 404);
    action(verb, "a destroyed version", { versionId: f.destroyed });
    action(verb, "an unknown field", { versionId: f.current, bogus: 1 });
  }
  action("cancelVersionDestruction", "a version that is not scheduled", { versionId: f.current });
  const schedule = (name: string, pendingPeriod: unknown) =>
    action("scheduleVersionDestruction", name, { versionId: f.current, pendingPeriod });
  schedule("pendingPeriod in days", "7d");
  schedule("a negative pendingPeriod", "-1s");
  schedule("a pendingPeriod without a unit", "60");
  schedule("a numeric pendingPeriod", 60);
  schedule("a pendingPeriod with ten fractional digits", "1.0000000000s");
  schedule("a pendingPeriod of 99999999999999999999s", "99999999999999999999s");
  schedule("a pendingPeriod of 9000000000000s", "9000000000000s");
  schedule("a pendingPeriod of 300000000000s (past year 9999)", "300000000000s");
  schedule("a pendingPeriod as an object", { seconds: 60 });

  // Access bindings, on secrets, KMS keys and folders.
  const targets: Array<[string, string]> = [
    [`${S}/{resourceId}`, `${S}/${f.secret}`],
    [`${K}/{resourceId}`, `${K}/${f.kmsKey}`],
    [`${F}/{resourceId}`, `${F}/${TEST_FOLDER}`],
  ];
  const subject = { type: "userAccount", id: "aje00000000000000001" };
  for (const [t, p] of targets) {
    const set = (name: string, body: unknown) =>
      add({
        route: `POST ${t}:setAccessBindings`,
        name,
        method: "POST",
        path: `${p}:setAccessBindings`,
        body,
        status: 400,
      });
    const upd = (name: string, body: unknown) =>
      add({
        route: `POST ${t}:updateAccessBindings`,
        name,
        method: "POST",
        path: `${p}:updateAccessBindings`,
        body,
        status: 400,
      });
    const one = (b: unknown) => ({ accessBindings: [b] });
    const delta = (d: unknown) => ({ accessBindingDeltas: [d] });
    set("accessBindings as an object", { accessBindings: {} });
    set("a null binding", { accessBindings: [null] });
    set("a binding without roleId", one({ subject }));
    set("an unknown role", one({ roleId: "lockbox.superuser", subject }));
    set("a roleId of 65 characters", one({ roleId: "r".repeat(65), subject }));
    set("a binding without subject", one({ roleId: "viewer" }));
    set("an unknown subject type", one({ roleId: "viewer", subject: { type: "robot", id: "x" } }));
    set("an empty subject id", one({ roleId: "viewer", subject: { type: "userAccount", id: "" } }));
    set(
      "a subject id of 101 characters",
      one({ roleId: "viewer", subject: { type: "userAccount", id: "a".repeat(101) } }),
    );
    set("an unknown field in the subject", one({ roleId: "viewer", subject: { ...subject, name: "x" } }));
    set("1001 bindings", {
      accessBindings: Array.from({ length: 1001 }, (_, i) => ({
        roleId: "viewer",
        subject: { type: "userAccount", id: `u${i}` },
      })),
    });
    set("a member string instead of a subject", one({ roleId: "viewer", subject: "userAccount:aje1" }));
    upd("no deltas", {});
    upd("an empty list of deltas", { accessBindingDeltas: [] });
    upd("action BOGUS", delta({ action: "BOGUS", accessBinding: { roleId: "viewer", subject } }));
    upd(
      "action UNSPECIFIED",
      delta({ action: "ACCESS_BINDING_ACTION_UNSPECIFIED", accessBinding: { roleId: "viewer", subject } }),
    );
    upd("action 0", delta({ action: 0, accessBinding: { roleId: "viewer", subject } }));
    upd("action 3", delta({ action: 3, accessBinding: { roleId: "viewer", subject } }));
    upd("action -1", delta({ action: -1, accessBinding: { roleId: "viewer", subject } }));
    upd("a delta without action", delta({ accessBinding: { roleId: "viewer", subject } }));
    upd("a delta without binding", delta({ action: "ADD" }));
    upd("an unknown role", delta({ action: "ADD", accessBinding: { roleId: "owner!", subject } }));
    upd("1001 deltas", {
      accessBindingDeltas: Array.from({ length: 1001 }, (_, i) => ({
        action: "ADD",
        accessBinding: { roleId: "viewer", subject: { type: "userAccount", id: `u${i}` } },
      })),
    });
  }

  // Query strings of the GET routes.
  const query = (t: string, p: string, name: string, q: string, status: number | number[] = 400) =>
    add({ route: `GET ${t}`, name, method: "GET", path: `${p}${p.includes("?") ? "&" : "?"}${q}`, status });
  const lists: Array<[string, string, number]> = [
    [S, `${S}?folderId=${TEST_FOLDER}`, 256],
    [`${S}/{secretId}/versions`, `${S}/${f.secret}/versions`, 100],
    [`${S}/{secretId}/operations`, `${S}/${f.secret}/operations`, 100],
    [`${S}/{resourceId}:listAccessBindings`, `${S}/${f.secret}:listAccessBindings`, 100],
    [K, `${K}?folderId=${TEST_FOLDER}`, 256],
    [`${K}/{resourceId}:listAccessBindings`, `${K}/${f.kmsKey}:listAccessBindings`, 100],
    [`${F}/{resourceId}:listAccessBindings`, `${F}/${TEST_FOLDER}:listAccessBindings`, 100],
  ];
  for (const [t, p, tokenMax] of lists) {
    query(t, p, "pageSize 1001", "pageSize=1001");
    query(t, p, "a negative pageSize", "pageSize=-1");
    query(t, p, "a pageSize that is not a number", "pageSize=ten");
    query(t, p, "a fractional pageSize", "pageSize=1.5");
    query(t, p, "an empty pageSize", "pageSize=");
    query(t, p, "pageSize 1e3", "pageSize=1e3");
    query(t, p, "a huge pageSize", "pageSize=99999999999999999999999");
    query(t, p, "a page token that does not parse", "pageToken=%21%21%21");
    query(
      t,
      p,
      "a page token of another list's shape",
      `pageToken=${Buffer.from("x1").toString("base64url")}`,
    );
    query(
      t,
      p,
      "a page token with a negative position",
      `pageToken=${Buffer.from("s-1").toString("base64url")}`,
    );
    query(t, p, `a page token of ${tokenMax + 1} characters`, `pageToken=${"A".repeat(tokenMax + 1)}`);
    query(t, p, "an unknown parameter", "bogus=1");
    query(t, p, "a parameter named __proto__", "__proto__=x");
    query(t, p, "a parameter named constructor", "constructor=x");
    query(t, p, "invalid percent-encoding in the query", "pageSize=%zz");
  }
  for (const t of [S, K]) {
    query(t, t, "no folderId", "pageSize=10");
    query(t, t, "an empty folderId", "folderId=");
    query(t, t, "a folderId of 51 characters", `folderId=${"b".repeat(51)}`);
  }
  const payload = `${S}/{secretId}/payload`;
  query(payload, `${S}/${f.secret}/payload`, "a versionId of 51 characters", `versionId=${LONG_ID}`);
  query(
    payload,
    `${S}/${f.secret}/payload`,
    "a versionId that does not exist",
    `versionId=${MISSING_SECRET}`,
    404,
  );
  query(payload, `${S}/${f.secret}/payload`, "a destroyed version", `versionId=${f.destroyed}`);
  query(payload, `${S}/${f.secret}/payload`, "an unknown parameter", "bogus=1");
  query(payload, `${S}/${f.secret}/payload`, "a parameter named __proto__", "__proto__=x");
  query(payload, `${S}/${f.inactive}/payload`, "an INACTIVE secret", "");
  const getEx = `${S}:getEx`;
  query(getEx, getEx, "no parameters", "");
  query(
    getEx,
    getEx,
    "secretId and folderAndName together",
    `secretId=${f.secret}&folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=${f.secretName}`,
  );
  query(getEx, getEx, "folderAndName without secretName", `folderAndName.folderId=${TEST_FOLDER}`);
  query(getEx, getEx, "folderAndName without folderId", `folderAndName.secretName=${f.secretName}`);
  query(
    getEx,
    getEx,
    "a secretName of 101 characters",
    `folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=${"n".repeat(101)}`,
  );
  query(getEx, getEx, "an empty secretId", "secretId=");
  query(getEx, getEx, "a secretId of 51 characters", `secretId=${LONG_ID}`);
  query(getEx, getEx, "a secretId that does not exist", `secretId=${MISSING_SECRET}`, 404);
  query(
    getEx,
    getEx,
    "a secret name that does not exist",
    `folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=nope`,
    404,
  );
  query(getEx, getEx, "a versionId of 51 characters", `secretId=${f.secret}&versionId=${LONG_ID}`);
  query(getEx, getEx, "an unknown parameter", `secretId=${f.secret}&bogus=1`);
  query(getEx, getEx, "folderAndName as one parameter", `secretId=${f.secret}&folderAndName=x`);

  // KMS keys.
  const kcreate = (name: string, body: unknown) =>
    add({ route: `POST ${K}`, name, method: "POST", path: K, body, status: 400 });
  const alg = { ...folder, defaultAlgorithm: "AES_256" };
  kcreate("no folderId", { defaultAlgorithm: "AES_256" });
  kcreate("no defaultAlgorithm", folder);
  kcreate("defaultAlgorithm AES_512", { ...folder, defaultAlgorithm: "AES_512" });
  kcreate("defaultAlgorithm UNSPECIFIED", { ...folder, defaultAlgorithm: "SYMMETRIC_ALGORITHM_UNSPECIFIED" });
  kcreate("defaultAlgorithm 0", { ...folder, defaultAlgorithm: 0 });
  kcreate("defaultAlgorithm 6", { ...folder, defaultAlgorithm: 6 });
  kcreate("a lower-case defaultAlgorithm", { ...folder, defaultAlgorithm: "aes_256" });
  kcreate("a rotationPeriod in days", { ...alg, rotationPeriod: "1d" });
  kcreate("a rotationPeriod past year 9999", { ...alg, rotationPeriod: "99999999999999999999s" });
  kcreate("a name of 101 characters", { ...alg, name: "n".repeat(101) });
  kcreate("a description of 1025 characters", { ...alg, description: "d".repeat(1025) });
  kcreate("a bad label key", { ...alg, labels: { "Bad!": "x" } });
  kcreate(
    "a label key __proto__",
    `{"folderId":"${TEST_FOLDER}","defaultAlgorithm":"AES_256","labels":{"__proto__":"Bad Value!"}}`,
  );
  kcreate("a string deletionProtection", { ...alg, deletionProtection: "on" });
  kcreate("a status field", { ...alg, status: "ACTIVE" });
  const kpatch = (name: string, body: unknown) =>
    add({ route: `PATCH ${K}/{keyId}`, name, method: "PATCH", path: `${K}/${f.kmsKey}`, body, status: 400 });
  kpatch("no updateMask", { name: "x" });
  kpatch("an updateMask naming folderId", { updateMask: "folderId" });
  kpatch("an updateMask naming an unknown field", { updateMask: "primaryVersion" });
  kpatch("status CREATING", { updateMask: "status", status: "CREATING" });
  kpatch("status named without a value", { updateMask: "status" });
  kpatch("status 9", { updateMask: "status", status: 9 });
  kpatch("defaultAlgorithm named without a value", { updateMask: "defaultAlgorithm" });
  kpatch("defaultAlgorithm BOGUS", { updateMask: "defaultAlgorithm", defaultAlgorithm: "BOGUS" });
  kpatch("a rotationPeriod without a unit", { updateMask: "rotationPeriod", rotationPeriod: "3600" });
  kpatch("a bad label", { updateMask: "labels", labels: { a: "B" } });
  kpatch("a name of 101 characters", { updateMask: "name", name: "n".repeat(101) });

  // The IAM token exchange (public: no bearer token needed, so only the body decides).
  const tokens = (name: string, body: unknown, status: number | number[]) =>
    add({
      route: "POST /iam/v1/tokens",
      name,
      method: "POST",
      path: "/iam/v1/tokens",
      body,
      token: null,
      status,
    });
  const jwtOf = (header: object, claims: object, signature = "c2ln") => {
    const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
    return `${enc(header)}.${enc(claims)}.${signature}`;
  };
  const nowS = Math.floor(Date.now() / 1000);
  const aud = "https://iam.api.cloud.yandex.net/iam/v1/tokens";
  const hdr = { typ: "JWT", alg: "PS256", kid: f.key.id };
  const claims = { iss: f.key.service_account_id, aud, iat: nowS, exp: nowS + 3600 };
  const good = signServiceAccountJwt(f.key);
  tokens("an empty body", {}, 400);
  tokens("both a JWT and an OAuth token", { jwt: good, yandexPassportOauthToken: f.oauth }, 400);
  tokens("an empty jwt", { jwt: "" }, 400);
  tokens("a numeric jwt", { jwt: 1 }, 400);
  tokens("a jwt of 8001 characters", { jwt: "a".repeat(8001) }, 400);
  tokens("an OAuth token of 4001 characters", { yandexPassportOauthToken: "y".repeat(4001) }, 400);
  tokens(
    "an unknown OAuth token",
    { yandexPassportOauthToken: `y0_${randomBytes(20).toString("hex")}` },
    401,
  );
  tokens("an unknown field", { jwt: good, audience: aud }, 400);
  tokens("a jwt of two parts", { jwt: good.split(".").slice(0, 2).join(".") }, [400, 401]);
  tokens("a jwt of four parts", { jwt: `${good}.x` }, [400, 401]);
  tokens(
    "a jwt whose header is not JSON",
    { jwt: `bm90IGpzb24.${good.split(".")[1]}.${good.split(".")[2]}` },
    [400, 401],
  );
  tokens(
    "a jwt whose payload is not JSON",
    { jwt: `${good.split(".")[0]}.bm90IGpzb24.${good.split(".")[2]}` },
    [400, 401],
  );
  tokens(
    "a jwt whose payload is a JSON array",
    { jwt: `${good.split(".")[0]}.WzFd.${good.split(".")[2]}` },
    [400, 401],
  );
  tokens("alg none", { jwt: jwtOf({ ...hdr, alg: "none" }, claims, "") }, [400, 401]);
  tokens("alg HS256", { jwt: jwtOf({ ...hdr, alg: "HS256" }, claims) }, [400, 401]);
  tokens(
    "alg RS256 with a real signature",
    { jwt: signServiceAccountJwt(f.key, { alg: "RS256" }) },
    [400, 401],
  );
  tokens("no kid", { jwt: jwtOf({ typ: "JWT", alg: "PS256" }, claims) }, [400, 401]);
  tokens("an unknown kid", { jwt: signServiceAccountJwt({ ...f.key, id: "ajekey00000000000000" }) }, 401);
  tokens(
    "a kid of another account's key",
    { jwt: signServiceAccountJwt({ ...f.otherKey, service_account_id: f.key.service_account_id }) },
    401,
  );
  tokens(
    "iss of another account",
    { jwt: signServiceAccountJwt({ ...f.key, service_account_id: f.otherKey.service_account_id }) },
    401,
  );
  tokens(
    "a wrong audience",
    { jwt: signServiceAccountJwt(f.key, { audience: "https://example.invalid/iam/v1/tokens" }) },
    401,
  );
  tokens("an expired jwt", { jwt: signServiceAccountJwt(f.key, { iat: nowS - 7200 }) }, 401);
  tokens(
    "a jwt issued an hour in the future",
    { jwt: signServiceAccountJwt(f.key, { iat: nowS + 3600 }) },
    401,
  );
  tokens(
    "a lifetime over one hour",
    { jwt: signServiceAccountJwt(f.key, { lifetimeSeconds: 3601 }) },
    [400, 401],
  );
  tokens("exp before iat", { jwt: signServiceAccountJwt(f.key, { lifetimeSeconds: -60 }) }, [400, 401]);
  tokens(
    "iat and exp as strings",
    { jwt: jwtOf(hdr, { ...claims, iat: String(nowS), exp: String(nowS + 60) }) },
    [400, 401],
  );
  tokens(
    "a signature by another key",
    {
      jwt: (() => {
        const forged = signServiceAccountJwt({
          ...f.otherKey,
          id: f.key.id,
          service_account_id: f.key.service_account_id,
        });
        return forged;
      })(),
    },
    401,
  );
  tokens("a truncated signature", { jwt: good.slice(0, -10) }, 401);
  tokens("an empty signature", { jwt: good.replace(/\.[^.]*$/, ".") }, 401);
  tokens(
    "claims changed after signing",
    {
      jwt: `${good.split(".")[0]}.${Buffer.from(JSON.stringify({ ...claims, exp: nowS + 60 })).toString("base64url")}.${good.split(".")[2]}`,
    },
    401,
  );

  // Local admin endpoints (root) with bad bodies.
  const local = (t: string, name: string, body: unknown) =>
    add({ route: `POST ${t}`, name, method: "POST", path: t, body, status: 400 });
  local("/_local/faults", "a rate above 1", { unavailable: 2 });
  local("/_local/faults", "a negative rate", { drop: -0.1 });
  local("/_local/faults", "an unknown fault", { explode: 1 });
  local("/_local/faults", "only=none", { only: "none" });
  local("/_local/faults", "a fractional times", { times: 1.5 });
  local("/_local/iam/serviceAccounts", "no folderId", { name: "x" });
  local("/_local/iam/serviceAccounts", "a name of 64 characters", {
    name: "n".repeat(64),
    folderId: TEST_FOLDER,
  });
  local("/_local/iam/keys", "no serviceAccountId", {});
  local("/_local/iam/users", "an empty name", { name: "" });
  local("/_local/iam/tokens", "a numeric subjectId", { subjectId: 1 });
  add({
    route: "POST /_local/iam/keys",
    name: "an account that does not exist",
    method: "POST",
    path: "/_local/iam/keys",
    body: { serviceAccountId: "ajenobody00000000000" },
    status: 404,
  });
  add({
    route: "POST /_local/iam/tokens",
    name: "a subject that does not exist",
    method: "POST",
    path: "/_local/iam/tokens",
    body: { subjectId: "ajenobody00000000000" },
    status: 404,
  });

  // Paths that are no route, and routes asked with the wrong verb.
  const stray = (name: string, method: string, p: string, status: number | number[]) =>
    add({ route: "(no route)", name, method, path: p, status });
  stray("an unknown path", "GET", "/lockbox/v2/secrets", 404);
  stray("a path with a trailing slash", "GET", `${S}/`, [400, 404]);
  stray(
    "an encoded dot-dot route to the admin API",
    "GET",
    `${S}/%2e%2e/%2e%2e/%2e%2e/_local/stats`,
    [400, 404],
  );
  stray("a raw dot-dot route to the admin API", "GET", `${S}/../../../_local/stats`, [400, 404]);
  stray(
    "an encoded backslash route to the admin API",
    "GET",
    `${S}/..%5C..%5C..%5C_local%5Cstats`,
    [400, 404],
  );
  stray("a doubled slash", "GET", `/lockbox//v1/secrets/${f.secret}`, [400, 404]);
  stray("an unknown custom verb", "POST", `${S}/${f.secret}:explode`, [404, 405]);
  stray("PUT on a secret", "PUT", `${S}/${f.secret}`, [404, 405]);
  stray("POST on a secret", "POST", `${S}/${f.secret}`, [404, 405]);
  stray("DELETE on the secret list", "DELETE", S, [404, 405]);
  stray("PATCH on an operation", "PATCH", `/operations/${f.operation}`, [404, 405]);
  stray("GET on the token exchange", "GET", "/iam/v1/tokens", [404, 405]);
  stray("an absolute-form URL", "GET", `http://127.0.0.1/${S}`, [400, 404]);
  stray("a query-only path", "GET", "?folderId=x", [400, 404]);
  return cases;
}

/**
 * Public routes that read no token, body, query or path id, so no malformed input reaches them; the
 * coverage test checks each still answers a plain request this way ("status code").
 */
const NO_INPUT = new Map([
  ["GET /health", "200"],
  // 501 UNIMPLEMENTED unless the server was started with gRPC (this one was not).
  ["GET /endpoints", "501 12"],
]);

describe("malformed-input corpus", function () {
  this.timeout(180_000);
  let server: InProcessServer;
  let fixture: Fixture;
  let offsetMs = 0;
  let baseline: ReturnType<typeof dbDigest>;
  const figures = {
    cases: 0,
    tableRoutes: 0,
    coveredRoutes: 0,
    unimplemented: 0,
    unrouted: 0,
    "4xx": 0,
    "5xx": 0,
    other: 0,
    stateChanges: 0,
    failed: 0,
  };

  before(async function () {
    this.timeout(60_000);
    server = await startLocalServer({ now: () => Date.now() + offsetMs });
    const root = as(server);
    const viewer = await createServiceAccount(server, { roles: ["lockbox.viewer"] });
    const other = await createServiceAccount(server);
    const user = await createUser(server);
    // An IAM token issued 13 hours ago has expired (they live 12 hours).
    offsetMs = -13 * 3600 * 1000;
    const old = await root.post("/_local/iam/tokens", { subjectId: viewer.id });
    offsetMs = 0;
    const kmsKey = String(
      done(await root.post(K, { folderId: TEST_FOLDER, defaultAlgorithm: "AES_256" })).metadata.keyId,
    );
    const protectedKmsKey = String(
      done(
        await root.post(K, { folderId: TEST_FOLDER, defaultAlgorithm: "AES_128", deletionProtection: true }),
      ).metadata.keyId,
    );
    const secretName = "corpus-secret";
    const first = await createSecret(root, {
      folderId: TEST_FOLDER,
      name: secretName,
      labels: { env: "test" },
      versionPayloadEntries: [{ key: "a", textValue: "one" }],
    });
    const second = done(
      await root.post(`${S}/${first.secretId}:addVersion`, {
        payloadEntries: [{ key: "a", textValue: "two" }],
      }),
    );
    // The first version is destroyed at once (pendingPeriod 0s) and swept by the next request.
    done(
      await root.post(`${S}/${first.secretId}:scheduleVersionDestruction`, {
        versionId: first.versionId,
        pendingPeriod: "0s",
      }),
    );
    const prot = await createSecret(root, {
      folderId: TEST_FOLDER,
      deletionProtection: true,
      versionPayloadEntries: [{ key: "p", textValue: "p" }],
    });
    const inactive = await createSecret(root, {
      folderId: TEST_FOLDER,
      name: "corpus-inactive",
      versionPayloadEntries: [{ key: "i", textValue: "i" }],
    });
    done(await root.post(`${S}/${inactive.secretId}:deactivate`, {}));
    const generated = await createSecret(root, {
      folderId: TEST_FOLDER,
      passwordPayloadSpecification: { passwordKey: "pw" },
    });
    const versions = await root.get(`${S}/${first.secretId}/versions`);
    assert.equal(
      (versions.body.versions as Array<{ id: string; status: string }>).find((v) => v.id === first.versionId)
        ?.status,
      "DESTROYED",
    );
    fixture = {
      root: server.rootToken,
      viewer: viewer.token,
      nobody: user.token,
      expired: String(old.body.iamToken),
      oauth: user.oauthToken,
      key: viewer.key,
      otherKey: other.key,
      kmsKey,
      protectedKmsKey,
      secret: first.secretId,
      secretName,
      current: String(second.metadata.versionId),
      destroyed: first.versionId!,
      protectedSecret: prot.secretId,
      inactive: inactive.secretId,
      generated: generated.secretId,
      operation: String(second.id),
    };
    // The expired token really is refused (so the cases that use it test what they say).
    assert.equal((await as(server, fixture.expired).get(`${S}/${fixture.secret}`)).status, 401);
    baseline = dbDigest(server.dataDir);
  });

  after(() => {
    if (figures.cases === 0) return;
    printFigures("corpus", {
      cases: figures.cases,
      "routes in the server's table": figures.tableRoutes,
      "routes with cases": figures.coveredRoutes,
      "routes answering 501 UNIMPLEMENTED (no cases)": figures.unimplemented,
      "routes taking no input (no cases)":
        figures.tableRoutes - figures.coveredRoutes - figures.unimplemented,
      "unrouted cases": figures.unrouted,
      "4xx": figures["4xx"],
      "5xx": figures["5xx"],
      "no answer or 2xx/3xx": figures.other,
      "state changes": figures.stateChanges,
      failed: figures.failed,
    });
  });

  it("has at least 500 cases, and cases on every route of the server's own table that takes input", async () => {
    const cases = corpus(fixture);
    const covered = new Set(cases.map((c) => c.route));
    const table = new Set(server.routes);
    assert.ok(cases.length >= 500, `${cases.length} cases`);
    // Routes the corpus names must exist (a renamed route must not leave stale cases behind).
    const named = new Set([...routes(fixture).map((r) => `${r.m} ${r.t}`), ...covered]);
    named.delete("(no route)");
    assert.deepEqual(
      [...named].filter((r) => !table.has(r)),
      [],
      "corpus routes missing from the server's table",
    );
    // Every route of the server's table has cases, unless it takes no input: the public routes
    // that read no token, body or path id (/health, /endpoints), and the known-but-unimplemented
    // methods, which answer 501 UNIMPLEMENTED whatever they are sent. Both exemptions are
    // checked against the running server, so a route added to the server with real input fails here.
    const uncovered: string[] = [];
    for (const route of table) {
      if (covered.has(route)) continue;
      const [method, template] = route.split(" ") as [string, string];
      const res = await rawRequest(server.url, { method, path: template.replace(/\{[a-zA-Z]+\}/g, "x1") });
      const answer = `${res.status} ${(res.json as { code?: number } | undefined)?.code ?? ""}`.trim();
      if (NO_INPUT.has(route) && answer === NO_INPUT.get(route)) continue;
      if (!NO_INPUT.has(route) && answer === "501 12") {
        figures.unimplemented++;
        continue;
      }
      uncovered.push(`${route} (answers ${answer})`);
    }
    assert.deepEqual(uncovered, [], "routes of the server with no corpus case");
    figures.tableRoutes = table.size;
    figures.coveredRoutes = [...table].filter((r) => covered.has(r)).length;
  });

  it("answers every case with a matching 4xx error and changes nothing", async () => {
    const cases = corpus(fixture);
    const failures: string[] = [];
    for (const c of cases) {
      const headers: Record<string, string> = { ...c.headers };
      if (c.token) headers.authorization = `Bearer ${c.token}`;
      const res: RawResponse = await rawRequest(server.url, {
        method: c.method,
        path: c.path,
        headers,
        body: c.body,
      });
      figures.cases++;
      if (c.route === "(no route)") figures.unrouted++;
      if (res.status >= 400 && res.status < 500) figures["4xx"]++;
      else if (res.status >= 500) figures["5xx"]++;
      else figures.other++;
      const problems = errorProblems(res, Array.isArray(c.status) ? c.status : [c.status]);
      const after = dbDigest(server.dataDir);
      if (after.hash !== baseline.hash) {
        figures.stateChanges++;
        const diff = Object.keys(after.rows).filter((t) => after.rows[t] !== baseline.rows[t]);
        problems.push(
          `the database changed (rows differ in: ${diff.join(", ") || "no count, contents only"})`,
        );
        baseline = after; // report each change once
      }
      if (problems.length > 0) {
        figures.failed++;
        const msg = (res.json as { message?: string } | undefined)?.message;
        failures.push(
          `${c.method} ${c.route}: ${c.name}: ${problems.join("; ")}${msg ? ` [${msg.slice(0, 100)}]` : ""}`,
        );
      }
    }
    // The server still answers after the whole corpus.
    assert.equal((await rawRequest(server.url, { method: "GET", path: "/health" })).status, 200);
    if (failures.length > 0)
      assert.fail(`${failures.length} of ${cases.length} cases failed:\n${failures.join("\n")}`);
  });
});
