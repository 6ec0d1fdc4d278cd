/**
 * What the gRPC endpoint serves: the SDK-generated service definitions and the response message of
 * each method, the methods and Any types newer than the SDK, and the request decoding that turns
 * undecodable bytes and invalid UTF-8 into INVALID_ARGUMENT instead of grpc-js's INTERNAL.
 */
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

/** Stands for a request whose bytes are not a message of the method's request type. */
export const UNDECODABLE = Symbol("undecodable");
/** Stands for a request with a string field that is not valid UTF-8. */
export const NOT_UTF8 = Symbol("not-utf8");

const REPLACEMENT_BYTES = Buffer.from("\ufffd", "utf8");
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether decoding replaced invalid UTF-8 in a string field. protobufjs decodes leniently: an
 * invalid byte becomes U+FFFD and an encoded surrogate a lone surrogate. Proto3 strings must be
 * valid UTF-8 (REST refuses such a body too), so a lone surrogate, or more U+FFFD in the decoded
 * strings than U+FFFD sequences in the bytes, means the request carried invalid UTF-8.
 */
export function replacedInvalidUtf8(decoded: unknown, bytes: Buffer): boolean {
  let replacements = 0;
  const stack: unknown[] = [decoded];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) return true;
      for (const ch of v) if (ch === "\ufffd") replacements++;
    } else if (typeof v === "object" && v !== null && !(v instanceof Uint8Array) && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) stack.push(k, x);
    }
  }
  if (replacements === 0) return false;
  let inBytes = 0;
  for (let i = bytes.indexOf(REPLACEMENT_BYTES); i >= 0; i = bytes.indexOf(REPLACEMENT_BYTES, i + 3))
    inBytes++;
  return replacements > inBytes;
}

/**
 * The definition with a request decoder that never throws: grpc-js answers INTERNAL when decoding
 * fails, but bytes that are not the request message are the client's mistake (INVALID_ARGUMENT).
 */
export function tolerantDefinition(
  definition: Record<string, MethodDefinition>,
): Record<string, MethodDefinition> {
  const out: Record<string, MethodDefinition> = {};
  for (const [key, def] of Object.entries(definition)) {
    out[key] = {
      ...def,
      requestDeserialize: (bytes) => {
        let decoded: unknown;
        try {
          decoded = def.requestDeserialize(bytes);
        } catch {
          return UNDECODABLE;
        }
        return replacedInvalidUtf8(decoded, bytes) ? NOT_UTF8 : decoded;
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
