/**
 * The resource kinds of the Lockbox provider: one entry per kind, the one place that names its type
 * token, its input and output properties (zod schemas with their docs), which changes replace it,
 * which properties are secret and the id `pulumi import` takes. The package schema (schema.json),
 * the native provider and the checks of the dynamic SDK's metadata are derived from it.
 * A data table: built on first use, so loading the provider costs nothing until it is asked.
 */
import { z } from "zod";
import {
  ACCESS_BINDING_DIFF,
  ACCESS_BINDING_MEMBER_DIFF,
  DEFAULT_DESTRUCTION_PENDING_PERIOD,
  KMS_KEY_ACCESS_BINDING_DIFF,
  KMS_KEY_ACCESS_BINDING_MEMBER_DIFF,
  KMS_KEY_DIFF,
  SECRET_DIFF,
  SECRET_VERSION_DIFF,
  type DiffTable,
} from "../lifecycle";
import { DEFAULT_ALGORITHM } from "../lifecycle/kms-symmetric-key";

/** The lifecycle objects of provider/lifecycle, one per resource kind. */
export type KindName =
  | "secret"
  | "secretVersion"
  | "accessBinding"
  | "accessBindingMember"
  | "kmsSymmetricKey"
  | "kmsKeyAccessBinding"
  | "kmsKeyAccessBindingMember";

/** A named object type of the schema (`lockbox:index:<name>`), shared by the properties using it. */
export interface NamedType {
  name: string;
  schema: z.ZodObject;
}

/** One resource kind. */
export interface ResourceKind {
  /** The lifecycle it runs (`providers.<kind>` of provider/lifecycle). */
  kind: KindName;
  /** Type name in the `lockbox:index` module, also the dynamic resource's name. */
  name: string;
  /** What the resource is, in a sentence or two (the schema's description). */
  description: string;
  /** Properties the program sets; `.optional()` ones are optional, `.describe()` is the doc. */
  inputs: z.ZodObject;
  /** Properties the service computes (outputs only). */
  outputs: z.ZodObject;
  /** Output properties that are always present (besides required inputs). */
  alwaysOut: string[];
  /** Inputs whose change replaces the resource (a new one is made). */
  replaceOn: string[];
  /** Properties that are Pulumi secrets, inputs or outputs. */
  secrets: string[];
  /** Defaults the schema states (the value the lifecycle takes when the property is unset). */
  defaults: Record<string, string | number | boolean>;
  /** The id `pulumi import` takes, as `/`-separated parts named by input properties. */
  importId: string[];
}

/** The type token of a resource or type name in this package: `lockbox:index:<name>`. */
export function token(name: string): string {
  return `lockbox:index:${name}`;
}

/** Inputs a change of which replaces the resource: the `replace` rows of its diff table. */
function replacing(table: DiffTable, ...extra: string[]): string[] {
  const rows = Object.entries(table).filter(([, rule]) => rule.change === "replace");
  return [...rows.map(([field]) => field), ...extra];
}

const str = (doc: string) => z.string().describe(doc);
const optStr = (doc: string) => z.string().optional().describe(doc);
const labels = (doc: string) => z.record(z.string(), z.string()).optional().describe(doc);
const MEMBER_FORMS =
  "`serviceAccount:<id>`, `userAccount:<id>`, `federatedUser:<id>`, `group:<id>`, `system:allAuthenticatedUsers`, `system:allUsers`";

let built: { kinds: ResourceKind[]; types: NamedType[] } | undefined;

/** The named object types (password spec, payload entry). */
function namedTypes() {
  const passwordSpec = z
    .object({
      passwordKey: str("The entry key the generated password is stored under."),
      length: z
        .number()
        .int()
        .optional()
        .describe("Password length, at most 256; unset lets the service choose."),
      includeUppercase: z.boolean().optional().describe("Use A-Z (default true)."),
      includeLowercase: z.boolean().optional().describe("Use a-z (default true)."),
      includeDigits: z.boolean().optional().describe("Use 0-9 (default true)."),
      includePunctuation: z.boolean().optional().describe("Use punctuation (default true)."),
      includedPunctuation: optStr(
        "The exact punctuation characters to use (at most 32); excludes `excludedPunctuation`.",
      ),
      excludedPunctuation: optStr("Punctuation characters never to use (at most 31)."),
    })
    .describe("How the service generates a password for a generated secret.");
  const entry = z
    .object({
      key: str("Entry key: at most 256 characters of letters, digits and `- _ . / \\ @`."),
      textValue: optStr("Text value, at most 65536 characters."),
      binaryValue: optStr("Binary value as base64, at most 65536 bytes."),
    })
    .describe("One payload entry: a key with a text value or a base64 binary value.");
  return { passwordSpec, entry };
}

