/**
 * The gRPC part of `lockbox-local serve`: its flags (`--grpc-port`, `--grpc-plaintext` and their
 * LOCKBOX_LOCAL_* variables) and starting the endpoint beside the REST server. Kept apart from
 * server/main.ts so the CLI only has to call two functions.
 */
import pino from "pino";
import type { LockboxService } from "../service/types";
import {
  DEFAULT_GRPC_PORT,
  startGrpcEndpoint,
  type GrpcEndpointOptions,
  type StartedGrpcEndpoint,
} from "./index";
import { GrpcStackMissingError } from "./stack";

/** The serve flags this module reads. */
export const GRPC_FLAGS = ["grpc-port", "grpc-plaintext"] as const;
/** Flags that take no value. */
export const GRPC_BOOLEAN_FLAGS = ["grpc-plaintext"] as const;

/** Resolved gRPC options of `serve`. */
export interface GrpcServeOptions {
  /** 0 with `disabled`: no gRPC endpoint. */
  port: number;
  disabled: boolean;
  plaintext: boolean;
  /** Whether the port was asked for (flag or variable) rather than defaulted. */
  explicit: boolean;
}

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off", ""];

/**
 * `--grpc-port` (then LOCKBOX_LOCAL_GRPC_PORT, then 4589; "0" turns gRPC off) and
 * `--grpc-plaintext` (then LOCKBOX_LOCAL_GRPC_PLAINTEXT). When the REST port is 0 (tests, parallel
 * runs) and no gRPC port is given, gRPC also takes a free port instead of the fixed default.
 */
export function grpcServeOptions(
  flags: Record<string, string>,
  restPort: number,
  usage: (message: string) => Error,
): GrpcServeOptions {
  const raw = flags["grpc-port"] ?? process.env.LOCKBOX_LOCAL_GRPC_PORT;
  const explicit = raw !== undefined && raw !== "";
  if (explicit && (!/^\d+$/.test(raw) || Number(raw) > 65535)) {
    throw usage(`--grpc-port must be a port number (0 turns gRPC off), got "${raw}"`);
  }
  const plainRaw = (flags["grpc-plaintext"] ?? process.env.LOCKBOX_LOCAL_GRPC_PLAINTEXT ?? "").toLowerCase();
  if (!TRUE.includes(plainRaw) && !FALSE.includes(plainRaw)) {
    throw usage(`--grpc-plaintext / LOCKBOX_LOCAL_GRPC_PLAINTEXT must be true or false, got "${plainRaw}"`);
  }
  const port = explicit ? Number(raw) : restPort === 0 ? 0 : DEFAULT_GRPC_PORT;
  return { port, disabled: explicit && port === 0, plaintext: TRUE.includes(plainRaw), explicit };
}

/** What `serve` needs from the app to start gRPC beside it. */
export interface GrpcServeContext {
  host: string;
  dataDir: string;
  logLevel: string;
  /** The app's service layer. */
  service: LockboxService;
  /** The app's fault injector and body limit, applied to gRPC calls too. */
  faults?: GrpcEndpointOptions["faults"];
  maxRequestBytes?: number;
  out: (line: string) => void;
  warn: (line: string) => void;
}

/**
 * Starts the endpoint and prints where it listens and which certificate to trust. When the gRPC
 * packages are missing: an error if gRPC was asked for, a warning and REST only if it was the
 * default.
 */
export async function startGrpcForServe(
  opts: GrpcServeOptions,
  ctx: GrpcServeContext,
): Promise<StartedGrpcEndpoint | undefined> {
  if (opts.disabled) return undefined;
  let endpoint: StartedGrpcEndpoint;
  const logger = pino(
    {
      level: ctx.logLevel,
      base: { service: "lockbox-local", transport: "grpc" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination(1),
  );
  const start = (port: number) =>
    startGrpcEndpoint({
      host: ctx.host,
      port,
      plaintext: opts.plaintext,
      dataDir: ctx.dataDir,
      service: ctx.service,
      ...(ctx.faults ? { faults: ctx.faults } : {}),
      ...(ctx.maxRequestBytes === undefined ? {} : { maxRequestBytes: ctx.maxRequestBytes }),
      logger,
    });
  try {
    try {
      endpoint = await start(opts.port);
    } catch (err) {
      // The default port taken (another lockbox-local, a parallel run): take a free one and say so.
      if (opts.explicit || opts.port === 0 || !/EADDRINUSE/.test(String((err as Error)?.message))) throw err;
      endpoint = await start(0);
      ctx.warn(`lockbox-local: gRPC port ${opts.port} is in use; gRPC took port ${endpoint.port} instead`);
    }
  } catch (err) {
    if (err instanceof GrpcStackMissingError && !opts.explicit) {
      ctx.warn(`lockbox-local: gRPC is off: ${err.message}`);
      return undefined;
    }
    throw err;
  }
  if (endpoint.certFile) ctx.out(`lockbox-local gRPC TLS certificate: ${endpoint.certFile}`);
  ctx.out(`lockbox-local gRPC listening on ${endpoint.address} (${endpoint.tls ? "TLS" : "plaintext"})`);
  return endpoint;
}
