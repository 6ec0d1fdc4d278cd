// @ts-check
"use strict";
// An Analyzer gRPC server that stands in front of a policy pack process.
//
// Why: the engine starts a policy pack through the language host's RunPlugin and then talks to it as
// an Analyzer. Packs built on @pulumi/policy learn the stack (project, stack, config, dry-run) only
// from PULUMI_NODEJS_* / PULUMI_CONFIG environment variables at start-up, while the engine sends that
// information later, in an Analyzer.ConfigureStack call. So the host answers Handshake and
// ConfigureStack itself, only then starts the pack with that environment, and forwards every other
// Analyzer call to it. This is the behaviour of Pulumi's own host (sdk/policy_proxy.go at v3.259.0),
// re-implemented here.
const { grpc, analyzerGrpc } = require("./proto");

/** @typedef {{ request: any }} UnaryCall a gRPC server call (the generated classes are untyped) */
/** @typedef {(err: any, res?: any) => void} Callback a gRPC unary callback */

/** Analyzer methods the proxy forwards to the pack once it is running. */
const FORWARDED = [
  "analyze",
  "analyzeStack",
  "remediate",
  "getAnalyzerInfo",
  "getPluginInfo",
  "configure",
  "cancel",
];

/**
 * Creates the proxy. Call `start()` to listen, `awaitConfiguration()` to learn the stack, then
 * `attach(port)` once the pack printed its own port, and `close()` at the end.
 * @returns {{
 *   start(): Promise<number>,
 *   awaitConfiguration(): Promise<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzerStackConfigureRequest | null>,
 *   attach(port: number): Promise<void>,
 *   fail(err: Error): void,
 *   close(): void,
 * }}
 */
function createPolicyProxy() {
  /** @type {(req: any) => void} */
  let resolveConfig = () => {};
  let configured = false;
  /** @type {Promise<any>} */
  const configuration = new Promise((resolve) => {
    resolveConfig = (req) => {
      if (!configured) {
        configured = true;
        resolve(req);
      }
    };
  });

  /** @type {(client: any) => void} */
  let resolveClient = () => {};
  /** @type {(err: Error) => void} */
  let rejectClient = () => {};
  /** @type {Promise<any>} */
  const clientReady = new Promise((resolve, reject) => {
    resolveClient = resolve;
    rejectClient = reject;
  });
  // A pack that never starts must not leave an unhandled rejection behind.
  clientReady.catch(() => {});
  /** @type {any} */
  let client = null;

  const server = new grpc.Server();
  /** @type {Record<string, (call: UnaryCall, callback: Callback) => void>} */
  const impl = {
    handshake(_call, callback) {
      callback(null, new analyzerGrpc.AnalyzerService.handshake.responseType());
    },
    configureStack(call, callback) {
      resolveConfig(call.request);
      callback(null, new analyzerGrpc.AnalyzerService.configureStack.responseType());
    },
  };
  for (const method of FORWARDED) {
    impl[method] = (call, callback) => {
      // Some commands (e.g. `policy publish`) never configure the stack: start the pack without it.
      resolveConfig(null);
      clientReady.then(
        (c) => c[method](call.request, /** @type {Callback} */ (err, res) => callback(err, res)),
        (/** @type {Error} */ err) =>
          callback({ code: grpc.status.UNAVAILABLE, details: `policy pack not started: ${err.message}` }),
      );
    };
  }
  server.addService(analyzerGrpc.AnalyzerService, impl);

  return {
    start() {
      return new Promise((resolve, reject) => {
        server.bindAsync(
          "127.0.0.1:0",
          grpc.ServerCredentials.createInsecure(),
          (/** @type {Error | null} */ err, /** @type {number} */ port) =>
            err ? reject(err) : resolve(port),
        );
      });
    },
    awaitConfiguration() {
      return configuration;
    },
    async attach(port) {
      client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const config = await configuration;
      if (config) {
        await new Promise((resolve, reject) => {
          client.configureStack(config, (/** @type {{ code?: number } | null} */ err) => {
            // Older packs do not implement ConfigureStack; the environment already carries the stack.
            if (err && err.code !== grpc.status.UNIMPLEMENTED) reject(err);
            else resolve(undefined);
          });
        });
      }
      resolveClient(client);
    },
    fail(err) {
      rejectClient(err);
    },
    close() {
      rejectClient(new Error("policy pack exited"));
      if (client) client.close();
      server.forceShutdown();
    },
  };
}

module.exports = { createPolicyProxy };