function bindingKinds(): ResourceKind[] {
  const members = (target: string) =>
    z.array(z.string()).describe(`Every member that holds the role on the ${target}: ${MEMBER_FORMS}.`);
  const member = z
    .string()
    .describe("One member, e.g. `serviceAccount:<id>` or `system:allAuthenticatedUsers`.");
  const none = z.object({});
  return [
    {
      kind: "accessBinding",
      name: "AccessBinding",
      description:
        "The authoritative member list of one role on one secret: members added by hand are removed on the " +
        "next `pulumi up` (and show as drift on `pulumi refresh`). Bindings of other roles are untouched.",
      inputs: z.object({
        secretId: str("The secret. Changing it replaces the binding."),
        role: str("The role, e.g. `lockbox.payloadViewer`. Changing it replaces the binding."),
        members: members("secret"),
      }),
      outputs: none,
      alwaysOut: [],
      replaceOn: replacing(ACCESS_BINDING_DIFF),
      secrets: [],
      defaults: {},
      importId: ["secretId", "role"],
    },
    {
      kind: "accessBindingMember",
      name: "AccessBindingMember",
      description:
        "One additive member of a role on a secret; other members of the role are left alone. Any change replaces it.",
      inputs: z.object({
        secretId: str("The secret."),
        role: str("The role, e.g. `lockbox.payloadViewer`."),
        member,
      }),
      outputs: none,
      alwaysOut: [],
      replaceOn: replacing(ACCESS_BINDING_MEMBER_DIFF),
      secrets: [],
      defaults: {},
      importId: ["secretId", "role", "member"],
    },
    {
      kind: "kmsKeyAccessBinding",
      name: "KmsKeyAccessBinding",
      description:
        "The authoritative member list of one role on one KMS symmetric key: members added by hand are removed " +
        "on the next `pulumi up`. Bindings of other roles are untouched. Reading a secret encrypted with the key " +
        "takes a key role such as `kms.keys.encrypterDecrypter` besides `lockbox.payloadViewer` on the secret.",
      inputs: z.object({
        keyId: str("The KMS symmetric key. Changing it replaces the binding."),
        role: str("The role, e.g. `kms.keys.encrypterDecrypter`. Changing it replaces the binding."),
        members: members("key"),
      }),
      outputs: none,
      alwaysOut: [],
      replaceOn: replacing(KMS_KEY_ACCESS_BINDING_DIFF),
      secrets: [],
      defaults: {},
      importId: ["keyId", "role"],
    },
    {
      kind: "kmsKeyAccessBindingMember",
      name: "KmsKeyAccessBindingMember",
      description:
        "One additive member of a role on a KMS symmetric key; other members of the role are left alone. " +
        "Any change replaces it.",
      inputs: z.object({
        keyId: str("The KMS symmetric key."),
        role: str("The role, e.g. `kms.keys.encrypterDecrypter`."),
        member,
      }),
      outputs: none,
      alwaysOut: [],
      replaceOn: replacing(KMS_KEY_ACCESS_BINDING_MEMBER_DIFF),
      secrets: [],
      defaults: {},
      importId: ["keyId", "role", "member"],
    },
  ];
}

