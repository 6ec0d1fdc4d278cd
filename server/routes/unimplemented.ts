/** Known endpoints lockbox-local does not serve: 501 UNIMPLEMENTED (COMPATIBILITY.md). */
import { errors } from "../errors";
import type { Route } from "../http";

const KNOWN: Array<[Route["method"], string]> = [
  ["POST", "/iam/v1/tokens:createForServiceAccount"],
  ["POST", "/iam/v1/tokens:revoke"],
  ["GET", "/kms/v1/keys/{keyId}/versions"],
  ["GET", "/kms/v1/keys/{keyId}/operations"],
  ["POST", "/kms/v1/keys/{keyId}:setPrimaryVersion"],
  ["POST", "/kms/v1/keys/{keyId}:scheduleVersionDestruction"],
  ["POST", "/kms/v1/keys/{keyId}:cancelVersionDestruction"],
  ["POST", "/kms/v1/keys/{keyId}:rotate"],
  ["POST", "/kms/v1/keys/{keyId}:encrypt"],
  ["POST", "/kms/v1/keys/{keyId}:decrypt"],
  ["GET", "/resource-manager/v1/folders/{folderId}"],
  ["GET", "/resource-manager/v1/folders"],
];

/** Routes answering 501 for known-but-unsupported methods. */
export function unimplementedRoutes(): Route[] {
  return KNOWN.map(([method, template]) => ({
    method,
    template,
    public: true,
    handler: () => {
      throw errors.unimplemented(`${method} ${template} is not implemented by lockbox-local`);
    },
  }));
}
