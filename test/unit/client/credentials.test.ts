import assert from "node:assert/strict";
import { constants, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ExchangedCredentials,
  ServiceUnavailableError,
  UnauthenticatedError,
  type ExchangedToken,
} from "../../../provider/client";
import { JWT_LIFETIME_SECONDS, signServiceAccountJwt } from "../../../provider/client/internal/jwt";
import { IAM_TOKENS_AUDIENCE } from "../../../provider/api/iam";
import { harness, status } from "../../helpers/client-mock";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const PUBLIC_PEM = publicKey.export({ type: "spki", format: "pem" }).toString();
const SA_KEY = {
  id: "ajekey123",
  service_account_id: "ajesa456",
  created_at: "2026-01-01T00:00:00Z",
  key_algorithm: "RSA_2048",
  public_key: PUBLIC_PEM,
  private_key: PRIVATE_PEM,
};

function decodeJwt(jwt: string) {
  const [h, c, s] = jwt.split(".");
  return {
    header: JSON.parse(Buffer.from(h!, "base64url").toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c!, "base64url").toString()) as Record<string, number | string>,
    signingInput: `${h}.${c}`,
    signature: Buffer.from(s!, "base64url"),
  };
}

function verifyPs256(signingInput: string, signature: Buffer, pem: string): boolean {
  return verify(
    "sha256",
    Buffer.from(signingInput),
    {
      key: pem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    },
    signature,
  );
}

