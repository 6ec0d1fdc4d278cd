/**
 * Client overhead: each workload runs the same API calls through `LockboxClient` and through a bare
 * `undici.request` (same headers, same JSON parsing) against one lockbox-local child process, in
 * alternating batches so drift hits both sides equally. Prints the ratio client/raw per workload.
 * Loopback only; every loop is bounded by `iterations`.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { LockboxClient } from "../provider/client";
import { atMost, median, round, startServer, type BenchOptions, type Figure } from "./lib";

/** The overhead the project accepts. */
export const TARGET_RATIO = 1.15;

/** One workload: the same call made both ways. */
interface Workload {
  name: string;
  iterations: number;
  concurrency: number;
  client: (i: number) => Promise<unknown>;
  raw: (i: number) => Promise<unknown>;
}

/** Runs `count` calls on `concurrency` workers; records each call's latency (ms) and the batch's CPU time (µs). */
async function runBatch(
  fn: (i: number) => Promise<unknown>,
  from: number,
  count: number,
  concurrency: number,
  latencies: number[],
): Promise<number> {
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      latencies.push(performance.now() - t0);
    }
  };
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  return cpu.user + cpu.system;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Small alternating batches (client, raw, raw, client, …) so load from other processes on a shared
 * machine falls on both sides alike; the median latency ratio is the headline, robust to scheduler spikes.
 */
async function measure(w: Workload, batch: number) {
  const warm: number[] = [];
  await runBatch(w.client, 0, Math.min(300, w.iterations), w.concurrency, warm);
  await runBatch(w.raw, 0, Math.min(300, w.iterations), w.concurrency, warm);
  const lat = { client: [] as number[], raw: [] as number[] };
  const cpu = { client: 0, raw: 0 };
  const rounds = Math.max(2, Math.ceil(w.iterations / batch));
  for (let r = 0; r < rounds; r++) {
    const order: Array<"client" | "raw"> = r % 2 === 0 ? ["client", "raw"] : ["raw", "client"];
    for (const side of order)
      cpu[side] += await runBatch(w[side], r * batch, batch, w.concurrency, lat[side]);
  }
  const n = rounds * batch;
  return {
    n,
    clientP50: median(lat.client) * 1000,
    rawP50: median(lat.raw) * 1000,
    p50Ratio: median(lat.client) / median(lat.raw),
    meanRatio: mean(lat.client) / mean(lat.raw),
    clientCpu: cpu.client / n,
    rawCpu: cpu.raw / n,
  };
}

/** Runs every workload and prints a table; resolves the largest ratio. */
export async function run(options: BenchOptions): Promise<Figure[]> {
  const scale = options.quick ? 0.02 : 1;
  const batch = options.quick ? 4 : 20;
  const server = await startServer();
  const folderId = "b1gbenchfolder000000";
  const client = new LockboxClient({ endpoint: server.url, iamToken: server.token, env: {} });
  const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  const auth = `Bearer ${server.token}`;
  const raw = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: auth,
      "x-request-id": randomUUID(),
    };
    if (method === "POST") headers["idempotency-key"] = randomUUID();
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await request(server.url + path, {
      dispatcher: agent,
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = (await res.body.json()) as Record<string, unknown>;
    if (res.statusCode !== 200) throw new Error(`${method} ${path} answered ${res.statusCode}`);
    return json;
  };
  try {
    const seed = await client.awaitOperation(
      await client.secrets.create({
        folderId,
        name: "bench",
        versionPayloadEntries: [
          { key: "password", textValue: "x".repeat(64) },
          { key: "cert", binaryValue: Buffer.alloc(512, 7).toString("base64") },
        ],
      }),
    );
    const secretId = String(seed.metadata?.["secretId"]);
    for (let i = 0; i < 49; i++) {
      await client.awaitOperation(await client.secrets.create({ folderId, name: `filler-${i}` }));
    }
    const get = `/lockbox/v1/secrets/${secretId}`;
    const payload = `/lockbox/v1/secrets/${secretId}/payload`;
    const list = `/lockbox/v1/secrets?folderId=${folderId}&pageSize=50`;
    let created = 0;
    const workloads: Workload[] = [
      {
        name: "secrets.get",
        iterations: Math.round(3000 * scale),
        concurrency: 1,
        client: () => client.secrets.get(secretId),
        raw: () => raw("GET", get),
      },
      {
        name: "secrets.get x8 concurrent",
        iterations: Math.round(4000 * scale),
        concurrency: 8,
        client: () => client.secrets.get(secretId),
        raw: () => raw("GET", get),
      },
      {
        name: "payload.get",
        iterations: Math.round(3000 * scale),
        concurrency: 1,
        client: () => client.payload.get(secretId),
        raw: () => raw("GET", payload),
      },
      {
        name: "secrets.list (50 per page)",
        iterations: Math.round(1000 * scale),
        concurrency: 1,
        client: () => client.secrets.list({ folderId, pageSize: 50 }).page(),
        raw: () => raw("GET", list),
      },
      {
        name: "secrets.create + awaitOperation",
        iterations: Math.round(400 * scale),
        concurrency: 1,
        client: async () =>
          client.awaitOperation(
            await client.secrets.create({ folderId: "b1gbenchcreate", name: `c${created++}` }),
          ),
        raw: async () => {
          const op = await raw("POST", "/lockbox/v1/secrets", {
            folderId: "b1gbenchcreate",
            name: `r${created++}`,
          });
          if (op["done"] !== true) throw new Error("the bench expects operations to finish at once");
          return op;
        },
      },
    ];
    options.log(`client: LockboxClient vs raw undici.request, alternating batches of ${batch}`);
    const rows: Record<string, unknown>[] = [];
    let worst = 0;
    for (const w of workloads) {
      const r = await measure(w, batch);
      worst = Math.max(worst, r.p50Ratio);
      rows.push({
        workload: w.name,
        calls: r.n,
        rawP50Us: Math.round(r.rawP50),
        clientP50Us: Math.round(r.clientP50),
        p50Ratio: round(r.p50Ratio),
        meanRatio: round(r.meanRatio),
        clientCpuUsPerCall: Math.round(r.clientCpu),
        rawCpuUsPerCall: Math.round(r.rawCpu),
      });
      options.log(`  ${w.name}: p50 ratio ${r.p50Ratio.toFixed(3)}x (mean ${r.meanRatio.toFixed(3)}x)`);
    }
    return [
      {
        id: "client.overhead",
        label: "LockboxClient vs raw undici.request, worst median latency ratio over 5 workloads",
        unit: "x",
        value: round(worst),
        ratio: round(worst),
        baselineLabel: "raw undici.request, same calls",
        target: atMost(round(worst), TARGET_RATIO),
        detail: { workloads: rows },
      },
    ];
  } finally {
    await client.close();
    await agent.close();
    await server.stop();
  }
}
