import { strict as assert } from "node:assert";
import * as secretLifecycle from "../../../provider/lifecycle/secret";
import * as kmsLifecycle from "../../../provider/lifecycle/kms-symmetric-key";

const FOLDER = "b1gfolder";

describe("refresh reads every field back from the service", () => {
  describe("Secret", () => {
    const declared = {
      folderId: FOLDER,
      name: "db",
      passwordPayloadSpecification: { passwordKey: "password", length: 32, includeUppercase: true },
    };
    /** Outputs read from a secret "db" whose spec the service prints as `spec`. */
    const readWithSpec = (spec: Record<string, unknown>) =>
      secretLifecycle.outputsFrom(
        {
          id: "s1",
          folderId: FOLDER,
          name: "db",
          status: "ACTIVE",
          passwordPayloadSpecification: spec as never,
        },
        declared,
      );

    it("reads the password spec from the service, so a spec changed by hand shows in the diff", async () => {
      const outs = readWithSpec({ passwordKey: "password", length: "40", includeDigits: false });
      assert.deepEqual(outs.passwordPayloadSpecification, {
        passwordKey: "password",
        length: 40,
        includeDigits: false,
      });
      const d = await secretLifecycle.diff("s1", outs as never, declared);
      assert.deepEqual([d.changed, d.replaces], [["passwordPayloadSpecification"], []]);
    });

    it("treats the service's spelling of an unchanged spec as no change (length as a string, default flags)", async () => {
      const outs = readWithSpec({ passwordKey: "password", length: "32" });
      const d = await secretLifecycle.diff("s1", outs as never, declared);
      assert.deepEqual(d.changed, []);
    });

    it("reads back every other field, and keeps unset fields unset while the service holds their defaults", async () => {
      const untouched = secretLifecycle.outputsFrom(
        { id: "s1", folderId: FOLDER, status: "ACTIVE" },
        { folderId: FOLDER },
      );
      assert.deepEqual(untouched, { folderId: FOLDER, status: "ACTIVE" });
      const edited = secretLifecycle.outputsFrom(
        {
          id: "s1",
          folderId: FOLDER,
          status: "INACTIVE",
          name: "hand",
          description: "by hand",
          labels: { a: "b" },
          deletionProtection: true,
        },
        { folderId: FOLDER },
      );
      const d = await secretLifecycle.diff("s1", edited as never, { folderId: FOLDER });
      assert.deepEqual(d.changed, ["name", "description", "labels", "deletionProtection"]);
    });
  });

  describe("KmsSymmetricKey", () => {
    const declared = {
      folderId: FOLDER,
      name: "key",
      description: "the key",
      labels: { env: "dev" },
      defaultAlgorithm: "AES_256",
      rotationPeriod: "86400s",
      deletionProtection: false,
    };

    it("reads name, description, labels, algorithm, rotation, protection, status and rotatedAt back", async () => {
      const outs = kmsLifecycle.outputsFrom(
        {
          id: "k1",
          folderId: FOLDER,
          name: "renamed",
          description: "edited",
          labels: { env: "prod" },
          defaultAlgorithm: "AES_128",
          rotationPeriod: "3600s",
          deletionProtection: true,
          status: "INACTIVE",
          rotatedAt: "2026-01-02T03:04:05Z",
        },
        declared,
      );
      assert.equal(outs.rotatedAt, "2026-01-02T03:04:05Z");
      const d = await kmsLifecycle.diff("k1", outs as never, declared);
      assert.deepEqual(d.changed, [
        "name",
        "description",
        "labels",
        "defaultAlgorithm",
        "rotationPeriod",
        "deletionProtection",
        "status",
      ]);
      assert.deepEqual(d.replaces, []);
    });

    it("an untouched key reads back as declared, with no diff", async () => {
      const outs = kmsLifecycle.outputsFrom(
        { id: "k1", status: "ACTIVE", ...declared, rotationPeriod: "86400s" },
        declared,
      );
      const d = await kmsLifecycle.diff("k1", outs as never, declared);
      assert.deepEqual(d.changed, []);
      assert.equal(outs.rotatedAt, undefined);
    });

    it("accepts ACTIVE and INACTIVE as status and refuses anything else at check", async () => {
      for (const status of ["ACTIVE", "INACTIVE"]) {
        assert.deepEqual((await kmsLifecycle.check({}, { folderId: FOLDER, status })).failures, []);
      }
      const r = await kmsLifecycle.check({}, { folderId: FOLDER, status: "CREATING" });
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["status"],
      );
    });
  });
});
