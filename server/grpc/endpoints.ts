/**
 * Endpoint discovery (yandex.cloud.endpoint.ApiEndpointService and REST `GET /endpoints`): the
 * official SDKs and `yc` look up each service's address by id before calling it. lockbox-local
 * answers every id its API spans with its own gRPC address. The ids are the ones Yandex Cloud's
 * endpoint list uses (docs/grpc.md#endpoint-discovery).
 */

/** Service ids lockbox-local answers for: the services it serves, or answers UNIMPLEMENTED for. */
export const ENDPOINT_IDS = [
  "endpoint",
  "iam",
  "kms",
  "kms-crypto",
  "lockbox",
  "lockbox-payload",
  "operation",
  "resource-manager",
] as const;

/** One endpoint: a service id and the `host:port` to dial. */
export interface ApiEndpoint {
  id: string;
  address: string;
}

/** Every endpoint, all at `address`. */
export function endpointList(address: string): ApiEndpoint[] {
  return ENDPOINT_IDS.map((id) => ({ id, address }));
}
