/**
 * OperationService (docs/lockbox-api.md#polling-and-cancel).
 */
import { operation, type Operation } from "../../api/common";
import type { LockboxClient, RequestOptions } from "../core/client";
import { requireId } from "../internal/ids";
import { path } from "../internal/path";

/** Operations of any service (Lockbox, KMS, access bindings). */
export class Operations {
  readonly #client: LockboxClient;

  constructor(client: LockboxClient) {
    this.#client = client;
  }

  /** Get: the Operation's current state. */
  async get(operationId: string, options?: RequestOptions): Promise<Operation> {
    return this.#client.request(
      {
        service: "operation",
        method: "GET",
        path: path`/operations/${requireId("operationId", operationId)}`,
        response: operation,
      },
      options,
    );
  }

  /** Cancel (best effort): the proto maps it to GET `…:cancel`. */
  async cancel(operationId: string, options?: RequestOptions): Promise<Operation> {
    return this.#client.request(
      {
        service: "operation",
        method: "GET",
        path: path`/operations/${requireId("operationId", operationId)}:cancel`,
        response: operation,
      },
      options,
    );
  }
}
