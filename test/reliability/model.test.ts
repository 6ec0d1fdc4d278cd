/**
 * Model check: fast-check generates random sequences of Lockbox calls (create, addVersion,
 * setCurrentVersion, schedule/cancel destruction, activate/deactivate, deletion protection,
 * bindings, payload reads, delete), runs each against a real lockbox-local and against a small
 * in-memory model of the documented rules, and compares every answer and the observable state
 * after it. A divergence fails with the shrunk (smallest) sequence that shows it.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { as, type Caller, type Res } from "../integration/server/http";
import { FULL, printFigures } from "../helpers/reliability";
import { startLocalServer, type LocalServer } from "../helpers/server";

/** One payload entry as the model holds it. */
type Entry = { key: string; textValue: string } | { key: string; binaryValue: string };
type VersionStatus = "ACTIVE" | "SCHEDULED_FOR_DESTRUCTION" | "DESTROYED";
interface ModelVersion {
  id: string;
  status: VersionStatus;
  entries: Entry[];
}
interface ModelSecret {
  id: string;
  status: "ACTIVE" | "INACTIVE";
  deletionProtection: boolean;
  current: string | undefined;
  versions: ModelVersion[];
  bindings: string[];
}
/** The model: the secrets that exist, and every id ever seen (deleted ones answer 404). */
interface Model {
  secrets: Map<string, ModelSecret>;
  known: string[];
}
interface Real {
  api: Caller;
  folder: string;
}

const KEYS = ["a", "b", "c", "d"];
const ROLES = ["lockbox.viewer", "lockbox.editor", "lockbox.payloadViewer"];
const SUBJECTS = ["ajemodeluser00000001", "ajemodeluser00000002"];

const figures = { runs: 0, sequences: 0, calls: 0, "2xx": 0, "4xx": 0, "5xx": 0, divergences: 0 };

function expectStatus(what: string, res: Res, status: number): void {
  figures.calls++;
  if (res.status < 300) figures["2xx"]++;
  else if (res.status < 500) figures["4xx"]++;
  else figures["5xx"]++;
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
}

/** Compares the server's view of one secret with the model (or checks it is gone). */
async function compare(model: Model, real: Real, id: string): Promise<void> {
  const m = model.secrets.get(id);
  const got = await real.api.get(`/lockbox/v1/secrets/${id}`);
  if (!m) {
    expectStatus(`Get of deleted ${id}`, got, 404);
    return;
  }
  expectStatus(`Get ${id}`, got, 200);
  assert.equal(got.body.status, m.status, "secret status");
  assert.equal(got.body.deletionProtection, m.deletionProtection, "deletionProtection");
  assert.equal((got.body.currentVersion as { id?: string } | undefined)?.id, m.current, "current version");
  const versions = await real.api.get(`/lockbox/v1/secrets/${id}/versions?pageSize=1000`);
  expectStatus("ListVersions", versions, 200);
  assert.deepEqual(
    (versions.body.versions as Array<{ id: string; status: string }>).map((v) => `${v.id}:${v.status}`),
    m.versions.map((v) => `${v.id}:${v.status}`),
    "versions and their statuses",
  );
  const bindings = await real.api.get(`/lockbox/v1/secrets/${id}:listAccessBindings?pageSize=1000`);
  expectStatus("ListAccessBindings", bindings, 200);
  assert.deepEqual(
    (bindings.body.accessBindings as Array<{ roleId: string; subject: { id: string } }>).map(
      (b) => `${b.roleId}|${b.subject.id}`,
    ),
    m.bindings,
    "access bindings",
  );
}

/** Picks a secret id by index among every id seen so far (so deleted ones are picked too). */
const pick = (model: Model, i: number): string | undefined =>
  model.known.length === 0 ? undefined : model.known[i % model.known.length];
const pickVersion = (s: ModelSecret | undefined, i: number): ModelVersion | undefined =>
  s && s.versions.length > 0 ? s.versions[i % s.versions.length] : undefined;

/** A command with a readable description, so a shrunk counterexample reads as a list of calls. */
class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly body: (model: Model, real: Real) => Promise<void>,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): Promise<void> {
    return this.body(model, real);
  }
  toString(): string {
    return this.label;
  }
}

