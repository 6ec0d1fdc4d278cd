/**
 * lockbox-local's gRPC endpoint (see docs/grpc.md): `startGrpcEndpoint` is what `lockbox-local
 * serve` calls after the REST server listens. The gRPC packages load only here, on demand.
 */
import type { LockboxService } from "../service/types";
import { serviceBackend } from "./backend";
import { startGrpcServer, type GrpcEndpoint, type GrpcLogger, type GrpcServerOptions } from "./server";
import { ensureCertificate } from "./tls";

export { GrpcStackMissingError, GRPC_PACKAGES, loadGrpcStack } from "./stack";
export { ensureCertificate, CERT_FILE, KEY_FILE, TLS_DIR } from "./tls";
export { ENDPOINT_IDS, endpointList } from "./endpoints";
export type { GrpcEndpoint } from "./server";

/** The default gRPC port (REST's 4588 + 1). */
export const DEFAULT_GRPC_PORT = 4589;

/** Options of {@link startGrpcEndpoint}. */
export interface GrpcEndpointOptions {
  host: string;
  port: number;
  /** Serve without TLS. */
  plaintext: boolean;
  /** The data dir; the certificate lives in `<dataDir>/tls/`. */
  dataDir: string;
  /** The service layer of the running app (the REST routes call the same one). */
  service: LockboxService;
  logger?: GrpcLogger;
  /** The app's fault injector, shared with REST. */
  faults?: GrpcServerOptions["faults"];
  /** The app's request body limit, applied to request messages. */
  maxRequestBytes?: number;
}

/** A started endpoint with the certificate file clients must trust (TLS). */
export interface StartedGrpcEndpoint extends GrpcEndpoint {
  certFile: string | undefined;
}

/** Starts the gRPC endpoint (TLS unless `plaintext`, the certificate made on first start). */
export async function startGrpcEndpoint(options: GrpcEndpointOptions): Promise<StartedGrpcEndpoint> {
  const tls = options.plaintext ? undefined : ensureCertificate(options.dataDir);
  const endpoint = await startGrpcServer({
    backend: serviceBackend(options.service),
    host: options.host,
    port: options.port,
    ...(tls ? { tls } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.maxRequestBytes === undefined ? {} : { maxRequestBytes: options.maxRequestBytes }),
  });
  return { ...endpoint, certFile: tls?.certFile };
}
