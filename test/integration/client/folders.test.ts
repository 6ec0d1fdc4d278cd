import assert from "node:assert/strict";
import { newFolder } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

describe("LockboxClient against lockbox-local: folders", () => {
  const local = useLockboxLocal();

  it("sets, updates and lists a folder's access bindings", async () => {
    const folderId = newFolder();
    const editor = { roleId: "lockbox.editor", subject: { id: "ajeeditor", type: "serviceAccount" } };
    const viewer = { roleId: "lockbox.viewer", subject: { id: "ajeviewer", type: "userAccount" } };
    await local.client.awaitOperation(
      await local.client.folders.setAccessBindings(folderId, { accessBindings: [editor] }),
    );
    await local.client.awaitOperation(
      await local.client.folders.updateAccessBindings(folderId, {
        accessBindingDeltas: [{ action: "ADD", accessBinding: viewer }],
      }),
    );
    const listed = await local.client.folders.listAccessBindings(folderId).toArray();
    assert.deepEqual(listed.map((b) => `${b.roleId}/${b.subject.type}:${b.subject.id}`).sort(), [
      "lockbox.editor/serviceAccount:ajeeditor",
      "lockbox.viewer/userAccount:ajeviewer",
    ]);
  });
});
