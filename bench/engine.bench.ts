/**
 * Engine overhead: `pulumi preview` of a new stack, `pulumi up`, a no-change `pulumi preview` (what CI
 * runs on a pull request) and `pulumi destroy` of N secrets (a Secret and a SecretVersion with two
 * entries each) against lockbox-local, against the same number of no-op dynamic resources with the same
 * inputs (bench/programs/noop), through the same CLI, language host and file backend, in alternating
 * rounds. Also: server requests made by a no-change `preview`, and state bytes per resource.
 */
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { createStack, type PulumiStack } from "../test/helpers/pulumi";
import {
  REPO,
  alternate,
  atMost,
  median,
  round,
  startServer,
  type BenchOptions,
  type Figure,
  type LocalServer,
} from "./lib";

const FOLDER = "b1gbenchengine000000";
const VALUE = "bench-value-0123456789";

/** The ratios the project holds itself to. */
const TARGETS = { up: 1.25, destroy: 1.25, preview: 1.1, previewNew: 1.1, stateBytes: 1.25 } as const;

/** The timed steps of one round, in the order they run. */
const STEPS = ["previewNew", "up", "preview", "destroy"] as const;
type Step = (typeof STEPS)[number];

/** How each step is named in a figure's id and label. */
const STEP_NAMES: Record<Step, { id: string; label: string }> = {
  previewNew: { id: "preview-new", label: "pulumi preview of a new stack" },
  up: { id: "up", label: "pulumi up" },
  preview: { id: "preview", label: "no-change pulumi preview (after up)" },
  destroy: { id: "destroy", label: "pulumi destroy" },
};

type Side = "lockbox" | "noop";

async function newStack(side: Side, server: LocalServer, count: number): Promise<PulumiStack> {
  return createStack({
    programDir: join(REPO, "bench", "programs", side),
    config: { count: String(count), folderId: FOLDER },
    secrets: { value: VALUE },
    env: { LOCKBOX_ENDPOINT: server.url, YC_IAM_TOKEN: server.token },
    destroyOnCleanup: true,
  });
}

/**
 * How long one `pulumi up` or `destroy` of N secrets may take before the run is called failed: the
 * test helper's 5 minutes are too short for N = 1,000 on two loaded cores (about 1,450 of the 2,000
 * resources were created after 5 minutes, with a load average of 9 from other work).
 */
const stepTimeout = (n: number) => Math.max(300_000, n * 1_200);

function show(round: Round): string {
  return STEPS.map((step) => `${STEP_NAMES[step].id} ${round[step].toFixed(2)} s`).join(", ");
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function rootCall(server: LocalServer, method: string, path: string): Promise<unknown> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: method === "POST" ? "{}" : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.json();
}

/** Bytes of the stack export per resource of the program's own types (the stack and provider rows excluded). */
async function stateBytesPerResource(
  stack: PulumiStack,
): Promise<{ perResource: number; resources: number }> {
  const state = await stack.exportStack();
  const own = (state.deployment.resources ?? []).filter(
    (r) => !r.type.startsWith("pulumi:") && r.custom !== false,
  );
  const bytes = own.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
  return { perResource: own.length > 0 ? bytes / own.length : 0, resources: own.length };
}

type Round = Record<Step, number>;

