/**
 * REST endpoint discovery, `GET /endpoints`: the list the gRPC ApiEndpointService answers (each
 * service id with the `host:port` of lockbox-local's gRPC endpoint). Without a gRPC endpoint there
 * is nothing to point at, so the method stays UNIMPLEMENTED.
 */
import { errors } from "../errors";
import type { Route } from "../http";

/** A discovered endpoint: a service id and the gRPC address to dial. */
export interface ApiEndpointJson {
  id: string;
  address: string;
}

/** The discovery route; `list` answers undefined while no gRPC endpoint runs. */
export function endpointRoutes(list: () => ApiEndpointJson[] | undefined): Route[] {
  return [
    {
      method: "GET",
      template: "/endpoints",
      public: true,
      query: true,
      handler: () => {
        const endpoints = list();
        if (!endpoints) {
          throw errors.unimplemented(
            "GET /endpoints lists gRPC endpoints; lockbox-local serves gRPC only when started with a --grpc-port",
          );
        }
        return { body: { endpoints } };
      },
    },
  ];
}
