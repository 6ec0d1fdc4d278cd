/**
 * lockbox-local's gRPC endpoint as an application meets it: a `lockbox-local serve` child process
 * (its printed gRPC address and certificate path read from its output), and the official
 * `@yandex-cloud/nodejs-sdk` Session with an IAM token and that certificate as root certificate,
 * every client made with the printed address as its custom endpoint.
 */
import * as fs from "node:fs";
import { Status } from "nice-grpc";
import { Session, waitForOperation } from "@yandex-cloud/nodejs-sdk";
import { spawnLocalServer, type SpawnedServer } from "./server";

/** A lockbox-local child process with its gRPC endpoint. */
export interface GrpcServer extends SpawnedServer {
  /** "localhost:<port>", as printed. */
  grpcAddress: string;
  /** The certificate to trust (TLS), as printed; undefined with --grpc-plaintext. */
  certFile: string | undefined;
}

/** Starts `lockbox-local serve --port 0` (gRPC then takes a free port too) with extra args. */
export async function startGrpcServer(
  opts: { args?: string[]; env?: Record<string, string>; dataDir?: string } = {},
): Promise<GrpcServer> {
  const server = await spawnLocalServer(opts);
  const out = server.output();
  const address = /gRPC listening on (\S+)/.exec(out)?.[1];
  if (!address) throw new Error(`lockbox-local printed no gRPC address:\n${out}`);
  const certFile = /gRPC TLS certificate: (\S+)/.exec(out)?.[1];
  return Object.assign(server, { grpcAddress: address, certFile });
}

/** A Session as an application makes one: an IAM token, and the server's certificate as root. */
export function sessionFor(server: GrpcServer, iamToken: string): Session {
  return new Session({
    iamToken,
    pollInterval: 20,
    ...(server.certFile ? { ssl: { rootCerts: fs.readFileSync(server.certFile) } } : {}),
  });
}

/** waitForOperation against lockbox-local's OperationService. */
export function waitFor(
  server: GrpcServer,
  session: Session,
  op: Parameters<typeof waitForOperation>[0],
): ReturnType<typeof waitForOperation> {
  return waitForOperation(op, session, 10_000, server.grpcAddress);
}

/**
 * The gRPC status of a rejected SDK call. The SDK rethrows failures as its own ApiError, whose
 * message is "<method path> <CODE NAME>: <details>" and whose `requestId` comes from the response
 * metadata; nice-grpc's ClientError (no SDK middleware) carries `code` and `details` directly.
 */
export async function grpcError(
  p: Promise<unknown>,
): Promise<{ code: number; details: string; requestId: string | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: unknown; details?: unknown; message?: unknown; requestId?: unknown };
    const requestId = typeof e.requestId === "string" ? e.requestId : undefined;
    if (typeof e.code === "number" && typeof e.details === "string") {
      return { code: e.code, details: e.details, requestId };
    }
    const m = /^\S+ ([A-Z_]+): ([\s\S]*)$/.exec(typeof e.message === "string" ? e.message : "");
    const code = m ? (Status as unknown as Record<string, number>)[m[1]!] : undefined;
    if (m && typeof code === "number") return { code, details: m[2]!, requestId };
    throw err;
  }
  throw new Error("the call succeeded; an error was expected");
}

/** The REST answer of a request (for cross-protocol checks). */
export async function rest<T = Record<string, unknown>>(
  server: { url: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as T };
}
