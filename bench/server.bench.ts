/**
 * lockbox-local throughput and scaling, all on loopback:
 * - payload Get and Get secret under 16 concurrent connections, each against a bare `node:http`
 *   server answering the same bytes, with the same load loop, in alternating rounds (req/s, p50,
 *   p99), with lockbox-local's request log on at info (its default);
 * - a List page (pageSize 100) in a folder of 10,000 secrets against one of 100;
 * - durable creates per second with 8 concurrent writers;
 * - the server's resident memory after all of it.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import {
  alternate,
  atLeast,
  atMost,
  median,
  quantile,
  round,
  rssOf,
  startServer,
  type BenchOptions,
  type Figure,
  type LocalServer,
} from "./lib";

const FOLDER = "b1gbenchserver000000";
const BIG = "b1gbenchbigfolder000";
const SMALL = "b1gbenchsmallfolder0";
/** A read on lockbox-local answers at least this share of what bare node:http answers per second. */
const TARGET_READ_RATIO = 0.5;

interface Load {
  requests: number;
  seconds: number;
  latenciesMs: number[];
}

/** Keeps `connections` requests in flight against `url` for `seconds`; every answer must be 200. */
async function load(
  origin: string,
  path: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<Load> {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const latenciesMs: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let requests = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const res = await pool.request({ method: "GET", path, headers });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`GET ${path} answered ${res.statusCode}`);
      latenciesMs.push(performance.now() - t0);
      requests++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  return { requests, seconds: elapsed, latenciesMs };
}

