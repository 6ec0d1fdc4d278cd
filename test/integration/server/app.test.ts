import * as assert from "node:assert/strict";
import { createServiceAccount, startLocalServer, TEST_FOLDER } from "../../helpers/server";
import { as, done, failed } from "./http";

describe("lockbox-local app", () => {
  describe("the seed option", () => {
    it("provisions secrets with values without HTTP", async () => {
      const server = await startLocalServer({
        seed: [{ folderId: TEST_FOLDER, name: "seeded", entries: { user: "admin", password: "pw" } }],
      });
      const root = as(server);
      const res = await root.get(
        `/lockbox/v1/secrets:getEx?folderAndName.folderId=${TEST_FOLDER}&folderAndName.secretName=seeded`,
      );
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.entries, {
        user: Buffer.from("admin").toString("base64"),
        password: Buffer.from("pw").toString("base64"),
      });
    });
  });

  describe("POST /_local/reset", () => {
    it("deletes every secret, identity and counter", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const sa = await createServiceAccount(server, { roles: ["lockbox.viewer"] });
      const op = done(await root.post("/lockbox/v1/secrets", { folderId: TEST_FOLDER }));
      assert.equal((await root.post("/_local/reset")).status, 200);
      failed(await root.get(`/lockbox/v1/secrets/${String(op.metadata.secretId)}`), 404, 5);
      failed(await as(server, sa.token).get(`/lockbox/v1/secrets?folderId=${TEST_FOLDER}`), 401, 16);
      assert.equal((await server.stats()).mutations, 0);
    });
  });

  describe("folder access bindings", () => {
    it("lists and sets a folder's bindings as root, and refuses a folder editor", async () => {
      const server = await startLocalServer();
      const root = as(server);
      const folder = "b1gbindingsfolder";
      const b = { roleId: "lockbox.editor", subject: { type: "serviceAccount", id: "aje00000000000000042" } };
      const set = done(
        await root.post(`/resource-manager/v1/folders/${folder}:setAccessBindings`, { accessBindings: [b] }),
      );
      assert.equal(set.metadata.resourceId, folder);
      assert.deepEqual(
        (await root.get(`/resource-manager/v1/folders/${folder}:listAccessBindings`)).body.accessBindings,
        [b],
      );
      const editor = await createServiceAccount(server, { folderId: folder, roles: ["editor"] });
      const c = as(server, editor.token);
      assert.equal((await c.get(`/resource-manager/v1/folders/${folder}:listAccessBindings`)).status, 200);
      failed(
        await c.post(`/resource-manager/v1/folders/${folder}:setAccessBindings`, { accessBindings: [] }),
        403,
        7,
      );
    });
  });
});
