import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as errors from "../../../provider/client/core/errors";

const {
  errorFromResponse,
  errorFromStatus,
  summarizeRequest,
  LockboxAPIError,
  LockboxError,
  BadRequestError,
  UnauthenticatedError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  AlreadyExistsError,
  FailedPreconditionError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  DeadlineExceededError,
  NotImplementedError,
  CancelledError,
} = errors;

describe("client errors", () => {
  describe("errorFromResponse()", () => {
    const byCode: Array<[number, number, new (...a: never[]) => unknown, string]> = [
      [3, 400, BadRequestError, "INVALID_ARGUMENT"],
      [11, 400, BadRequestError, "OUT_OF_RANGE"],
      [9, 400, FailedPreconditionError, "FAILED_PRECONDITION"],
      [16, 401, UnauthenticatedError, "UNAUTHENTICATED"],
      [7, 403, PermissionDeniedError, "PERMISSION_DENIED"],
      [5, 404, NotFoundError, "NOT_FOUND"],
      [6, 409, AlreadyExistsError, "ALREADY_EXISTS"],
      [10, 409, ConflictError, "ABORTED"],
      [8, 429, RateLimitError, "RESOURCE_EXHAUSTED"],
      [13, 500, InternalServerError, "INTERNAL"],
      [12, 501, NotImplementedError, "UNIMPLEMENTED"],
      [14, 503, ServiceUnavailableError, "UNAVAILABLE"],
      [4, 504, DeadlineExceededError, "DEADLINE_EXCEEDED"],
      [1, 499, CancelledError, "CANCELLED"],
    ];
    for (const [code, httpStatus, Class, name] of byCode) {
      it(`maps code ${code} (${name}) to ${Class.name}`, () => {
        const err = errorFromResponse(httpStatus, { code, message: "boom", details: [] });
        assert.ok(err instanceof Class);
        assert.equal(err.status, httpStatus);
        assert.equal(err.code, code);
        assert.equal(err.codeName, name);
        assert.equal(err.apiMessage, "boom");
      });
    }

    it("lets the API code win over the HTTP status (FAILED_PRECONDITION is HTTP 400)", () => {
      const err = errorFromResponse(400, { code: 9, message: "deletion protection is on" });
      assert.ok(err instanceof FailedPreconditionError);
      assert.ok(!(err instanceof BadRequestError));
    });

    const byStatus: Array<[number, new (...a: never[]) => unknown]> = [
      [400, BadRequestError],
      [401, UnauthenticatedError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [409, ConflictError],
      [429, RateLimitError],
      [500, InternalServerError],
      [502, InternalServerError],
      [503, ServiceUnavailableError],
      [504, DeadlineExceededError],
    ];
    for (const [httpStatus, Class] of byStatus) {
      it(`maps a bare HTTP ${httpStatus} without a code to ${Class.name}`, () => {
        assert.ok(errorFromResponse(httpStatus, "<html>gateway</html>") instanceof Class);
      });
    }

    it("falls back to LockboxAPIError for an unlisted 4xx", () => {
      const err = errorFromResponse(418, {});
      assert.equal(err.constructor, LockboxAPIError);
    });

    it("does not mistake a bare 409 for ALREADY_EXISTS", () => {
      assert.ok(!(errorFromResponse(409, {}) instanceof AlreadyExistsError));
    });

    it("takes the message of a non-JSON body, truncated", () => {
      const err = errorFromResponse(502, "x".repeat(500));
      assert.equal(err.apiMessage.length, 200);
    });

    it("reads the request id from a google.rpc.RequestInfo detail first", () => {
      const err = errorFromResponse(
        404,
        {
          code: 5,
          message: "nope",
          details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", requestId: "from-detail" }],
        },
        { "x-request-id": "from-header" },
        { requestId: "sent" },
      );
      assert.equal(err.requestId, "from-detail");
      assert.match(err.message, /from-detail/);
    });

    it("falls back to the x-request-id response header, then to the id the client sent", () => {
      assert.equal(
        errorFromResponse(404, { code: 5 }, { "x-request-id": "hdr" }, { requestId: "s" }).requestId,
        "hdr",
      );
      assert.equal(errorFromResponse(404, { code: 5 }, {}, { requestId: "s" }).requestId, "s");
    });

    it("redacts the Authorization header of the request it carries, everywhere it can be printed", () => {
      const request = summarizeRequest("GET", "http://x/lockbox/v1/secrets/s", {
        authorization: "Bearer t1.secret-token",
        "x-request-id": "r",
      });
      const err = errorFromResponse(
        403,
        { code: 7, message: "denied" },
        { "set-cookie": "sid=1" },
        { request },
      );
      assert.equal(err.request?.headers["authorization"], "[REDACTED]");
      assert.equal(err.headers["set-cookie"], "[REDACTED]");
      for (const text of [err.message, err.stack ?? "", JSON.stringify(err), inspect(err, { depth: 10 })]) {
        assert.ok(!text.includes("t1.secret-token"), "token leaked");
      }
    });
  });

  describe("errorFromStatus()", () => {
    it("builds the class of an Operation's error code with the HTTP status Yandex maps it to", () => {
      const err = errorFromStatus({ code: 9, message: "version is destroyed" }, { operationId: "op1" });
      assert.ok(err instanceof FailedPreconditionError);
      assert.equal(err.status, 400);
      assert.equal(err.operationId, "op1");
      assert.match(err.message, /operation op1/);
    });

    it("treats an unknown code as an internal error", () => {
      const err = errorFromStatus({ code: 99, message: "?" });
      assert.ok(err instanceof InternalServerError);
      assert.equal(err.status, 500);
    });
  });

  describe("class hierarchy", () => {
    it("puts every API error under LockboxAPIError, LockboxError and Error", () => {
      const err = errorFromResponse(409, { code: 6, message: "exists" });
      assert.ok(err instanceof AlreadyExistsError);
      assert.ok(err instanceof ConflictError);
      assert.ok(err instanceof LockboxAPIError);
      assert.ok(err instanceof LockboxError);
      assert.ok(err instanceof Error);
      assert.equal(err.name, "AlreadyExistsError");
      assert.ok(!(err instanceof NotFoundError));
    });

    it("classifies errors made by a second loaded copy of the module", () => {
      const modulePath = require.resolve("../../../provider/client/core/errors");
      const saved = require.cache[modulePath];
      delete require.cache[modulePath];
      const copy = require(modulePath) as typeof errors;
      if (saved !== undefined) require.cache[modulePath] = saved;
      assert.notEqual(copy.NotFoundError, NotFoundError, "the test needs two distinct copies");
      const foreign = copy.errorFromResponse(404, { code: 5, message: "gone" });
      assert.ok(errors.isNotFound(foreign));
      assert.ok(errors.isAPIError(foreign));
      assert.ok(foreign instanceof NotFoundError);
      assert.ok(foreign instanceof LockboxError);
      assert.ok(!errors.isAlreadyExists(foreign));
      assert.ok(!((foreign as object) instanceof PermissionDeniedError));
      const local = errorFromResponse(409, { code: 6 });
      assert.ok(copy.isAlreadyExists(local));
      assert.ok(local instanceof copy.ConflictError);
    });

    it("answers false for values that are not client errors", () => {
      for (const v of [undefined, null, "NotFoundError", new Error("x"), { status: 404 }]) {
        assert.equal(errors.isNotFound(v), false);
        assert.equal(errors.isLockboxError(v), false);
        assert.ok(!((v as object) instanceof LockboxError));
      }
    });
  });
});
