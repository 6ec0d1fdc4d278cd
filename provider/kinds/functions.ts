/**
 * The functions (invokes) of the Lockbox provider: the SDK's lookups as `lockbox:index:<name>`, with
 * their arguments and results (zod schemas with docs) and which results are secrets. A data table,
 * built on first use.
 */
import { z } from "zod";
import { registry } from "./resources";

/** One function. */
export interface FunctionKind {
  /** Name in the `lockbox:index` module, the same as the SDK's lookup. */
  name: string;
  description: string;
  inputs: z.ZodObject;
  outputs: z.ZodObject;
  /** Result properties that are always present. */
  alwaysOut: string[];
  /** Result properties that are Pulumi secrets. */
  secrets: string[];
}

const str = (doc: string) => z.string().describe(doc);
const optStr = (doc: string) => z.string().optional().describe(doc);

let built: { functions: FunctionKind[]; versionInfo: z.ZodObject } | undefined;

/** The arguments naming a secret: its id, or its name in a folder. */
function secretRef() {
  return {
    secretId: optStr("The secret's id; or give `name` (and optionally `folderId`)."),
    folderId: optStr("Folder to find `name` in; defaults to the provider's `folderId`."),
    name: optStr("The secret's name, when `secretId` is not given."),
  };
}

function build() {
  const { types } = registry();
  const passwordSpec = types.find((t) => t.name === "PasswordPayloadSpecification")!.schema;
  const entry = types.find((t) => t.name === "SecretEntry")!.schema;
  const versionInfo = z
    .object({
      id: str("Version id."),
      secretId: str("The secret."),
      status: str("`ACTIVE`, `SCHEDULED_FOR_DESTRUCTION` or `DESTROYED`."),
      description: str("Description of the version."),
      payloadEntryKeys: z.array(z.string()).describe("Entry keys of the version."),
      createdAt: str("When the version was created."),
      destroyAt: str("When a version scheduled for destruction is destroyed; empty otherwise."),
    })
    .describe("A version's metadata (never its values).");
  const versionOut = {
    secretId: str("The secret."),
    versionId: str("The version."),
  };
  const functions: FunctionKind[] = [
    {
      name: "getSecret",
      description:
        "Reads a secret's metadata (its password spec and current version included) by id, or by name in a folder.",
      inputs: z.object(secretRef()),
      outputs: z.object({
        id: str("Secret id."),
        folderId: str("Folder of the secret."),
        name: str("Name of the secret."),
        description: str("Description of the secret."),
        labels: z.record(z.string(), z.string()).describe("Labels of the secret."),
        kmsKeyId: str("KMS key of the secret; empty for the system key."),
        status: str("`ACTIVE` or `INACTIVE`."),
        deletionProtection: z.boolean().describe("Whether deletion is blocked."),
        createdAt: str("When the secret was created."),
        currentVersionId: str("Id of the current version; empty when the secret has none."),
        currentVersion: versionInfo
          .optional()
          .describe("The whole current version; absent when there is none."),
        passwordPayloadSpecification: passwordSpec
          .optional()
          .describe("The password spec; absent unless the service generates the secret's values."),
      }),
      alwaysOut: [
        "id",
        "folderId",
        "name",
        "description",
        "labels",
        "kmsKeyId",
        "status",
        "deletionProtection",
        "createdAt",
        "currentVersionId",
      ],
      secrets: [],
    },
    {
      name: "getSecretVersion",
      description: "Reads a version's metadata (the current version unless `versionId` is given).",
      inputs: z.object({ ...secretRef(), versionId: optStr("The version; the current one when unset.") }),
      outputs: z.object({
        ...versionOut,
        status: str("`ACTIVE`, `SCHEDULED_FOR_DESTRUCTION` or `DESTROYED`."),
        description: str("Description of the version."),
        payloadEntryKeys: z.array(z.string()).describe("Entry keys of the version."),
        createdAt: str("When the version was created."),
        destroyAt: str("When a version scheduled for destruction is destroyed; empty otherwise."),
      }),
      alwaysOut: [
        "secretId",
        "versionId",
        "status",
        "description",
        "payloadEntryKeys",
        "createdAt",
        "destroyAt",
      ],
      secrets: [],
    },
    {
      name: "getPayload",
      description:
        "Reads a version's values, only as Pulumi secrets. Needs `lockbox.payloadViewer` on the secret (and a role " +
        "on its KMS key, if it has one).",
      inputs: z.object({ ...secretRef(), versionId: optStr("The version; the current one when unset.") }),
      outputs: z.object({
        ...versionOut,
        keys: z.array(z.string()).describe("Entry keys in version order (not secret)."),
        binaryKeys: z
          .array(z.string())
          .describe("Keys whose values are binary; in `entries` their values are base64."),
        entries: z
          .record(z.string(), z.string())
          .describe("Values by key, as a Pulumi secret; binary values as base64."),
        payloadEntries: z
          .array(entry)
          .describe("The entries in version order, each a text or a binary value, as a Pulumi secret."),
      }),
      alwaysOut: ["secretId", "versionId", "keys", "binaryKeys", "entries", "payloadEntries"],
      secrets: ["entries", "payloadEntries"],
    },
    {
      name: "getSecretVersionEntry",
      description:
        "Reads one entry of a version (the current version unless `versionId` is given) by key: its text value, " +
        "or its binary value as base64, only as a Pulumi secret.",
      inputs: z.object({
        ...secretRef(),
        versionId: optStr("The version; the current one when unset."),
        key: str("The entry's key."),
      }),
      outputs: z.object({
        ...versionOut,
        key: str("The entry's key."),
        binary: z.boolean().describe("Whether the entry holds a binary value (then `value` is its base64)."),
        value: str("The text value, or the binary value as base64, as a Pulumi secret."),
      }),
      alwaysOut: ["secretId", "versionId", "key", "binary", "value"],
      secrets: ["value"],
    },
    {
      name: "getKmsSymmetricKey",
      description:
        "Reads a KMS symmetric key's metadata by id, or by name in a folder (a name two keys share is refused).",
      inputs: z.object({
        keyId: optStr("The key's id; or give `name` (and optionally `folderId`)."),
        folderId: optStr("Folder to find `name` in; defaults to the provider's `folderId`."),
        name: optStr("The key's name, when `keyId` is not given."),
      }),
      outputs: z.object({
        id: str("Key id."),
        folderId: str("Folder of the key."),
        name: str("Name of the key."),
        description: str("Description of the key."),
        labels: z.record(z.string(), z.string()).describe("Labels of the key."),
        status: str("`CREATING`, `ACTIVE` or `INACTIVE`."),
        defaultAlgorithm: str("Algorithm of new key versions, e.g. `AES_256`."),
        rotationPeriod: str("Duration between automatic rotations; empty when rotation is off."),
        rotatedAt: str("When the key was last rotated; empty if never."),
        deletionProtection: z.boolean().describe("Whether deletion is blocked."),
        createdAt: str("When the key was created."),
        primaryVersionId: str("Id of the primary key version."),
      }),
      alwaysOut: [
        "id",
        "folderId",
        "name",
        "description",
        "labels",
        "status",
        "defaultAlgorithm",
        "rotationPeriod",
        "rotatedAt",
        "deletionProtection",
        "createdAt",
        "primaryVersionId",
      ],
      secrets: [],
    },
  ];
  return { functions, versionInfo };
}

/** Every function and the named types only functions use. */
export function functionRegistry(): { functions: FunctionKind[]; versionInfo: z.ZodObject } {
  built ??= build();
  return built;
}