export async function run(options: BenchOptions): Promise<Figure[]> {
  const sizes = options.sizes ?? (options.quick ? [2] : [10, 100, 1000]);
  const roundsFor = (n: number) => (options.quick ? 1 : n >= 1000 ? 2 : n >= 100 ? 3 : 5);
  // `--preview-new-only`: only the preview of a new stack (nothing is deployed), e.g. at N = 1,000,
  // where a full round of up and destroy takes many minutes.
  const previewNewOnly = options.previewNewOnly === true;
  const deploy = !previewNewOnly;
  const server = await startServer();
  const figures: Figure[] = [];
  try {
    let previewRequests: number | undefined;
    let state: { lockbox: number; noop: number } | undefined;
    for (const n of sizes) {
      const rounds = roundsFor(n);
      options.log(`engine: N=${n}, ${rounds} alternating round(s) of preview, up, preview, destroy per side`);
      const results = await alternate<Side, Round>(rounds, {
        lockbox: async (r) => {
          const stack = await newStack("lockbox", server, n);
          const previewNew = await timed(() => stack.preview({ timeoutMs: stepTimeout(n) }));
          if (!deploy) {
            await stack.remove();
            options.log(`  lockbox round ${r + 1}: preview-new ${previewNew.toFixed(2)} s`);
            return { previewNew, up: NaN, preview: NaN, destroy: NaN };
          }
          const up = await timed(() => stack.up({ timeoutMs: stepTimeout(n) }));
          if (r === 0 && previewRequests === undefined) {
            await rootCall(server, "POST", "/_local/stats:reset");
          }
          const preview = await timed(() => stack.preview({ timeoutMs: stepTimeout(n) }));
          if (r === 0 && previewRequests === undefined) {
            const stats = (await rootCall(server, "GET", "/_local/stats")) as {
              requests: Record<string, number>;
            };
            // The stats call itself is counted too: count only the Lockbox API's routes.
            previewRequests = Object.entries(stats.requests)
              .filter(([route]) => !route.includes(" /_local/"))
              .reduce((a, [, n]) => a + n, 0);
          }
          if (r === 0 && !state)
            state = { lockbox: (await stateBytesPerResource(stack)).perResource, noop: 0 };
          const destroy = await timed(() => stack.destroy({ timeoutMs: stepTimeout(n) }));
          await stack.remove();
          options.log(`  lockbox round ${r + 1}: ${show({ previewNew, up, preview, destroy })}`);
          return { previewNew, up, preview, destroy };
        },
        noop: async (r) => {
          const stack = await newStack("noop", server, n);
          const previewNew = await timed(() => stack.preview({ timeoutMs: stepTimeout(n) }));
          if (!deploy) {
            await stack.remove();
            options.log(`  no-op round ${r + 1}: preview-new ${previewNew.toFixed(2)} s`);
            return { previewNew, up: NaN, preview: NaN, destroy: NaN };
          }
          const up = await timed(() => stack.up({ timeoutMs: stepTimeout(n) }));
          const preview = await timed(() => stack.preview({ timeoutMs: stepTimeout(n) }));
          if (state && state.noop === 0) state.noop = (await stateBytesPerResource(stack)).perResource;
          const destroy = await timed(() => stack.destroy({ timeoutMs: stepTimeout(n) }));
          await stack.remove();
          options.log(`  no-op round ${r + 1}: ${show({ previewNew, up, preview, destroy })}`);
          return { previewNew, up, preview, destroy };
        },
      });
      for (const verb of STEPS.filter((step) => !previewNewOnly || step === "previewNew")) {
        const value = median(results.lockbox.map((x) => x[verb]));
        const baseline = median(results.noop.map((x) => x[verb]));
        const ratio = value / baseline;
        figures.push({
          id: `engine.${STEP_NAMES[verb].id}.${n}`,
          label: `${STEP_NAMES[verb].label}, N=${n} secrets (Secret + SecretVersion) vs no-op`,
          unit: "s",
          value: round(value, 2),
          baseline: round(baseline, 2),
          baselineLabel: `${2 * n} no-op dynamic resources`,
          ratio: round(ratio),
          target: atMost(round(ratio), TARGETS[verb]),
          detail: {
            rounds,
            lockbox: results.lockbox.map((x) => round(x[verb], 2)),
            noop: results.noop.map((x) => round(x[verb], 2)),
          },
        });
      }
    }
    if (previewRequests !== undefined) {
      figures.push({
        id: "engine.preview.requests",
        label: "no-change pulumi preview: requests to the server",
        unit: "requests",
        value: previewRequests,
        target: { text: "= 0", met: previewRequests === 0 },
      });
    }
    if (state) {
      const ratio = state.lockbox / state.noop;
      figures.push({
        id: "engine.state.bytes",
        label: "state bytes per resource (stack export) vs no-op",
        unit: "bytes",
        value: Math.round(state.lockbox),
        baseline: Math.round(state.noop),
        baselineLabel: "no-op dynamic resource with the same inputs",
        ratio: round(ratio),
        target: atMost(round(ratio), TARGETS.stateBytes),
      });
    }
    return figures;
  } finally {
    await server.stop();
  }
}
