/**
 * Crash loop: lockbox-local runs as a child process under a write load and is killed with SIGKILL
 * at a random moment, 20 times over the same data dir. After each kill the database must pass
 * `PRAGMA integrity_check` and the restarted server must answer /health (within 30 s, a liveness
 * bound, not a speed claim: the restart times are printed, and measured by the bench); at the end
 * every write the server acknowledged (200) must be there, with its value. Any HTTP answer other
 * than 200 is a failure, right before the kill too (SIGKILL leaves no time to answer); only a request
 * whose connection the kill cut (no answer at all) is let go, and those are counted.
 */
import * as assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { as } from "../integration/server/http";
import { onCleanup } from "../helpers/hooks";
import { printFigures, sleep } from "../helpers/reliability";
import { spawnLocalServer, type SpawnedServer } from "../helpers/server";

const KILLS = 20;
const WRITERS = 4;
const FOLDER = "b1gcrashloop";

/** A write the server acknowledged: the version it made and the value it holds. */
interface Ack {
  secretId: string;
  versionId: string;
  value: string;
}

async function start(dataDir: string): Promise<{ server: SpawnedServer; ms: number }> {
  const t0 = performance.now();
  const server = await spawnLocalServer({ dataDir });
  for (;;) {
    try {
      const res = await fetch(`${server.url}/health`);
      if (res.status === 200) break;
    } catch {
      // not accepting connections yet
    }
    if (performance.now() - t0 > 30_000) throw new Error("/health did not answer within 30 s");
    await sleep(5);
  }
  return { server, ms: performance.now() - t0 };
}

function integrity(dataDir: string): string {
  const db = new DatabaseSync(path.join(dataDir, "lockbox.db"));
  try {
    const row = db.prepare("PRAGMA integrity_check").get() as Record<string, string>;
    return String(Object.values(row)[0]);
  } finally {
    db.close();
  }
}

describe("crash loop (SIGKILL under a write load)", function () {
  this.timeout(300_000);

  it(`loses no acknowledged write over ${KILLS} SIGKILLs, answers nothing but 200, and restarts each time`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-crash-loop-"));
    onCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const acks: Ack[] = [];
    const restarts: number[] = [];
    const checks: string[] = [];
    let attempted = 0;
    /** Requests the kill cut before any answer (the only failures the loop lets go). */
    let cut = 0;

    for (let round = 0; round < KILLS; round++) {
      const { server, ms } = await start(dataDir);
      restarts.push(ms);
      const api = as(server);
      // Set just before the kill: from then on a failed request is the crash, not a bug.
      let dying = false;
      const writer = async (w: number) => {
        for (let i = 0; ; i++) {
          const value = `r${round}-w${w}-${i}-${randomBytes(6).toString("hex")}`;
          // Half the writes are new secrets, half new versions of a secret acknowledged earlier.
          const target = acks.length > 0 && i % 2 === 1 ? acks[randomInt(acks.length)]! : undefined;
          attempted++;
          let res;
          try {
            res = target
              ? await api.post(`/lockbox/v1/secrets/${target.secretId}:addVersion`, {
                  payloadEntries: [{ key: "v", textValue: value }],
                })
              : await api.post("/lockbox/v1/secrets", {
                  folderId: FOLDER,
                  versionPayloadEntries: [{ key: "v", textValue: value }],
                });
          } catch (err) {
            // No answer at all: after the kill, the connection died with the server.
            if (!dying) throw err;
            cut++;
            return;
          }
          // An answer is an answer, kill or not: anything but 200 is a real failure.
          if (res.status !== 200)
            throw new Error(`write answered ${res.status}: ${JSON.stringify(res.body)}`);
          const meta = res.body.metadata as { secretId: string; versionId: string };
          acks.push({ secretId: meta.secretId, versionId: meta.versionId, value });
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      // Kill at a random moment of the load (the writers run from the first millisecond).
      await sleep(randomInt(20, 600));
      dying = true;
      await server.kill("SIGKILL");
      await Promise.all(writers);
      checks.push(integrity(dataDir));
    }

    const { server, ms } = await start(dataDir);
    restarts.push(ms);
    const api = as(server);
    const lost: string[] = [];
    for (const a of acks) {
      const res = await api.get(`/lockbox/v1/secrets/${a.secretId}/payload?versionId=${a.versionId}`);
      const entries = res.body.entries as Array<{ key: string; textValue: string }> | undefined;
      if (res.status !== 200 || entries?.[0]?.textValue !== a.value)
        lost.push(`${a.secretId}/${a.versionId}`);
    }
    await server.kill("SIGTERM");
    const finalCheck = integrity(dataDir);
    const sorted = [...restarts].sort((x, y) => x - y);
    printFigures("crash loop", {
      kills: KILLS,
      "writes attempted": attempted,
      "writes acknowledged": acks.length,
      "writes cut by a kill (no answer)": cut,
      "lost writes": lost.length,
      "integrity_check ok": `${checks.filter((c) => c === "ok").length + (finalCheck === "ok" ? 1 : 0)}/${KILLS + 1}`,
      "restart ms (min/median/max)": `${sorted[0]!.toFixed(0)}/${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}/${sorted[sorted.length - 1]!.toFixed(0)}`,
    });
    assert.ok(acks.length > KILLS, `only ${acks.length} writes were acknowledged`);
    assert.deepEqual(lost, [], "acknowledged writes missing after the crashes");
    assert.deepEqual([...checks, finalCheck], Array(KILLS + 1).fill("ok"));
    assert.equal(restarts.length, KILLS + 1, "every restart answered /health");
  });
});