const entryArb: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), textValue: fc.constantFrom("", "x", "y", "long value") }),
  fc.record({
    key: fc.constantFrom(...KEYS),
    binaryValue: fc.uint8Array({ maxLength: 4 }).map((b) => Buffer.from(b).toString("base64")),
  }),
);

/** Applies AddVersion changes to a base the documented way: replace in place, remove, add last. */
function merge(base: Entry[], changes: Entry[]): Entry[] {
  const out = new Map(base.map((e) => [e.key, e]));
  for (const c of changes) {
    if ("textValue" in c && c.textValue === "") out.delete(c.key);
    else out.set(c.key, c);
  }
  return [...out.values()];
}

/** The entries as plain JSON objects (generated records have no prototype). */
const plain = (entries: Entry[]): unknown => JSON.parse(JSON.stringify(entries));

/** Reads a version's payload and compares it with the model's entries. */
async function comparePayload(real: Real, s: ModelSecret, v: ModelVersion): Promise<void> {
  const res = await real.api.get(`/lockbox/v1/secrets/${s.id}/payload?versionId=${v.id}`);
  expectStatus(`payload of ${v.id}`, res, 200);
  assert.deepEqual(res.body.entries, plain(v.entries), `payload of ${v.id}`);
}

const commands = [
  fc
    .record({
      entries: fc.uniqueArray(entryArb, { selector: (e) => e.key, maxLength: 3 }),
      protect: fc.boolean(),
    })
    .map(
      ({ entries, protect }) =>
        new Step(`create(${JSON.stringify(entries)}, protect=${protect})`, async (model, real) => {
          const res = await real.api.post("/lockbox/v1/secrets", {
            folderId: real.folder,
            deletionProtection: protect,
            versionPayloadEntries: entries,
          });
          expectStatus("Create", res, 200);
          const meta = res.body.metadata as { secretId: string; versionId?: string };
          const versions: ModelVersion[] =
            entries.length > 0 ? [{ id: meta.versionId!, status: "ACTIVE", entries }] : [];
          model.secrets.set(meta.secretId, {
            id: meta.secretId,
            status: "ACTIVE",
            deletionProtection: protect,
            current: versions[0]?.id,
            versions,
            bindings: [],
          });
          model.known.push(meta.secretId);
          await compare(model, real, meta.secretId);
        }),
    ),
  fc.record({ i: fc.nat(), changes: fc.array(entryArb, { maxLength: 3 }), base: fc.option(fc.nat()) }).map(
    ({ i, changes, base }) =>
      new Step(
        `addVersion(#${i}, ${JSON.stringify(changes)}, base=${base ?? "current"})`,
        async (model, real) => {
          const id = pick(model, i);
          if (!id) return;
          const s = model.secrets.get(id);
          const baseVersion = base === null ? undefined : pickVersion(s, base);
          const res = await real.api.post(`/lockbox/v1/secrets/${id}:addVersion`, {
            payloadEntries: changes,
            ...(baseVersion ? { baseVersionId: baseVersion.id } : {}),
          });
          if (!s) return expectStatus("AddVersion of a deleted secret", res, 404);
          if (baseVersion?.status === "DESTROYED")
            return expectStatus("AddVersion on a destroyed base", res, 400);
          expectStatus("AddVersion", res, 200);
          const from = baseVersion ?? s.versions.find((v) => v.id === s.current && v.status !== "DESTROYED");
          const v: ModelVersion = {
            id: (res.body.metadata as { versionId: string }).versionId,
            status: "ACTIVE",
            entries: merge(from?.entries ?? [], changes),
          };
          s.versions.push(v);
          s.current = v.id;
          await compare(model, real, id);
          if (s.status === "ACTIVE") await comparePayload(real, s, v);
        },
      ),
  ),
  fc.record({ i: fc.nat(), v: fc.nat() }).map(
    ({ i, v }) =>
      new Step(`setCurrentVersion(#${i}, v#${v})`, async (model, real) => {
        const id = pick(model, i);
        const s = id ? model.secrets.get(id) : undefined;
        const version = pickVersion(s, v);
        if (!id || !version) return;
        const res = await real.api.post(`/lockbox/v1/secrets/${id}:setCurrentVersion`, {
          versionId: version.id,
        });
        if (version.status === "DESTROYED")
          return expectStatus("SetCurrentVersion to a destroyed version", res, 400);
        expectStatus("SetCurrentVersion", res, 200);
        s!.current = version.id;
        await compare(model, real, id);
      }),
  ),
  fc.record({ i: fc.nat(), v: fc.nat(), now: fc.boolean() }).map(
    ({ i, v, now }) =>
      new Step(`scheduleVersionDestruction(#${i}, v#${v}, ${now ? "0s" : "1 day"})`, async (model, real) => {
        const id = pick(model, i);
        const s = id ? model.secrets.get(id) : undefined;
        const version = pickVersion(s, v);
        if (!id || !version) return;
        const res = await real.api.post(`/lockbox/v1/secrets/${id}:scheduleVersionDestruction`, {
          versionId: version.id,
          pendingPeriod: now ? "0s" : "86400s",
        });
        if (version.status !== "ACTIVE") return expectStatus("Schedule of a version not ACTIVE", res, 400);
        expectStatus("ScheduleVersionDestruction", res, 200);
        // A pending period of 0s destroys the version before the next request is served.
        version.status = now ? "DESTROYED" : "SCHEDULED_FOR_DESTRUCTION";
        if (now) version.entries = [];
        await compare(model, real, id);
      }),
  ),
  fc.record({ i: fc.nat(), v: fc.nat() }).map(
    ({ i, v }) =>
      new Step(`cancelVersionDestruction(#${i}, v#${v})`, async (model, real) => {
        const id = pick(model, i);
        const s = id ? model.secrets.get(id) : undefined;
        const version = pickVersion(s, v);
        if (!id || !version) return;
        const res = await real.api.post(`/lockbox/v1/secrets/${id}:cancelVersionDestruction`, {
          versionId: version.id,
        });
        if (version.status !== "SCHEDULED_FOR_DESTRUCTION")
          return expectStatus("Cancel of an unscheduled version", res, 400);
        expectStatus("CancelVersionDestruction", res, 200);
        version.status = "ACTIVE";
        await compare(model, real, id);
      }),
  ),
  fc.record({ i: fc.nat(), active: fc.boolean() }).map(
    ({ i, active }) =>
      new Step(`${active ? "activate" : "deactivate"}(#${i})`, async (model, real) => {
        const id = pick(model, i);
        if (!id) return;
        const res = await real.api.post(`/lockbox/v1/secrets/${id}:${active ? "activate" : "deactivate"}`);
        const s = model.secrets.get(id);
        if (!s) return expectStatus("Activate/Deactivate of a deleted secret", res, 404);
        expectStatus(active ? "Activate" : "Deactivate", res, 200);
        s.status = active ? "ACTIVE" : "INACTIVE";
        await compare(model, real, id);
      }),
  ),
  fc.record({ i: fc.nat(), protect: fc.boolean() }).map(
    ({ i, protect }) =>
      new Step(`setDeletionProtection(#${i}, ${protect})`, async (model, real) => {
        const id = pick(model, i);
        if (!id) return;
        const res = await real.api.patch(`/lockbox/v1/secrets/${id}`, {
          updateMask: "deletionProtection",
          deletionProtection: protect,
        });
        const s = model.secrets.get(id);
        if (!s) return expectStatus("Update of a deleted secret", res, 404);
        expectStatus("Update", res, 200);
        s.deletionProtection = protect;
        await compare(model, real, id);
      }),
  ),
  fc
    .record({
      i: fc.nat(),
      action: fc.constantFrom("ADD", "REMOVE", "SET"),
      roles: fc.uniqueArray(
        fc.record({ role: fc.constantFrom(...ROLES), subject: fc.constantFrom(...SUBJECTS) }),
        { selector: (b) => `${b.role}|${b.subject}`, minLength: 1, maxLength: 3 },
      ),
    })
    .map(
      ({ i, action, roles }) =>
        new Step(
          `${action.toLowerCase()}Bindings(#${i}, ${roles.map((b) => `${b.role}|${b.subject}`).join(",")})`,
          async (model, real) => {
            const id = pick(model, i);
            if (!id) return;
            const binding = (b: { role: string; subject: string }) => ({
              roleId: b.role,
              subject: { type: "userAccount", id: b.subject },
            });
            const res =
              action === "SET"
                ? await real.api.post(`/lockbox/v1/secrets/${id}:setAccessBindings`, {
                    accessBindings: roles.map(binding),
                  })
                : await real.api.post(`/lockbox/v1/secrets/${id}:updateAccessBindings`, {
                    accessBindingDeltas: roles.map((b) => ({ action, accessBinding: binding(b) })),
                  });
            const s = model.secrets.get(id);
            if (!s) return expectStatus("Bindings of a deleted secret", res, 404);
            expectStatus(`${action} bindings`, res, 200);
            const keys = roles.map((b) => `${b.role}|${b.subject}`);
            if (action === "SET") s.bindings = keys;
            else if (action === "ADD") {
              for (const k of keys) if (!s.bindings.includes(k)) s.bindings.push(k);
            } else s.bindings = s.bindings.filter((k) => !keys.includes(k));
            await compare(model, real, id);
          },
        ),
    ),
  fc.record({ i: fc.nat(), v: fc.option(fc.nat()) }).map(
    ({ i, v }) =>
      new Step(`readPayload(#${i}, ${v === null ? "current" : `v#${v}`})`, async (model, real) => {
        const id = pick(model, i);
        if (!id) return;
        const s = model.secrets.get(id);
        const version = v === null ? s?.versions.find((x) => x.id === s.current) : pickVersion(s, v);
        const q = v !== null && version ? `?versionId=${version.id}` : "";
        const res = await real.api.get(`/lockbox/v1/secrets/${id}/payload${q}`);
        if (!s) return expectStatus("Payload of a deleted secret", res, 404);
        if (s.status === "INACTIVE") return expectStatus("Payload of an INACTIVE secret", res, 400);
        if (!version) return expectStatus("Payload with no current version", res, 404);
        if (version.status === "DESTROYED") return expectStatus("Payload of a destroyed version", res, 400);
        expectStatus("Payload", res, 200);
        assert.deepEqual(res.body.entries, plain(version.entries), "payload entries");
        assert.equal(res.body.versionId, version.id);
      }),
  ),
  fc.nat().map(
    (i) =>
      new Step(`delete(#${i})`, async (model, real) => {
        const id = pick(model, i);
        if (!id) return;
        const res = await real.api.delete(`/lockbox/v1/secrets/${id}`);
        const s = model.secrets.get(id);
        if (!s) return expectStatus("Delete of a deleted secret", res, 404);
        if (s.deletionProtection) return expectStatus("Delete of a protected secret", res, 400);
        expectStatus("Delete", res, 200);
        model.secrets.delete(id);
        await compare(model, real, id);
      }),
  ),
];

