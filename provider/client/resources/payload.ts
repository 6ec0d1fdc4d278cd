/**
 * PayloadService (docs/lockbox-api.md#payloadservice), served only by the payload host.
 */
import {
  getExQuery,
  getExResponse,
  getPayloadQuery,
  payload,
  type GetExResponse,
  type Payload as PayloadData,
} from "../../api/payload";
import type { LockboxClient, RequestOptions } from "../core/client";
import { requireId } from "../internal/ids";
import { path } from "../internal/path";

/** Which version to read; the current one when omitted. */
export interface VersionQuery {
  versionId?: string | undefined;
}

/** GetEx target: a secret id, or a folder and secret name. */
export type GetExTarget = { secretId: string } | { folderId: string; secretName: string };

/** Secret values. Values never reach logs or error messages. */
export class Payload {
  readonly #client: LockboxClient;

  constructor(client: LockboxClient) {
    this.#client = client;
  }

  /** Get: `{ versionId, entries: [{ key, textValue | binaryValue }] }` of the current or given version. */
  async get(secretId: string, query: VersionQuery = {}, options?: RequestOptions): Promise<PayloadData> {
    this.#client.validate(getPayloadQuery(), query, "payload Get query");
    return this.#client.request(
      {
        service: "payload",
        method: "GET",
        path: path`/lockbox/v1/secrets/${requireId("secretId", secretId)}/payload`,
        query: { versionId: query.versionId },
        response: payload,
      },
      options,
    );
  }

  /** GetEx: entries as a map of key → base64 (text values too); deprecated upstream, prefer {@link Payload.get}. */
  async getEx(
    target: GetExTarget,
    query: VersionQuery = {},
    options?: RequestOptions,
  ): Promise<GetExResponse> {
    const q =
      "secretId" in target
        ? { secretId: target.secretId, versionId: query.versionId }
        : {
            "folderAndName.folderId": target.folderId,
            "folderAndName.secretName": target.secretName,
            versionId: query.versionId,
          };
    const defined = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    this.#client.validate(getExQuery(), defined, "payload GetEx query");
    return this.#client.request(
      {
        service: "payload",
        method: "GET",
        path: path`/lockbox/v1/secrets:getEx`,
        query: q,
        response: getExResponse,
      },
      options,
    );
  }
}
