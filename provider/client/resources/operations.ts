/**
 * OperationService (lockbox-api.md §7.2).
 */
import { operation, type Operation } from "../../api/common";
import type { LockboxClient, RequestOptions } from "../core/client";
import { path } from "../internal/path";

/** Operations of any service (Lockbox, KMS, access bindings). */
export class Operations {
  readonly #client: LockboxClient;

  constructor(client: LockboxClient) {
    this.#client = client;
  }

  /** Get: the Operation's current state. */
  get(operationId: string, options?: RequestOptions): Promise<Operation> {
    return this.#client.request(
      { service: "operation", method: "GET", path: path`/operations/${operationId}`, response: operation },
      options,
    );
  }

  /** Cancel (best effort): the proto maps it to GET `…:cancel` (§7.2). */
  cancel(operationId: string, options?: RequestOptions): Promise<Operation> {
    return this.#client.request(
      {
        service: "operation",
        method: "GET",
        path: path`/operations/${operationId}:cancel`,
        response: operation,
      },
      options,
    );
  }
}