function secretKinds(t: ReturnType<typeof namedTypes>): ResourceKind[] {
  return [
    {
      kind: "secret",
      name: "Secret",
      description:
        "A Lockbox secret: the container of versions. Changing `folderId` or `kmsKeyId`, or adding or removing " +
        "`passwordPayloadSpecification`, replaces it; every other change updates in place.",
      inputs: z.object({
        folderId: optStr(
          "Folder of the secret; defaults to the provider's `folderId` (stack config `lockbox:folderId`, then " +
            "`YC_FOLDER_ID`). Changing it replaces the secret.",
        ),
        name: optStr("Name, unique in the folder by convention; at most 100 characters."),
        description: optStr("Description, at most 1024 characters."),
        labels: labels(
          "Labels: at most 64; keys `[a-z][-_0-9a-z]*`, values `[-_0-9a-z]*`, each at most 63 characters.",
        ),
        kmsKeyId: optStr(
          "KMS key that encrypts the secret (the system key when unset). Changing it replaces the secret.",
        ),
        deletionProtection: z
          .boolean()
          .optional()
          .describe("When true, the secret cannot be deleted until this is set back to false."),
        passwordPayloadSpecification: t.passwordSpec
          .optional()
          .describe(
            "Makes a generated secret: the service generates the first version's password at creation. Changing " +
              "the spec updates it in place; adding or removing it replaces the secret.",
          ),
      }),
      outputs: z.object({
        status: str("`ACTIVE` or `INACTIVE` (or `CREATING` while being created)."),
        createdAt: optStr("When the secret was created (RFC 3339)."),
        currentVersionId: optStr("Id of the current version (absent while the secret has none)."),
      }),
      alwaysOut: ["folderId", "status"],
      replaceOn: replacing(SECRET_DIFF),
      secrets: [],
      defaults: {},
      importId: ["secretId"],
    },
    {
      kind: "secretVersion",
      name: "SecretVersion",
      description:
        "One version of a secret. Versions are immutable: new entries, description or `regenerateOn` make a new " +
        "version (created before the old one is scheduled for destruction). The entries are a Pulumi secret; the " +
        "outputs hold the keys and a keyed hash of the values (`valuesHash`, itself a secret), never the values.",
      inputs: z.object({
        secretId: str("The secret the version belongs to. Changing it makes a new version."),
        entries: z
          .array(t.entry)
          .optional()
          .describe(
            "The version's entries, exactly. Values are always stored as Pulumi secrets. Changing them adds a " +
              "new version and schedules this one for destruction. Omit for a generated secret.",
          ),
        description: optStr("Description of the version. Changing it makes a new version."),
        regenerateOn: optStr(
          "Generated secrets only (no `entries`): any value; changing it adds a new generated version.",
        ),
        destructionPendingPeriod: optStr(
          "How long a replaced version stays recoverable before it is destroyed (a Duration).",
        ),
      }),
      outputs: z.object({
        versionId: str("The version id."),
        status: str("`ACTIVE`, `SCHEDULED_FOR_DESTRUCTION` or `DESTROYED`."),
        payloadEntryKeys: z.array(z.string()).describe("The entry keys of the version (never values)."),
        current: z
          .boolean()
          .describe(
            "Whether this is the secret's current version; `pulumi refresh` shows when it was moved by hand.",
          ),
        valuesHash: optStr(
          "Keyed HMAC-SHA256 of the values (a Pulumi secret), so drift is visible; absent for generated versions.",
        ),
        createdAt: optStr("When the version was created (RFC 3339)."),
        destroyAt: optStr("When a scheduled version will be destroyed."),
      }),
      alwaysOut: ["versionId", "status", "payloadEntryKeys", "current"],
      replaceOn: replacing(SECRET_VERSION_DIFF, "entries"),
      secrets: ["entries", "valuesHash"],
      defaults: { destructionPendingPeriod: DEFAULT_DESTRUCTION_PENDING_PERIOD },
      importId: ["secretId", "versionId"],
    },
    {
      kind: "kmsSymmetricKey",
      name: "KmsSymmetricKey",
      description:
        "A KMS symmetric key a secret can be encrypted with (`Secret.kmsKeyId`). A change of `folderId` replaces " +
        "the key (and so every secret encrypted with it); every other field changes in place.",
      inputs: z.object({
        folderId: optStr(
          "Folder of the key; defaults to the provider's `folderId` (stack config `lockbox:folderId`, then " +
            "`YC_FOLDER_ID`).",
        ),
        name: optStr("Name, at most 100 characters."),
        description: optStr("Description, at most 1024 characters."),
        labels: labels("Labels, with the same rules as secret labels."),
        defaultAlgorithm: optStr(
          "`AES_128`, `AES_192`, `AES_256` (default), `AES_256_HSM` or `GOST_R_3412_2015_K`; applies to new versions.",
        ),
        rotationPeriod: optStr(
          'Automatic rotation period as a Duration, e.g. "86400s"; unset means no rotation.',
        ),
        deletionProtection: z
          .boolean()
          .optional()
          .describe("When true, the key cannot be deleted; set it to false before deleting the key."),
        status: optStr(
          "`ACTIVE` (the default) or `INACTIVE`. An inactive key cannot encrypt or decrypt. Changes in place.",
        ),
      }),
      outputs: z.object({
        rotatedAt: optStr("When the key was last rotated (RFC 3339); absent until it is rotated."),
        createdAt: optStr("When the key was created."),
        primaryVersionId: optStr("Id of the primary key version."),
      }),
      alwaysOut: ["folderId", "status"],
      replaceOn: replacing(KMS_KEY_DIFF),
      secrets: [],
      defaults: { defaultAlgorithm: DEFAULT_ALGORITHM },
      importId: ["keyId"],
    },
  ];
}

/** Every resource kind and the named types they use, built once. */
export function registry(): { kinds: ResourceKind[]; types: NamedType[] } {
  if (!built) {
    const t = namedTypes();
    built = {
      kinds: [...secretKinds(t), ...bindingKinds()],
      types: [
        { name: "PasswordPayloadSpecification", schema: t.passwordSpec },
        { name: "SecretEntry", schema: t.entry },
      ],
    };
  }
  return built;
}

/** The kind with the type token `type` (`lockbox:index:Secret`), or undefined. */
export function kindOf(type: string): ResourceKind | undefined {
  return registry().kinds.find((k) => token(k.name) === type);
}
