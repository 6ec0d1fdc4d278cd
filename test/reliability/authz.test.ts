/**
 * Authorization table: every role lockbox-local knows, and no role at all, granted at folder scope
 * and at resource scope (on the secret or KMS key the method acts on), against every method. The
 * expected answers are ONE table written from the role definitions in docs/roles.md; every cell
 * is run against a real server and must match (allowed = 200, denied = 403 PERMISSION_DENIED).
 */
import * as assert from "node:assert/strict";
import { as, done, type Caller } from "../integration/server/http";
import { printFigures } from "../helpers/reliability";
import { createUser, grantFolderRole, startLocalServer, type LocalServer } from "../helpers/server";

/** The roles, in the column order of {@link TABLE}. */
const ROLES = [
  "lockbox.auditor",
  "lockbox.viewer",
  "lockbox.editor",
  "lockbox.payloadViewer",
  "lockbox.admin",
  "kms.auditor",
  "kms.viewer",
  "kms.keys.encrypterDecrypter",
  "kms.keys.encrypter",
  "kms.keys.decrypter",
  "kms.keys.user",
  "kms.editor",
  "kms.admin",
  "resource-manager.auditor",
  "resource-manager.viewer",
  "resource-manager.editor",
  "resource-manager.admin",
  "auditor",
  "viewer",
  "editor",
  "admin",
  "(none)",
] as const;

/**
 * Expected answers. One row per method, one column per role (order of {@link ROLES}):
 *   A  allowed with the role bound on the folder, and with it bound on the resource itself
 *   F  allowed with the role bound on the folder only (the method acts on the folder: List, Create)
 *   .  denied (403) at both scopes
 * Columns are grouped: lockbox (auditor viewer editor payloadViewer admin) | kms (auditor viewer
 * encrypterDecrypter encrypter decrypter user editor admin) | resource-manager (auditor viewer
 * editor admin) | primitive (auditor viewer editor admin) | no role.
 */
// prettier-ignore
const TABLE: Record<string, string> = {
  //                                     lockbox  kms       rm   prim none
  "secret Get":                         "AAA.A ........ .... AAAA .",
  "secret List":                        "FFF.F ........ .... FFFF .",
  "secret Create":                      "..F.F ........ .... ..FF .",
  "secret Update":                      "..A.A ........ .... ..AA .",
  "secret Deactivate":                  "..A.A ........ .... ..AA .",
  "secret Activate":                    "..A.A ........ .... ..AA .",
  "secret Delete":                      "..A.A ........ .... ..AA .",
  "secret ListVersions":                "AAA.A ........ .... AAAA .",
  "secret AddVersion":                  "..A.A ........ .... ..AA .",
  "secret SetCurrentVersion":           "..A.A ........ .... ..AA .",
  "secret ScheduleVersionDestruction":  "..A.A ........ .... ..AA .",
  "secret CancelVersionDestruction":    "..A.A ........ .... ..AA .",
  "secret ListOperations":              "AAA.A ........ .... AAAA .",
  "secret ListAccessBindings":          "AAA.A ........ .... AAAA .",
  "secret SetAccessBindings":           "....A ........ .... ...A .",
  "secret UpdateAccessBindings":        "....A ........ .... ...A .",
  "payload Get":                        "...AA ........ .... ...A .",
  "payload GetEx by id":                "...AA ........ .... ...A .",
  "payload GetEx by folder and name":   "...AA ........ .... ...A .",
  "payload Get, KMS-encrypted secret":  "..... ........ .... ...A .",
  "operation Get (secret)":             "AAA.A ........ .... AAAA .",
  "operation Cancel (secret)":          "AAA.A ........ .... AAAA .",
  "operation Get (KMS key)":            "..... AAAAAAAA .... AAAA .",
  "kms Get":                            "..... AAAAAAAA .... AAAA .",
  "kms List":                           "..... FF....FF .... FFFF .",
  "kms Create":                         "..... ......FF .... ..FF .",
  "kms Update":                         "..... ......AA .... ..AA .",
  "kms Delete":                         "..... .......A .... ..AA .",
  "kms ListAccessBindings":             "..... AA....AA .... AAAA .",
  "kms SetAccessBindings":              "..... .......A .... ...A .",
  "kms UpdateAccessBindings":           "..... .......A .... ...A .",
  "folder ListAccessBindings":          "..... ........ FFFF FFFF .",
  "folder SetAccessBindings":           "..... ........ ...F ...F .",
  "folder UpdateAccessBindings":        "..... ........ ...F ...F .",
};

/** Whether the table allows `method` for the role in column `col` at `scope`. */
function expected(method: string, col: number, scope: "folder" | "resource"): boolean {
  const cell = TABLE[method]!.replace(/ /g, "")[col];
  if (cell === undefined) throw new Error(`${method}: no column ${col}`);
  return cell === "A" || (cell === "F" && scope === "folder");
}

/** The resources one (role, scope) pair acts on, made by root in a folder of its own. */
interface World {
  folder: string;
  secret: string;
  secretName: string;
  scheduled: string;
  middle: string;
  doomed: string;
  bindingsSecret: string;
  kmsSecret: string;
  key: string;
  doomedKey: string;
  bindingsKey: string;
  secretOp: string;
  keyOp: string;
}

