/**
 * The service layer of lockbox-local: every API method once, with its validation, authorization,
 * idempotency and Operation, and no knowledge of HTTP. Transports (server/routes for REST) only
 * translate requests and render results; see ./types for the contract.
 */
import { parseOrThrow } from "../errors";
import { authenticate } from "../iam/subjects";
import { id as idSchema } from "../../provider/api/common";
import { authorize } from "../iam/roles";
import { bindingMethods } from "./bindings";
import type { ServiceDeps } from "./context";
import { iamTokenMethods } from "./iam";
import { kmsKeyMethods } from "./kms";
import { operationMethods } from "./operations";
import { payloadMethods } from "./payload";
import { secretMethods } from "./secrets";
import type { LockboxService } from "./types";

export * from "./types";
export { checkIdempotencyKey, type ServiceDeps } from "./context";

/** Builds the service over a store. */
export function createService(deps: ServiceDeps): LockboxService {
  return {
    authenticate: (authorization) => authenticate(deps.store, deps.rootTokenHash, authorization, deps.now()),
    secrets: secretMethods(deps),
    payload: payloadMethods(deps),
    kmsKeys: kmsKeyMethods(deps),
    // Folders are free-form ids chosen by callers; they exist implicitly.
    folders: bindingMethods(
      deps,
      "yandex.cloud.resourcemanager.v1.FolderService",
      "folder",
      (caller, rawId, write) => {
        const id = parseOrThrow(idSchema(), rawId, "resourceId");
        authorize(deps.store, caller, write ? "folder.bindings.set" : "folder.bindings.get", [
          { type: "folder", id },
        ]);
        return id;
      },
    ),
    operations: operationMethods(deps),
    iamTokens: iamTokenMethods(deps),
  };
}
