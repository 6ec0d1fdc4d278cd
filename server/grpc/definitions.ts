/**
 * What the gRPC endpoint serves: the SDK-generated service definitions and the response message of
 * each method, the methods and Any types newer than the SDK, and the request decoding that turns
 * undecodable bytes and invalid UTF-8 into INVALID_ARGUMENT instead of grpc-js's INTERNAL.
 */
import { applyProtoKeyFixups, checkMessage, WireError } from "./wire-check";
import { requestSchema } from "./wire-schema";

/** One served service: its generated module, definition, and the response codec of each method. */
export interface ServiceSpec {
  module: string;
  definition: string;
  /** Response message of a method, as [module, export]; mutating methods answer an Operation. */
  responses: Record<string, [string, string]>;
}

const LOCKBOX = "yandex/cloud/lockbox/v1";
const KMS = "yandex/cloud/kms/v1";
const ACCESS = "yandex/cloud/access/access";
export const OPERATION: [string, string] = ["yandex/cloud/operation/operation", "Operation"];
const LIST_BINDINGS: [string, string] = [ACCESS, "ListAccessBindingsResponse"];

export const SERVICES: ServiceSpec[] = [
  {
    module: `${LOCKBOX}/secret_service`,
    definition: "SecretServiceService",
    responses: {
      Get: [`${LOCKBOX}/secret`, "Secret"],
      List: [`${LOCKBOX}/secret_service`, "ListSecretsResponse"],
      ListVersions: [`${LOCKBOX}/secret_service`, "ListVersionsResponse"],
      ListOperations: [`${LOCKBOX}/secret_service`, "ListSecretOperationsResponse"],
      ListAccessBindings: LIST_BINDINGS,
    },
  },
  {
    module: `${LOCKBOX}/payload_service`,
    definition: "PayloadServiceService",
    responses: {
      Get: [`${LOCKBOX}/payload`, "Payload"],
      GetEx: [`${LOCKBOX}/payload_service`, "GetExResponse"],
    },
  },
  {
    module: `${KMS}/symmetric_key_service`,
    definition: "SymmetricKeyServiceService",
    responses: {
      Get: [`${KMS}/symmetric_key`, "SymmetricKey"],
      List: [`${KMS}/symmetric_key_service`, "ListSymmetricKeysResponse"],
      ListAccessBindings: LIST_BINDINGS,
    },
  },
  {
    module: "yandex/cloud/resourcemanager/v1/folder_service",
    definition: "FolderServiceService",
    responses: { ListAccessBindings: LIST_BINDINGS },
  },
  {
    module: "yandex/cloud/operation/operation_service",
    definition: "OperationServiceService",
    responses: { Get: OPERATION, Cancel: OPERATION },
  },
  {
    module: "yandex/cloud/iam/v1/iam_token_service",
    definition: "IamTokenServiceService",
    responses: { Create: ["yandex/cloud/iam/v1/iam_token_service", "CreateIamTokenResponse"] },
  },
];

/**
 * Methods of the current protos that the SDK's generated code predates, served with SDK codecs of
 * messages laid out field for field the same (docs/grpc.md#methods-the-node-sdk-predates):
 * [service definition export, method, the method whose definition it reuses].
 */
const NEWER_METHODS: Array<[string, string, string]> = [
  ["SecretServiceService", "SetCurrentVersion", "cancelVersionDestruction"],
];

/** Any types the SDK predates, packed with the codec of a message laid out the same way. */
export const ANY_ALIASES: Array<[string, [string, string]]> = [
  [
    "yandex.cloud.lockbox.v1.SetCurrentVersionMetadata",
    [`${LOCKBOX}/secret_service`, "CancelVersionDestructionMetadata"],
  ],
];

/** Modules whose messages may travel in an Operation's metadata or response (google.protobuf.Any). */
export const ANY_MODULES = [
  `${LOCKBOX}/secret_service`,
  `${LOCKBOX}/secret`,
  `${KMS}/symmetric_key_service`,
  `${KMS}/symmetric_key`,
  ACCESS,
  "yandex/cloud/resourcemanager/v1/folder_service",
  "google/protobuf/empty",
];

export interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestDeserialize: (bytes: Buffer) => unknown;
  originalName?: string;
}

/** A request refused before decoding: the client's mistake, answered INVALID_ARGUMENT. */
export class RefusedRequest {
  constructor(readonly message: string) {}
}

/**
 * The definition with a request decoder that never throws and is strict: the raw bytes are checked
 * against the request message's layout first (server/grpc/wire-check.ts: wire types, UTF-8,
 * repeated counts, Duration and Timestamp ranges), then decoded by the SDK's codec. grpc-js answers
 * INTERNAL when decoding throws, but bytes that are not the request message are the client's
 * mistake (INVALID_ARGUMENT).
 */
export function tolerantDefinition(
  definition: Record<string, MethodDefinition>,
  module: { file: string; exports: Record<string, unknown> },
): Record<string, MethodDefinition> {
  const out: Record<string, MethodDefinition> = {};
  for (const [key, def] of Object.entries(definition)) {
    const schema = requestSchema(module, def.requestDeserialize);
    const what = `${def.path.slice(1)} request`;
    out[key] = {
      ...def,
      requestDeserialize: (bytes) => {
        let fixups;
        try {
          fixups = checkMessage(bytes, schema);
        } catch (err) {
          const detail = err instanceof WireError ? err.message : "the bytes are malformed";
          return new RefusedRequest(`the request is not a valid ${what} message: ${detail}`);
        }
        let decoded: unknown;
        try {
          decoded = def.requestDeserialize(bytes);
        } catch {
          // e.g. an int64 beyond 2^53, which the codec cannot represent.
          return new RefusedRequest(`the request is not a valid ${what} message: a number is out of range`);
        }
        applyProtoKeyFixups(decoded, fixups);
        return decoded;
      },
    };
  }
  return out;
}

/** The {@link NEWER_METHODS} of a service, as definition entries keyed like the generated ones. */
export function newerMethods(
  definitionName: string,
  generated: Record<string, MethodDefinition>,
): Record<string, MethodDefinition> {
  const out: Record<string, MethodDefinition> = {};
  for (const [service, method, template] of NEWER_METHODS) {
    const base = generated[template];
    if (service !== definitionName || !base) continue;
    const key = method[0]!.toLowerCase() + method.slice(1);
    if (generated[key]) continue; // a newer SDK generates it itself
    out[key] = { ...base, path: base.path.replace(/\/[^/]+$/, `/${method}`), originalName: method };
  }
  return out;
}
