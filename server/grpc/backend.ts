/** The gRPC endpoint's backend: the service layer (server/service) in the same process. */
import { invoke, type LockboxService } from "../service/types";
import type { GrpcBackend } from "./server";

/** The service layer as the gRPC endpoint's backend. */
export function serviceBackend(service: LockboxService): GrpcBackend {
  return {
    authenticate: (authorization) => service.authenticate(authorization),
    invoke: (info, call, request) => invoke(service, info, call, request),
  };
}
