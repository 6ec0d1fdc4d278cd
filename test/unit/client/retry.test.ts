import assert from "node:assert/strict";
import {
  LockboxAbortError,
  LockboxConfigError,
  LockboxConnectionError,
  LockboxTimeoutError,
  errorFromResponse,
} from "../../../provider/client/core/errors";
import { backoffDelay, parseRetryAfter, shouldRetry } from "../../../provider/client/core/retry";

describe("client retry policy", () => {
  describe("shouldRetry()", () => {
    const apiError = (status: number, code?: number) =>
      errorFromResponse(status, code === undefined ? "" : { code, message: "m" });

    describe("for a GET", () => {
      const retried: Array<[string, unknown]> = [
        ["a connection error", new LockboxConnectionError("reset")],
        ["a client timeout", new LockboxTimeoutError("slow")],
        ["503 UNAVAILABLE", apiError(503, 14)],
        ["429 RESOURCE_EXHAUSTED", apiError(429, 8)],
        ["409 ABORTED", apiError(409, 10)],
        ["500 INTERNAL", apiError(500, 13)],
        ["a bare 502", apiError(502)],
        ["a bare 503", 503],
        ["a bare 429", { status: 429 }],
      ];
      for (const [what, failure] of retried) {
        it(`retries ${what}`, () => assert.equal(shouldRetry(failure, "GET", false), true));
      }

      const notRetried: Array<[string, unknown]> = [
        ["400 INVALID_ARGUMENT", apiError(400, 3)],
        ["403 PERMISSION_DENIED", apiError(403, 7)],
        ["404 NOT_FOUND", apiError(404, 5)],
        ["400 FAILED_PRECONDITION", apiError(400, 9)],
        ["409 ALREADY_EXISTS", apiError(409, 6)],
        ["401 UNAUTHENTICATED", apiError(401, 16)],
        ["501 UNIMPLEMENTED", apiError(501, 12)],
        ["a bare 409", apiError(409)],
        ["a bare 400", 400],
        ["503 carrying NOT_FOUND (the code wins)", { status: 503, code: 5 }],
        ["the caller's abort", new LockboxAbortError("aborted")],
        ["a configuration error", new LockboxConfigError("no token")],
        ["an unknown thrown value", new Error("bug")],
      ];
      for (const [what, failure] of notRetried) {
        it(`does not retry ${what}`, () => assert.equal(shouldRetry(failure, "GET", false), false));
      }
    });

    describe("for a mutation", () => {
      for (const method of ["POST", "PATCH", "DELETE"]) {
        it(`retries a ${method} that failed transiently only when it carries an idempotency key`, () => {
          for (const failure of [new LockboxConnectionError("reset"), apiError(503, 14), apiError(429, 8)]) {
            assert.equal(shouldRetry(failure, method, true), true);
            assert.equal(shouldRetry(failure, method, false), false);
          }
        });
      }

      it("never retries ALREADY_EXISTS, even with an idempotency key", () => {
        assert.equal(shouldRetry(apiError(409, 6), "POST", true), false);
      });
    });
  });

  describe("parseRetryAfter()", () => {
    it("reads seconds", () => assert.equal(parseRetryAfter("3"), 3000));
    it("reads fractional seconds", () => assert.equal(parseRetryAfter("1.5"), 1500));
    it("reads an HTTP date relative to now", () => {
      const now = Date.parse("2026-01-01T00:00:00Z");
      assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10_000);
    });
    it("reads a date in the past as zero", () => {
      assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:00 GMT", Date.parse("2026-01-02T00:00:00Z")), 0);
    });
    it("ignores absent and unreadable values", () => {
      for (const v of [undefined, null, "", "soon", "-1"]) assert.equal(parseRetryAfter(v), undefined);
    });
  });

  describe("backoffDelay()", () => {
    it("doubles from the base delay per attempt", () => {
      const delays = [1, 2, 3, 4].map((a) => backoffDelay(a, undefined, { random: 0 }));
      assert.deepEqual(delays, [250, 500, 1000, 2000]);
    });

    it("stops growing at maxDelay", () => {
      assert.equal(backoffDelay(20, undefined, { random: 0 }), 8000);
      assert.equal(backoffDelay(3, undefined, { random: 0, maxDelay: 600 }), 600);
    });

    it("takes up to a quarter off as jitter", () => {
      assert.equal(backoffDelay(3, undefined, { random: 0.5 }), 875);
      assert.equal(backoffDelay(3, undefined, { random: 0.999 }), 750);
    });

    it("starts from an injected base delay", () => {
      assert.equal(backoffDelay(1, undefined, { random: 0, baseDelay: 1 }), 1);
    });

    it("honours Retry-After over the computed delay", () => {
      assert.equal(backoffDelay(1, "7", { random: 0 }), 7000);
    });

    it("caps Retry-After at maxRetryAfter", () => {
      assert.equal(backoffDelay(1, "3600", { random: 0 }), 30_000);
      assert.equal(backoffDelay(1, "10", { maxRetryAfter: 2000 }), 2000);
    });

    it("ignores an unreadable Retry-After", () => {
      assert.equal(backoffDelay(2, "later", { random: 0 }), 500);
    });
  });
});