/** A bare node:http server in its own process that answers every request with `body`. */
async function bareServer(
  body: Buffer,
  contentType: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const code = `
    const http = require("node:http");
    const body = Buffer.from(process.env.BENCH_BODY, "base64");
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": process.env.BENCH_TYPE, "content-length": body.length });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
  `;
  const child = spawn(process.execPath, ["-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, BENCH_BODY: body.toString("base64"), BENCH_TYPE: contentType },
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (c) => reject(new Error(`bare server exited (${c})`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function api(
  server: LocalServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates `count` secrets in `folderId` with `concurrency` writers; resolves creates per second. */
async function createMany(
  server: LocalServer,
  folderId: string,
  count: number,
  concurrency: number,
  prefix: string,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await api(server, "POST", "/lockbox/v1/secrets", {
        folderId,
        name: `${prefix}-${i}`,
        versionPayloadEntries: [{ key: "k", textValue: `v${i}` }],
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - t0) / 1000);
}

/**
 * req/s of GET `path` on lockbox-local (its request log on, at info) against a bare node:http
 * server answering the very same bytes, in alternating rounds; p50 and p99 of both.
 */
async function readThroughput(
  server: LocalServer,
  read: { id: string; what: string; path: string },
  headers: Record<string, string>,
  opts: { quick: boolean; seconds: number; rounds: number },
): Promise<Figure> {
  const { path, what } = read;
  const sample = await fetch(server.url + path, { headers });
  if (!sample.ok) throw new Error(`GET ${path}: ${sample.status}`);
  const bytes = Buffer.from(await sample.arrayBuffer());
  const bare = await bareServer(bytes, sample.headers.get("content-type") ?? "application/json");
  try {
    await load(server.url, path, headers, 16, opts.quick ? 0.2 : 1); // warm-up
    await load(bare.url, path, headers, 16, opts.quick ? 0.2 : 1);
    const runs = await alternate(opts.rounds, {
      lockbox: () => load(server.url, path, headers, 16, opts.seconds),
      bare: () => load(bare.url, path, headers, 16, opts.seconds),
    });
    const rps = (l: Load[]) => median(l.map((x) => x.requests / x.seconds));
    const lat = (l: Load[]) => l.flatMap((x) => x.latenciesMs);
    const ratio = rps(runs.lockbox) / rps(runs.bare);
    const p50 = round(median(lat(runs.lockbox)));
    const p99 = round(quantile(lat(runs.lockbox), 0.99));
    const bareP50 = round(median(lat(runs.bare)));
    const bareP99 = round(quantile(lat(runs.bare), 0.99));
    return {
      id: read.id,
      label: `${what} req/s vs bare node:http serving the same bytes (16 connections, request log at info)`,
      unit: "req/s",
      value: Math.round(rps(runs.lockbox)),
      baseline: Math.round(rps(runs.bare)),
      baselineLabel: "bare node:http",
      ratio: round(ratio),
      target: atLeast(round(ratio), TARGET_READ_RATIO),
      detail: {
        rounds: opts.rounds,
        secondsPerRound: opts.seconds,
        bytes: bytes.length,
        lockboxP50Ms: p50,
        lockboxP99Ms: p99,
        bareP50Ms: bareP50,
        bareP99Ms: bareP99,
        bareRssBytes: rssOf(bare.pid),
      },
    };
  } finally {
    await bare.stop();
  }
}

export async function run(options: BenchOptions): Promise<Figure[]> {
  const q = options.quick;
  const server = await startServer();
  const figures: Figure[] = [];
  try {
    // Payload Get against a bare server answering the very same bytes.
    const created = await api(server, "POST", "/lockbox/v1/secrets", {
      folderId: FOLDER,
      name: "payload",
      versionPayloadEntries: [
        { key: "password", textValue: "x".repeat(64) },
        { key: "cert", binaryValue: Buffer.alloc(512, 7).toString("base64") },
      ],
    });
    const secretId = String((created["metadata"] as Record<string, unknown>)["secretId"]);
    const headers = { authorization: `Bearer ${server.token}` };
    const seconds = q ? 0.3 : 3;
    const rounds = q ? 2 : 6;
    const reads = [
      {
        id: "server.payload.throughput",
        what: "payload Get",
        path: `/lockbox/v1/secrets/${secretId}/payload`,
      },
      { id: "server.get.throughput", what: "Get secret", path: `/lockbox/v1/secrets/${secretId}` },
    ];
    for (const read of reads) {
      options.log(`server: ${read.what}, 16 connections, ${rounds} alternating rounds of ${seconds} s`);
      figures.push(await readThroughput(server, read, headers, { quick: q, seconds, rounds }));
    }

    // Durable creates with 8 concurrent writers.
    const creates = q ? 40 : 2000;
    options.log(`server: ${creates} creates, 8 concurrent writers`);
    const perSecond = await createMany(server, "b1gbenchcreates00000", creates, 8, "c");
    figures.push({
      id: "server.creates",
      label: "durable secret creates/s, 8 concurrent writers",
      unit: "creates/s",
      value: Math.round(perSecond),
      detail: { creates },
    });

    // List page cost at 10,000 secrets against 100.
    const big = q ? 200 : 10_000;
    const small = q ? 20 : 100;
    options.log(`server: seeding ${big} + ${small} secrets for the list figure`);
    await createMany(server, BIG, big, 8, "big");
    await createMany(server, SMALL, small, 8, "small");
    const listOnce = async (folder: string, size: number) => {
      const t0 = performance.now();
      const page = await api(server, "GET", `/lockbox/v1/secrets?folderId=${folder}&pageSize=100`);
      const got = Array.isArray(page["secrets"]) ? page["secrets"].length : -1;
      if (got !== Math.min(100, size)) throw new Error(`the list page of ${folder} holds ${got} secrets`);
      return performance.now() - t0;
    };
    const listRounds = q ? 4 : 200;
    const lists = await alternate(listRounds, {
      big: () => listOnce(BIG, big),
      small: () => listOnce(SMALL, small),
    });
    const listRatio = median(lists.big) / median(lists.small);
    figures.push({
      id: "server.list.scaling",
      label: `List page (pageSize 100) at ${big} secrets vs at ${small}`,
      unit: "ms",
      value: round(median(lists.big)),
      baseline: round(median(lists.small)),
      baselineLabel: `${small} secrets in the folder`,
      ratio: round(listRatio),
      target: atMost(round(listRatio), 2),
      detail: { rounds: listRounds, p99Ms: round(quantile(lists.big, 0.99)) },
    });

    const rss = server.rss();
    figures.push({
      id: "server.rss",
      label: `lockbox-local resident memory after the load (${big + small + creates + 1} secrets)`,
      unit: "MiB",
      value: round(rss / 1024 / 1024, 1),
    });
    return figures;
  } finally {
    await server.stop();
  }
}