/** A clock tests move by hand. */
function clock(start = Date.parse("2026-06-01T00:00:00Z")) {
  const c = { now: start, fn: () => c.now };
  return c;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("client credentials", () => {
  describe("signServiceAccountJwt()", () => {
    it("signs a PS256 JWT with kid, iss, aud, iat and a one-hour exp that the public key verifies", () => {
      const jwt = signServiceAccountJwt(
        { id: "k1", serviceAccountId: "sa1", privateKey: PRIVATE_PEM },
        IAM_TOKENS_AUDIENCE,
        1_800_000_000,
      );
      const { header, claims, signingInput, signature } = decodeJwt(jwt);
      assert.deepEqual(header, { typ: "JWT", alg: "PS256", kid: "k1" });
      assert.deepEqual(claims, {
        iss: "sa1",
        aud: "https://iam.api.cloud.yandex.net/iam/v1/tokens",
        iat: 1_800_000_000,
        exp: 1_800_000_000 + JWT_LIFETIME_SECONDS,
      });
      assert.ok(JWT_LIFETIME_SECONDS <= 3600);
      assert.ok(verifyPs256(signingInput, signature, PUBLIC_PEM));
    });

    it("produces a signature another key does not verify", () => {
      const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
        type: "spki",
        format: "pem",
      });
      const { signingInput, signature } = decodeJwt(
        signServiceAccountJwt(
          { id: "k", serviceAccountId: "s", privateKey: PRIVATE_PEM },
          IAM_TOKENS_AUDIENCE,
          1,
        ),
      );
      assert.equal(verifyPs256(signingInput, signature, other.toString()), false);
    });
  });

  describe("ExchangedCredentials", () => {
    function exchanger(c: { now: number }, lifetimeMs = 12 * 3600_000) {
      let n = 0;
      const calls: number[] = [];
      const pending: Array<(t: ExchangedToken) => void> = [];
      return {
        calls,
        pending,
        immediate: () => {
          n++;
          calls.push(c.now);
          return Promise.resolve({ iamToken: `t1.token-${n}`, expiresAt: iso(c.now + lifetimeMs) });
        },
        deferred: () => {
          n++;
          calls.push(c.now);
          return new Promise<ExchangedToken>((resolve) => pending.push(resolve));
        },
      };
    }

    it("exchanges once and serves the cached token until it is due for refresh", async () => {
      const c = clock();
      const ex = exchanger(c);
      const creds = new ExchangedCredentials(ex.immediate, "test", c.fn);
      assert.equal(await creds.token(), "t1.token-1");
      c.now += 30 * 60_000;
      assert.equal(await creds.token(), "t1.token-1");
      assert.equal(ex.calls.length, 1);
    });

    it("refreshes an hour after the exchange, in the background, serving the cached token meanwhile", async () => {
      const c = clock();
      const ex = exchanger(c);
      const creds = new ExchangedCredentials(ex.immediate, "test", c.fn);
      await creds.token();
      c.now += 60 * 60_000;
      assert.equal(await creds.token(), "t1.token-1", "the 12-hour token is still good, so nobody waits");
      assert.equal(ex.calls.length, 2, "but a refresh started");
      assert.equal(await creds.token(), "t1.token-2");
      assert.equal(ex.calls.length, 2);
    });

    it("refreshes a short-lived token 5 minutes before it expires", async () => {
      const c = clock();
      const ex = exchanger(c, 10 * 60_000);
      const creds = new ExchangedCredentials(ex.immediate, "test", c.fn);
      await creds.token();
      c.now += 4 * 60_000;
      await creds.token();
      assert.equal(ex.calls.length, 1);
      c.now += 1 * 60_000;
      await creds.token();
      assert.equal(ex.calls.length, 2);
      assert.equal(await creds.token(), "t1.token-2");
    });

    it("makes callers wait for a fresh token when the cached one is about to expire", async () => {
      const c = clock();
      const ex = exchanger(c, 10 * 60_000);
      const creds = new ExchangedCredentials(ex.immediate, "test", c.fn);
      await creds.token();
      c.now += 10 * 60_000 - 10_000;
      assert.equal(await creds.token(), "t1.token-2");
    });

    it("shares one in-flight exchange among concurrent callers", async () => {
      const c = clock();
      const ex = exchanger(c);
      const creds = new ExchangedCredentials(ex.deferred, "test", c.fn);
      const all = Promise.all(Array.from({ length: 10 }, () => creds.token()));
      assert.equal(ex.calls.length, 1);
      ex.pending[0]!({ iamToken: "t1.shared", expiresAt: iso(c.now + 3600_000) });
      assert.deepEqual(new Set(await all), new Set(["t1.shared"]));
      assert.equal(ex.calls.length, 1);
    });

    it("keeps a still-valid token when a refresh fails, and tries again 30 seconds later", async () => {
      const c = clock();
      let fail = false;
      let attempts = 0;
      const creds = new ExchangedCredentials(
        () => {
          attempts++;
          return fail
            ? Promise.reject(new Error("iam down"))
            : Promise.resolve({ iamToken: `t1.n${attempts}`, expiresAt: iso(c.now + 12 * 3600_000) });
        },
        "test",
        c.fn,
      );
      await creds.token();
      fail = true;
      c.now += 2 * 3600_000;
      assert.equal(await creds.token(), "t1.n1");
      assert.equal(await creds.token(), "t1.n1");
      assert.equal(attempts, 2, "one failed refresh, not one per call");
      c.now += 29_000;
      await creds.token();
      assert.equal(attempts, 2);
      fail = false;
      c.now += 2_000;
      await creds.token();
      assert.equal(attempts, 3);
      assert.equal(await creds.token(), "t1.n3");
    });

    it("surfaces the exchange error when there is no usable token", async () => {
      const c = clock();
      const creds = new ExchangedCredentials(() => Promise.reject(new Error("iam down")), "test", c.fn);
      await assert.rejects(creds.token(), /iam down/);
    });

    it("exchanges again after the token is invalidated", async () => {
      const c = clock();
      const ex = exchanger(c);
      const creds = new ExchangedCredentials(ex.immediate, "test", c.fn);
      const first = await creds.token();
      creds.invalidate(first);
      assert.equal(await creds.token(), "t1.token-2");
    });
  });

  describe("LockboxClient with an OAuth token", () => {
    it("exchanges it at POST /iam/v1/tokens without an Authorization header, then sends the IAM token", async () => {
      const h = harness({ iamToken: undefined, oauthToken: "y0_oauth-secret" });
      h.pool
        .intercept({ path: "/iam/v1/tokens", method: "POST" })
        .reply(h.reply(200, { iamToken: "t1.exchanged", expiresAt: iso(Date.now() + 12 * 3600_000) }));
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(200, { id: "s1", folderId: "f" }));
      await h.client.secrets.get("s1");
      const [exchange, get] = h.seen;
      assert.deepEqual(exchange?.body, { yandexPassportOauthToken: "y0_oauth-secret" });
      assert.equal(exchange?.headers["authorization"], undefined);
      assert.equal(get?.headers["authorization"], "Bearer t1.exchanged");
      await h.finish();
    });

    it("runs one exchange for many concurrent first requests", async () => {
      const h = harness({ iamToken: undefined, oauthToken: "y0_oauth" });
      h.pool
        .intercept({ path: "/iam/v1/tokens", method: "POST" })
        .reply(h.reply(200, { iamToken: "t1.once", expiresAt: iso(Date.now() + 3600_000) }));
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(200, { id: "s1", folderId: "f" }))
        .times(8);
      await Promise.all(Array.from({ length: 8 }, () => h.client.secrets.get("s1")));
      assert.equal(h.seen.filter((r) => r.path === "/iam/v1/tokens").length, 1);
      await h.finish();
    });

    it("re-exchanges once when the API rejects the cached token as UNAUTHENTICATED", async () => {
      const h = harness({ iamToken: undefined, oauthToken: "y0_oauth" });
      const exchange = { path: "/iam/v1/tokens", method: "POST" };
      const get = { path: "/lockbox/v1/secrets/s1", method: "GET" };
      h.pool
        .intercept(exchange)
        .reply(h.reply(200, { iamToken: "t1.revoked", expiresAt: iso(Date.now() + 3600_000) }));
      h.pool.intercept(get).reply(h.reply(401, status(16, "Token is invalid or has expired.")));
      h.pool
        .intercept(exchange)
        .reply(h.reply(200, { iamToken: "t1.fresh", expiresAt: iso(Date.now() + 3600_000) }));
      h.pool.intercept(get).reply(h.reply(200, { id: "s1", folderId: "f" }));
      await h.client.secrets.get("s1");
      assert.equal(h.seen[3]?.headers["authorization"], "Bearer t1.fresh");
      await h.finish();
    });

    it("gives up with UnauthenticatedError when a fresh token is rejected too", async () => {
      const h = harness({ iamToken: undefined, oauthToken: "y0_oauth" });
      h.pool
        .intercept({ path: "/iam/v1/tokens", method: "POST" })
        .reply(h.reply(200, { iamToken: "t1.x", expiresAt: iso(Date.now() + 3600_000) }))
        .times(2);
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(401, status(16, "bad token")))
        .times(2);
      await assert.rejects(h.client.secrets.get("s1"), UnauthenticatedError);
      await h.finish();
    });

    it("retries a failing exchange on its own budget and never sends the call without a token", async () => {
      const h = harness({ iamToken: undefined, oauthToken: "y0_oauth", maxRetries: 2 });
      h.pool
        .intercept({ path: "/iam/v1/tokens", method: "POST" })
        .reply(h.reply(503, status(14, "iam unavailable")))
        .times(3);
      await assert.rejects(h.client.secrets.get("s1"), ServiceUnavailableError);
      assert.equal(h.seen.length, 3, "three exchange attempts, not three per outer attempt");
      assert.ok(h.seen.every((r) => r.path === "/iam/v1/tokens"));
      await h.finish();
    });

    it("does not retry with a fixed IAM token that was rejected", async () => {
      const h = harness();
      h.pool
        .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
        .reply(h.reply(401, status(16, "expired")));
      await assert.rejects(h.client.secrets.get("s1"), UnauthenticatedError);
      assert.equal(h.seen.length, 1);
      await h.finish();
    });
  });

  describe("LockboxClient with a service-account key", () => {
    const dir = mkdtempSync(join(tmpdir(), "lockbox-key-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const how of ["the serviceAccountKey option", "YC_SERVICE_ACCOUNT_KEY_FILE"]) {
      it(`exchanges a verifiable PS256 JWT for an IAM token (key from ${how})`, async () => {
        const file = join(dir, "key.json");
        writeFileSync(file, JSON.stringify(SA_KEY), { mode: 0o600 });
        const now = Date.parse("2026-06-01T12:00:00Z");
        const h = harness({
          iamToken: undefined,
          now: () => now,
          ...(how === "YC_SERVICE_ACCOUNT_KEY_FILE"
            ? { env: { YC_SERVICE_ACCOUNT_KEY_FILE: file } }
            : { serviceAccountKey: JSON.stringify(SA_KEY) }),
        });
        h.pool
          .intercept({ path: "/iam/v1/tokens", method: "POST" })
          .reply(h.reply(200, { iamToken: "t1.sa", expiresAt: iso(now + 12 * 3600_000) }));
        h.pool
          .intercept({ path: "/lockbox/v1/secrets/s1", method: "GET" })
          .reply(h.reply(200, { id: "s1", folderId: "f" }));
        await h.client.secrets.get("s1");
        const body = h.seen[0]?.body as { jwt: string };
        const { header, claims, signingInput, signature } = decodeJwt(body.jwt);
        assert.deepEqual(header, { typ: "JWT", alg: "PS256", kid: "ajekey123" });
        assert.equal(claims["iss"], "ajesa456");
        assert.equal(claims["aud"], "https://iam.api.cloud.yandex.net/iam/v1/tokens");
        assert.equal(claims["iat"], now / 1000);
        assert.ok((claims["exp"] as number) - (claims["iat"] as number) <= 3600);
        assert.ok(verifyPs256(signingInput, signature, SA_KEY.public_key));
        assert.equal(h.seen[1]?.headers["authorization"], "Bearer t1.sa");
        assert.match(h.client.credentialSource, /service-account key ajekey123/);
        await h.finish();
      });
    }
  });
});