async function makeWorld(root: Caller, folder: string): Promise<World> {
  const key = done(await root.post("/kms/v1/keys", { folderId: folder, defaultAlgorithm: "AES_256" }));
  const doomedKey = done(await root.post("/kms/v1/keys", { folderId: folder, defaultAlgorithm: "AES_128" }));
  const bindingsKey = done(
    await root.post("/kms/v1/keys", { folderId: folder, defaultAlgorithm: "AES_128" }),
  );
  const secretName = "authz-main";
  const created = done(
    await root.post("/lockbox/v1/secrets", {
      folderId: folder,
      name: secretName,
      versionPayloadEntries: [{ key: "a", textValue: "1" }],
    }),
  );
  const secret = String(created.metadata.secretId);
  const scheduled = String(created.metadata.versionId);
  const v2 = done(
    await root.post(`/lockbox/v1/secrets/${secret}:addVersion`, {
      payloadEntries: [{ key: "a", textValue: "2" }],
    }),
  );
  done(
    await root.post(`/lockbox/v1/secrets/${secret}:addVersion`, {
      payloadEntries: [{ key: "a", textValue: "3" }],
    }),
  );
  done(await root.post(`/lockbox/v1/secrets/${secret}:scheduleVersionDestruction`, { versionId: scheduled }));
  const mk = async (body: Record<string, unknown>) =>
    String(
      done(
        await root.post("/lockbox/v1/secrets", {
          folderId: folder,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
          ...body,
        }),
      ).metadata.secretId,
    );
  return {
    folder,
    secret,
    secretName,
    scheduled,
    middle: String(v2.metadata.versionId),
    doomed: await mk({}),
    bindingsSecret: await mk({}),
    kmsSecret: await mk({ kmsKeyId: String(key.metadata.keyId) }),
    key: String(key.metadata.keyId),
    doomedKey: String(doomedKey.metadata.keyId),
    bindingsKey: String(bindingsKey.metadata.keyId),
    secretOp: String(created.id),
    keyOp: String(key.id),
  };
}

/** Each method as one call; the order keeps every later call meaningful whatever earlier ones did. */
function methods(
  w: World,
  me: { type: string; id: string },
  role: string,
): Array<[string, (c: Caller) => Promise<{ status: number; body: Record<string, unknown> }>]> {
  const S = `/lockbox/v1/secrets/${w.secret}`;
  const other = { roleId: "lockbox.viewer", subject: { type: "userAccount", id: "ajeauthzother000000" } };
  const mine = role === "(none)" ? [] : [{ roleId: role, subject: me }];
  return [
    ["secret Get", (c) => c.get(S)],
    ["secret List", (c) => c.get(`/lockbox/v1/secrets?folderId=${w.folder}`)],
    ["secret ListVersions", (c) => c.get(`${S}/versions`)],
    ["secret ListOperations", (c) => c.get(`${S}/operations`)],
    ["secret ListAccessBindings", (c) => c.get(`${S}:listAccessBindings`)],
    ["payload Get", (c) => c.get(`${S}/payload`)],
    ["payload GetEx by id", (c) => c.get(`/lockbox/v1/secrets:getEx?secretId=${w.secret}`)],
    [
      "payload GetEx by folder and name",
      (c) =>
        c.get(
          `/lockbox/v1/secrets:getEx?folderAndName.folderId=${w.folder}&folderAndName.secretName=${w.secretName}`,
        ),
    ],
    ["payload Get, KMS-encrypted secret", (c) => c.get(`/lockbox/v1/secrets/${w.kmsSecret}/payload`)],
    ["operation Get (secret)", (c) => c.get(`/operations/${w.secretOp}`)],
    ["operation Cancel (secret)", (c) => c.post(`/operations/${w.secretOp}:cancel`)],
    ["operation Get (KMS key)", (c) => c.get(`/operations/${w.keyOp}`)],
    ["kms Get", (c) => c.get(`/kms/v1/keys/${w.key}`)],
    ["kms List", (c) => c.get(`/kms/v1/keys?folderId=${w.folder}`)],
    ["kms ListAccessBindings", (c) => c.get(`/kms/v1/keys/${w.key}:listAccessBindings`)],
    [
      "folder ListAccessBindings",
      (c) => c.get(`/resource-manager/v1/folders/${w.folder}:listAccessBindings`),
    ],
    ["secret Update", (c) => c.patch(S, { updateMask: "description", description: "changed" })],
    [
      "secret AddVersion",
      (c) => c.post(`${S}:addVersion`, { payloadEntries: [{ key: "a", textValue: "4" }] }),
    ],
    ["secret SetCurrentVersion", (c) => c.post(`${S}:setCurrentVersion`, { versionId: w.middle })],
    [
      "secret ScheduleVersionDestruction",
      (c) => c.post(`${S}:scheduleVersionDestruction`, { versionId: w.middle }),
    ],
    [
      "secret CancelVersionDestruction",
      (c) => c.post(`${S}:cancelVersionDestruction`, { versionId: w.scheduled }),
    ],
    ["secret Deactivate", (c) => c.post(`${S}:deactivate`)],
    ["secret Activate", (c) => c.post(`${S}:activate`)],
    ["secret Delete", (c) => c.delete(`/lockbox/v1/secrets/${w.doomed}`)],
    ["secret Create", (c) => c.post("/lockbox/v1/secrets", { folderId: w.folder, name: "made-by-caller" })],
    [
      "secret SetAccessBindings",
      (c) =>
        c.post(`/lockbox/v1/secrets/${w.bindingsSecret}:setAccessBindings`, {
          accessBindings: [...mine, other],
        }),
    ],
    [
      "secret UpdateAccessBindings",
      (c) =>
        c.post(`/lockbox/v1/secrets/${w.bindingsSecret}:updateAccessBindings`, {
          accessBindingDeltas: [{ action: "ADD", accessBinding: other }],
        }),
    ],
    [
      "kms Update",
      (c) => c.patch(`/kms/v1/keys/${w.key}`, { updateMask: "description", description: "changed" }),
    ],
    ["kms Delete", (c) => c.delete(`/kms/v1/keys/${w.doomedKey}`)],
    ["kms Create", (c) => c.post("/kms/v1/keys", { folderId: w.folder, defaultAlgorithm: "AES_256" })],
    [
      "kms SetAccessBindings",
      (c) => c.post(`/kms/v1/keys/${w.bindingsKey}:setAccessBindings`, { accessBindings: [...mine, other] }),
    ],
    [
      "kms UpdateAccessBindings",
      (c) =>
        c.post(`/kms/v1/keys/${w.bindingsKey}:updateAccessBindings`, {
          accessBindingDeltas: [{ action: "ADD", accessBinding: other }],
        }),
    ],
    [
      "folder UpdateAccessBindings",
      (c) =>
        c.post(`/resource-manager/v1/folders/${w.folder}:updateAccessBindings`, {
          accessBindingDeltas: [{ action: "ADD", accessBinding: other }],
        }),
    ],
    [
      "folder SetAccessBindings",
      (c) =>
        c.post(`/resource-manager/v1/folders/${w.folder}:setAccessBindings`, {
          accessBindings: [...mine, other],
        }),
    ],
  ];
}

