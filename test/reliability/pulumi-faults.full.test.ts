/**
 * Faults during `pulumi up`: lockbox-local answers 20% of all API calls with a fault (503, 429, a
 * dropped connection, or a commit followed by a dropped connection) while the real Pulumi CLI
 * creates a program of 30 resources. The stack must converge with at most one re-run of `up`, and
 * the server must then hold exactly what the state says: no duplicates, no orphans, nothing missing.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { as } from "../integration/server/http";
import { printFigures } from "../helpers/reliability";
import { createStack, fixture, type ExportedResource } from "../helpers/pulumi";
import { createServiceAccount, setFaults, startLocalServer, type LocalServer } from "../helpers/server";
import * as types from "../../sdk/types";

/** Stacks run one after another, each in a folder of its own (more calls, so more faults). */
const ROUNDS = 3;
const FAULTS = {
  unavailable: 0.05,
  rateLimited: 0.05,
  drop: 0.05,
  commitThenDrop: 0.05,
  only: "all" as const,
};

describe("faults during pulumi up", function () {
  this.timeout(900_000);
  let server: LocalServer;

  before(async () => {
    server = await startLocalServer();
  });

  const totals = {
    stacks: 0,
    "resources in state": 0,
    "up runs": 0,
    "faults injected": 0,
    "API calls": 0,
    "state/server mismatches": 0,
  };
  after(() => {
    if (totals.stacks > 0) printFigures("pulumi faults", totals);
  });

  for (let round = 0; round < ROUNDS; round++)
    it(`stack ${round + 1} of ${ROUNDS}: converges on 30 resources with at most one re-run, and the server holds exactly the state`, async () => {
      const FOLDER = `b1gpulumifaults${round}`;
      await as(server).post("/_local/stats:reset");
      const reader = await createServiceAccount(server);
      const value = `faults-${randomBytes(8).toString("hex")}`;
      const stack = await createStack({
        programDir: fixture("faults-program"),
        config: { "lockbox:endpoint": server.url, "lockbox:folderId": FOLDER, readerId: reader.id },
        secrets: { "lockbox:token": server.rootToken, value },
      });
      await setFaults(server, FAULTS);
      const runs: number[] = [];
      let converged = false;
      for (let attempt = 0; attempt < 2 && !converged; attempt++) {
        const r = await stack.up({ allowFailure: true });
        runs.push(r.code);
        converged = r.code === 0;
      }
      const injected = (await as(server).get("/_local/faults")).body.injected as number;
      await setFaults(server, {});
      const stats = await server.stats();

      const state = await stack.exportStack();
      const resources = (state.deployment.resources ?? []).filter(
        (r) => r.custom && r.type.includes("lockbox:"),
      );
      const of = (type: string): ExportedResource[] => resources.filter((r) => r.type === type);
      const api = as(server);
      const problems: string[] = [];
      const same = (what: string, server: string[], inState: string[]) => {
        const s = [...server].sort();
        const st = [...inState].sort();
        const orphans = s.filter((x) => !st.includes(x));
        const missing = st.filter((x) => !s.includes(x));
        const dups = s.filter((x, i) => s.indexOf(x) !== i);
        if (orphans.length || missing.length || dups.length)
          problems.push(
            `${what}: orphans ${orphans.join(",")} missing ${missing.join(",")} duplicates ${dups.join(",")}`,
          );
      };

      // KMS keys and secrets in the folder.
      const keys = (await api.get(`/kms/v1/keys?folderId=${FOLDER}&pageSize=1000`)).body.keys as Array<{
        id: string;
      }>;
      same(
        "KMS keys",
        keys.map((k) => k.id),
        of(types.KMS_SYMMETRIC_KEY_TYPE).map((r) => r.id!),
      );
      const secrets = (await api.get(`/lockbox/v1/secrets?folderId=${FOLDER}&pageSize=1000`)).body
        .secrets as Array<{
        id: string;
        name: string;
      }>;
      same(
        "secrets",
        secrets.map((s) => s.id),
        of(types.SECRET_TYPE).map((r) => r.id!),
      );
      same(
        "secret names",
        secrets.map((s) => s.name),
        of(types.SECRET_TYPE).map((r) => String(r.outputs?.name)),
      );
      // Versions and bindings of each secret.
      const stateVersions = of(types.SECRET_VERSION_TYPE);
      const stateBindings = of(types.ACCESS_BINDING_TYPE);
      for (const s of secrets) {
        const versions = (await api.get(`/lockbox/v1/secrets/${s.id}/versions?pageSize=1000`)).body
          .versions as Array<{
          id: string;
        }>;
        same(
          `versions of ${s.name}`,
          versions.map((v) => v.id),
          stateVersions.filter((v) => v.outputs?.secretId === s.id).map((v) => v.id!),
        );
        const payload = await api.get(`/lockbox/v1/secrets/${s.id}/payload`);
        const entries = payload.body.entries as Array<{ key: string; textValue: string }> | undefined;
        if (entries?.find((e) => e.key === "value")?.textValue !== value)
          problems.push(`payload of ${s.name}`);
        const bindings = (await api.get(`/lockbox/v1/secrets/${s.id}:listAccessBindings`)).body
          .accessBindings as Array<{
          roleId: string;
          subject: { type: string; id: string };
        }>;
        same(
          `bindings of ${s.name}`,
          bindings.map((b) => `${b.roleId}:${b.subject.type}:${b.subject.id}`),
          stateBindings
            .filter((b) => b.outputs?.secretId === s.id)
            .flatMap((b) => (b.outputs?.members as string[]).map((m) => `${String(b.outputs?.role)}:${m}`)),
        );
      }

      totals.stacks++;
      totals["resources in state"] += resources.length;
      totals["up runs"] += runs.length;
      totals["faults injected"] += injected;
      totals["API calls"] += [stats.requests, stats.dropped, stats.aborted]
        .flatMap((m) => Object.values(m))
        .reduce((a, b) => a + b, 0);
      totals["state/server mismatches"] += problems.length;
      assert.ok(converged, `pulumi up did not converge in two runs (exit codes ${runs.join(", ")})`);
      assert.equal(resources.length, 30, resources.map((r) => r.urn).join("\n"));
      assert.ok(injected > 0, "no fault was injected");
      assert.deepEqual(problems, []);
      // A last run with no faults has nothing left to do.
      const preview = await stack.preview({ json: true });
      const steps = ((preview.json as { steps?: Array<{ op: string }> }).steps ?? []).filter(
        (s) => s.op !== "same",
      );
      assert.deepEqual(steps, []);
    });
});
