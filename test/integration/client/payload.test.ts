import assert from "node:assert/strict";
import * as api from "../../../provider/api";
import { NotFoundError, responseOf, type LockboxClient } from "../../../provider/client";
import { startLocalServer, type LocalServer } from "../../helpers/server";
import { connect, newFolder } from "./connect";

describe("LockboxClient against lockbox-local: payload", () => {
  let server: LocalServer;
  let client: LockboxClient;
  let folderId: string;
  let secret: api.Secret;
  const binary = Buffer.from([0, 1, 2, 250, 255]).toString("base64");

  before(async () => {
    server = await startLocalServer();
    client = connect(server);
    folderId = newFolder();
    const done = await client.awaitOperation(
      await client.secrets.create({
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
      const payload = await client.payload.get(secret.id);
      assert.equal(payload.versionId, secret.currentVersion?.id);
      assert.deepEqual(payload.entries, [
        { key: "password", textValue: "pässwörd" },
        { key: "cert", binaryValue: binary },
      ]);
    });

    it("returns an older version by versionId", async () => {
      const first = secret.currentVersion!.id;
      await client.awaitOperation(
        await client.secrets.addVersion(secret.id, {
          payloadEntries: [{ key: "password", textValue: "rotated" }],
        }),
      );
      assert.equal((await client.payload.get(secret.id)).entries[0]?.textValue, "rotated");
      assert.equal(
        (await client.payload.get(secret.id, { versionId: first })).entries[0]?.textValue,
        "pässwörd",
      );
    });

    it("throws NotFoundError for an unknown secret", async () => {
      await assert.rejects(client.payload.get("e6qnosuchsecret00000"), NotFoundError);
    });
  });

  describe(".getEx()", () => {
    it("reads by secret id, every value base64", async () => {
      const res = await client.payload.getEx(
        { secretId: secret.id },
        { versionId: secret.currentVersion!.id },
      );
      assert.equal(res.secretId, secret.id);
      assert.equal(Buffer.from(res.entries["password"]!, "base64").toString("utf8"), "pässwörd");
      assert.equal(res.entries["cert"], binary);
    });

    it("reads by folder and secret name", async () => {
      const res = await client.payload.getEx({ folderId, secretName: "app-config" });
      assert.equal(res.secretId, secret.id);
    });
  });
});