describe("model check of the secret lifecycle", function () {
  this.timeout(FULL ? 900_000 : 120_000);
  let server: LocalServer;
  let folders = 0;

  before(async () => {
    server = await startLocalServer();
  });

  after(() => {
    if (figures.sequences > 0) printFigures("model", { ...figures, divergences: figures.divergences });
  });

  it(`agrees with the in-memory model on random call sequences (${FULL ? "full" : "small"} run)`, async () => {
    const numRuns = FULL ? 300 : 20;
    const maxCommands = FULL ? 80 : 30;
    const api = as(server);
    const result = await fc.check(
      fc.asyncProperty(fc.commands(commands, { maxCommands, size: "max" }), async (cmds) => {
        figures.sequences++;
        const folder = `b1gmodel${String(folders++).padStart(6, "0")}`;
        const model: Model = { secrets: new Map(), known: [] };
        await fc.asyncModelRun(() => ({ model, real: { api, folder } }), cmds);
        // Every secret the model holds is listed in its folder, oldest first, and nothing else.
        const list = await api.get(`/lockbox/v1/secrets?folderId=${folder}&pageSize=1000`);
        expectStatus("List", list, 200);
        assert.deepEqual(
          (list.body.secrets as Array<{ id: string }>).map((x) => x.id),
          [...model.secrets.keys()],
          "List",
        );
      }),
      { numRuns, endOnFailure: false },
    );
    figures.runs = result.numRuns;
    if (result.failed) {
      figures.divergences++;
      const cause =
        result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      assert.fail(`${fc.defaultReportMessage(result) ?? "the model and the server diverged"}\n${cause}`);
    }
  });
});
