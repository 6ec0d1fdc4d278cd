import assert from "node:assert/strict";
import * as api from "../../../provider/api";
import { NotFoundError, responseOf } from "../../../provider/client";
import { newFolder } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

describe("LockboxClient against lockbox-local: payload", () => {
  const local = useLockboxLocal();
  let folderId: string;
  let secret: api.Secret;
  const binary = Buffer.from([0, 1, 2, 250, 255]).toString("base64");

  before(async () => {
    folderId = newFolder();
    const done = await local.client.awaitOperation(
      await local.client.secrets.create({
        folderId,
        name: "app-config",
        versionPayloadEntries: [
          { key: "password", textValue: "pässwörd" },
          { key: "cert", binaryValue: binary },
        ],
      }),
    );
    secret = responseOf(done, api.secrets.secret);
  });

  describe(".get()", () => {
    it("returns text and binary entries of the current version in order", async () => {
      const payload = await local.client.payload.get(secret.id);
      assert.equal(payload.versionId, secret.currentVersion?.id);
      assert.deepEqual(payload.entries, [
        { key: "password", textValue: "pässwörd" },
        { key: "cert", binaryValue: binary },
      ]);
    });

    it("returns an older version by versionId", async () => {
      const first = secret.currentVersion!.id;
      await local.client.awaitOperation(
        await local.client.secrets.addVersion(secret.id, {
          payloadEntries: [{ key: "password", textValue: "rotated" }],
        }),
      );
      assert.equal((await local.client.payload.get(secret.id)).entries[0]?.textValue, "rotated");
      assert.equal(
        (await local.client.payload.get(secret.id, { versionId: first })).entries[0]?.textValue,
        "pässwörd",
      );
    });

    it("throws NotFoundError for an unknown secret", async () => {
      await assert.rejects(local.client.payload.get("e6qnosuchsecret00000"), NotFoundError);
    });
  });

  describe(".getEx()", () => {
    it("reads by secret id, every value base64", async () => {
      const res = await local.client.payload.getEx(
        { secretId: secret.id },
        { versionId: secret.currentVersion!.id },
      );
      assert.equal(res.secretId, secret.id);
      assert.equal(Buffer.from(res.entries["password"]!, "base64").toString("utf8"), "pässwörd");
      assert.equal(res.entries["cert"], binary);
    });

    it("reads by folder and secret name", async () => {
      const res = await local.client.payload.getEx({ folderId, secretName: "app-config" });
      assert.equal(res.secretId, secret.id);
    });
  });
});
