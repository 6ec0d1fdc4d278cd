import assert from "node:assert/strict";
import type { LockboxClient } from "../../../provider/client";
import { startLocalServer, type LocalServer } from "../../helpers/server";
import { connect, newFolder } from "./connect";

describe("LockboxClient against lockbox-local: folders", () => {
  let server: LocalServer;
  let client: LockboxClient;
  before(async () => {
    server = await startLocalServer();
    client = connect(server);
  });

  it("sets, updates and lists a folder's access bindings", async () => {
    const folderId = newFolder();
    const editor = { roleId: "lockbox.editor", subject: { id: "ajeeditor", type: "serviceAccount" } };
    const viewer = { roleId: "lockbox.viewer", subject: { id: "ajeviewer", type: "userAccount" } };
    await client.awaitOperation(
      await client.folders.setAccessBindings(folderId, { accessBindings: [editor] }),
    );
    await client.awaitOperation(
      await client.folders.updateAccessBindings(folderId, {
        accessBindingDeltas: [{ action: "ADD", accessBinding: viewer }],
      }),
    );
    const listed = await client.folders.listAccessBindings(folderId).toArray();
    assert.deepEqual(listed.map((b) => `${b.roleId}/${b.subject.type}:${b.subject.id}`).sort(), [
      "lockbox.editor/serviceAccount:ajeeditor",
      "lockbox.viewer/userAccount:ajeviewer",
    ]);
  });
});
