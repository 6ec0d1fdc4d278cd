import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PermissionDeniedError,
  UnauthenticatedError,
  isUnauthenticated,
  type LockboxClient,
} from "../../../provider/client";
import { createServiceAccount, createUser, TEST_FOLDER } from "../../helpers/server";
import { connect } from "../../helpers/client";
import { useLockboxLocal } from "../../helpers/lockbox-fixture";

const EXCHANGE = "POST /iam/v1/tokens";

describe("LockboxClient against lockbox-local: authentication", () => {
  const local = useLockboxLocal();
  const dir = mkdtempSync(join(tmpdir(), "lockbox-client-auth-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function exchanges(): Promise<number> {
    return (await local.server.stats()).requests[EXCHANGE] ?? 0;
  }

  /** Creates a secret as `client` and returns who the local.server says created it. */
  async function createdBy(client: LockboxClient): Promise<string | undefined> {
    const done = await client.awaitOperation(
      await client.secrets.create({
        folderId: TEST_FOLDER,
        versionPayloadEntries: [{ key: "k", textValue: "v" }],
      }),
    );
    return done.createdBy;
  }

  describe("with an IAM token", () => {
    it("authenticates as the token's subject (iamToken option)", async () => {
      const sa = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      assert.equal(await createdBy(connect(local.server, { iamToken: sa.token })), sa.id);
    });

    it("authenticates as the token's subject (YC_IAM_TOKEN)", async () => {
      const sa = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      const client = connect(local.server, { env: { YC_IAM_TOKEN: sa.token } });
      assert.equal(client.credentialSource, "YC_IAM_TOKEN");
      assert.equal(await createdBy(client), sa.id);
    });

    it("throws UnauthenticatedError for a token the local.server never issued", async () => {
      const client = connect(local.server, { iamToken: "t1.not-a-real-token" });
      await assert.rejects(client.secrets.list({ folderId: TEST_FOLDER }).page(), UnauthenticatedError);
    });

    it("throws PermissionDeniedError when the subject lacks the role (editor reading a payload)", async () => {
      const root = connect(local.server);
      const done = await root.awaitOperation(
        await root.secrets.create({
          folderId: TEST_FOLDER,
          versionPayloadEntries: [{ key: "k", textValue: "v" }],
        }),
      );
      const secretId = String(done.metadata?.["secretId"]);
      const editor = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      await assert.rejects(
        connect(local.server, { iamToken: editor.token }).payload.get(secretId),
        PermissionDeniedError,
      );
    });
  });

  describe("with an OAuth token", () => {
    it("exchanges it once at /iam/v1/tokens and acts as the user (oauthToken option)", async () => {
      const user = await createUser(local.server, { roles: ["lockbox.editor"] });
      const client = connect(local.server, { oauthToken: user.oauthToken });
      const before = await exchanges();
      assert.equal(await createdBy(client), user.id);
      await client.secrets.list({ folderId: TEST_FOLDER }).page();
      assert.equal((await exchanges()) - before, 1);
    });

    it("shares one exchange among concurrent first calls (YC_TOKEN)", async () => {
      const user = await createUser(local.server, { roles: ["lockbox.viewer"] });
      const client = connect(local.server, { env: { YC_TOKEN: user.oauthToken } });
      const before = await exchanges();
      await Promise.all(
        Array.from({ length: 10 }, () => client.secrets.list({ folderId: TEST_FOLDER }).page()),
      );
      assert.equal((await exchanges()) - before, 1);
    });

    it("surfaces a rejected OAuth token as UnauthenticatedError without leaking it", async () => {
      const client = connect(local.server, { oauthToken: "y0_unknown-oauth-token" });
      const err = await client.secrets.get("e6qanything000000000").catch((e: unknown) => e);
      assert.ok(isUnauthenticated(err), String(err));
      assert.ok(!JSON.stringify(err).includes("y0_unknown-oauth-token"));
      assert.ok(!String((err as Error).message).includes("y0_unknown-oauth-token"));
    });
  });

  describe("with a service-account key", () => {
    it("exchanges a signed JWT and acts as the service account (serviceAccountKey option)", async () => {
      const sa = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      const client = connect(local.server, { serviceAccountKey: sa.key });
      assert.equal(await createdBy(client), sa.id);
    });

    it("reads the key file named by YC_SERVICE_ACCOUNT_KEY_FILE", async () => {
      const sa = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      const file = join(dir, `${sa.id}.json`);
      writeFileSync(file, JSON.stringify(sa.key), { mode: 0o600 });
      const client = connect(local.server, { env: { YC_SERVICE_ACCOUNT_KEY_FILE: file } });
      assert.match(client.credentialSource, /YC_SERVICE_ACCOUNT_KEY_FILE/);
      assert.equal(await createdBy(client), sa.id);
    });

    it("is refused when the key belongs to another service account", async () => {
      const a = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      const b = await createServiceAccount(local.server, { roles: ["lockbox.editor"] });
      const client = connect(local.server, { serviceAccountKey: { ...a.key, service_account_id: b.id } });
      await assert.rejects(client.secrets.list({ folderId: TEST_FOLDER }).page(), (err: unknown) => {
        assert.ok(isUnauthenticated(err) || err instanceof PermissionDeniedError, String(err));
        return true;
      });
    });
  });
});