describe("authorization table", function () {
  this.timeout(120_000);
  let server: LocalServer;
  let n = 0;
  const figures = { cells: 0, allowed: 0, denied: 0, mismatches: 0 };

  before(async () => {
    server = await startLocalServer();
  });

  after(() => {
    if (figures.cells > 0)
      printFigures("authorization", {
        roles: ROLES.length - 1,
        "no role": 1,
        scopes: 2,
        methods: Object.keys(TABLE).length,
        cells: figures.cells,
        "expected allow": figures.allowed,
        "expected deny": figures.denied,
        mismatches: figures.mismatches,
      });
  });

  it("covers every method in the table, and every role lockbox-local accepts", () => {
    const names = methods({} as World, { type: "userAccount", id: "x" }, "viewer").map(([m]) => m);
    assert.deepEqual([...names].sort(), Object.keys(TABLE).sort());
    for (const row of Object.values(TABLE)) assert.equal(row.replace(/ /g, "").length, ROLES.length);
  });

  for (const scope of ["folder", "resource"] as const) {
    for (const [col, role] of ROLES.entries()) {
      if (role === "(none)" && scope === "resource") continue; // no binding: the scope makes no difference
      it(`${role === "(none)" ? "no role" : role} at ${scope} scope`, async () => {
        const root = as(server);
        const w = await makeWorld(root, `b1gauthz${String(n++).padStart(4, "0")}`);
        const user = await createUser(server);
        const me = { type: "userAccount", id: user.id };
        if (role !== "(none)") {
          if (scope === "folder") await grantFolderRole(server, w.folder, role, me);
          else {
            const binding = { action: "ADD", accessBinding: { roleId: role, subject: me } };
            for (const s of [w.secret, w.doomed, w.bindingsSecret, w.kmsSecret])
              done(
                await root.post(`/lockbox/v1/secrets/${s}:updateAccessBindings`, {
                  accessBindingDeltas: [binding],
                }),
              );
            for (const k of [w.key, w.doomedKey, w.bindingsKey])
              done(
                await root.post(`/kms/v1/keys/${k}:updateAccessBindings`, { accessBindingDeltas: [binding] }),
              );
          }
        }
        const caller = as(server, user.token);
        const mismatches: string[] = [];
        for (const [method, call] of methods(w, me, role)) {
          const want = expected(method, col, scope);
          const res = await call(caller);
          figures.cells++;
          if (want) figures.allowed++;
          else figures.denied++;
          const ok = want ? res.status === 200 : res.status === 403 && res.body.code === 7;
          if (!ok) {
            figures.mismatches++;
            mismatches.push(
              `${method}: expected ${want ? "allow" : "deny (403)"}, got ${res.status} ${String(res.body.message ?? "")}`,
            );
          }
        }
        assert.deepEqual(mismatches, []);
      });
    }
  }
});
