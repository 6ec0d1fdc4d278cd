/**
 * Secret, version and password-specification shapes of yandex.cloud.lockbox.v1
 * (docs/lockbox-api.md#resources).
 */
import { z } from "zod";
import { id, int64, labels, lazy, optionalId, page, pageSize, timestamp, duration } from "./common";

/**
 * Payload entry keys: ≤256 characters of `[-_./\\@0-9a-zA-Z]`, whole-value match
 * (docs/lockbox-api.md#payload-entry-changes).
 */
export const entryKey = lazy(() =>
  z
    .string()
    .min(1, "entry keys must not be empty")
    .max(256, "entry keys must be at most 256 characters")
    .regex(/^[-_./\\@0-9a-zA-Z]+$/, "entry keys may contain only letters, digits and - _ . / \\ @"),
);

/**
 * The 32 ASCII punctuation characters generated passwords draw from
 * (docs/lockbox-api.md#password-generation).
 */
export const DEFAULT_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/**
 * PasswordPayloadSpecification (docs/lockbox-api.md#password-payload-specification); `include*` are
 * BoolValues: unset means true.
 */
export const passwordPayloadSpecification = lazy(() =>
  z.strictObject({
    passwordKey: entryKey(),
    length: int64().pipe(z.number().max(256, "length must be at most 256")).optional(),
    includeUppercase: z.boolean().nullable().optional(),
    includeLowercase: z.boolean().nullable().optional(),
    includeDigits: z.boolean().nullable().optional(),
    includePunctuation: z.boolean().nullable().optional(),
    includedPunctuation: z.string().max(32, "includedPunctuation must be at most 32 characters").optional(),
    excludedPunctuation: z.string().max(31, "excludedPunctuation must be at most 31 characters").optional(),
  }),
);
export type PasswordPayloadSpecification = z.input<ReturnType<typeof passwordPayloadSpecification>>;

/** The password spec as responses print it (int64 length as a string). */
export const passwordPayloadSpecificationOut = lazy(() =>
  z.looseObject({
    passwordKey: z.string(),
    length: z.union([z.string(), z.number()]).optional(),
    includeUppercase: z.boolean().nullable().optional(),
    includeLowercase: z.boolean().nullable().optional(),
    includeDigits: z.boolean().nullable().optional(),
    includePunctuation: z.boolean().nullable().optional(),
    includedPunctuation: z.string().optional(),
    excludedPunctuation: z.string().optional(),
  }),
);

export const VERSION_STATUSES = [
  "STATUS_UNSPECIFIED",
  "ACTIVE",
  "SCHEDULED_FOR_DESTRUCTION",
  "DESTROYED",
] as const;
export const SECRET_STATUSES = ["STATUS_UNSPECIFIED", "CREATING", "ACTIVE", "INACTIVE"] as const;

/** Version (docs/lockbox-api.md#version). Responses omit default-valued fields. */
export const version = lazy(() =>
  z.looseObject({
    id: z.string(),
    secretId: z.string(),
    createdAt: timestamp().optional(),
    destroyAt: timestamp().optional(),
    description: z.string().optional(),
    status: z.enum(VERSION_STATUSES).default("STATUS_UNSPECIFIED"),
    payloadEntryKeys: z.array(z.string()).default([]),
    passwordPayloadSpecification: passwordPayloadSpecificationOut().optional(),
  }),
);
export type Version = z.infer<ReturnType<typeof version>>;

/** Secret (docs/lockbox-api.md#secret). */
export const secret = lazy(() =>
  z.looseObject({
    id: z.string(),
    folderId: z.string(),
    createdAt: timestamp().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    kmsKeyId: z.string().optional(),
    status: z.enum(SECRET_STATUSES).default("STATUS_UNSPECIFIED"),
    currentVersion: version().optional(),
    deletionProtection: z.boolean().optional(),
    passwordPayloadSpecification: passwordPayloadSpecificationOut().optional(),
  }),
);
export type Secret = z.infer<ReturnType<typeof secret>>;

/** PayloadEntryChange: a key with at most one of textValue/binaryValue (none removes the key). */
export const payloadEntryChange = lazy(() =>
  z
    .strictObject({
      key: entryKey(),
      textValue: z.string().max(65536, "a text value must be at most 65536 characters").optional(),
      binaryValue: z
        .string()
        .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, "binaryValue must be base64")
        .refine((b) => Buffer.from(b, "base64").length <= 65536, "a binary value must be at most 65536 bytes")
        .optional(),
    })
    .refine((e) => e.textValue === undefined || e.binaryValue === undefined, {
      message: "an entry may carry textValue or binaryValue, not both",
    }),
);
export type PayloadEntryChange = z.infer<ReturnType<typeof payloadEntryChange>>;

/** CreateSecretRequest body (docs/lockbox-api.md#create). */
export const createSecretRequest = lazy(() =>
  z.strictObject({
    folderId: id(),
    name: z.string().max(100, "name must be at most 100 characters").optional(),
    description: z.string().max(1024, "description must be at most 1024 characters").optional(),
    labels: labels().optional(),
    kmsKeyId: optionalId().optional(),
    versionDescription: z.string().max(256, "versionDescription must be at most 256 characters").optional(),
    versionPayloadEntries: z.array(payloadEntryChange()).optional(),
    deletionProtection: z.boolean().optional(),
    passwordPayloadSpecification: passwordPayloadSpecification().optional(),
    createVersion: z.boolean().nullable().optional(),
  }),
);
export type CreateSecretRequest = z.input<ReturnType<typeof createSecretRequest>>;

/**
 * Paths UpdateSecret accepts in `updateMask`, camelCase (docs/lockbox-api.md#update); snake_case is accepted
 * too.
 */
export const UPDATABLE_SECRET_FIELDS = [
  "name",
  "description",
  "labels",
  "deletionProtection",
  "passwordPayloadSpecification",
] as const;

/** UpdateSecretRequest body. */
export const updateSecretRequest = lazy(() =>
  z.strictObject({
    updateMask: z.string().min(1, "updateMask is required"),
    name: z.string().max(100, "name must be at most 100 characters").optional(),
    description: z.string().max(1024, "description must be at most 1024 characters").optional(),
    labels: labels().optional(),
    deletionProtection: z.boolean().optional(),
    passwordPayloadSpecification: passwordPayloadSpecification().optional(),
  }),
);
export type UpdateSecretRequest = z.input<ReturnType<typeof updateSecretRequest>>;

/** AddVersionRequest body (docs/lockbox-api.md#addversion). */
export const addVersionRequest = lazy(() =>
  z.strictObject({
    description: z.string().max(1024, "description must be at most 1024 characters").optional(),
    payloadEntries: z.array(payloadEntryChange()).optional(),
    baseVersionId: optionalId().optional(),
  }),
);
export type AddVersionRequest = z.input<ReturnType<typeof addVersionRequest>>;

/** Body of SetCurrentVersion and CancelVersionDestruction. */
export const versionIdRequest = lazy(() => z.strictObject({ versionId: id() }));

/**
 * ScheduleVersionDestructionRequest body (docs/lockbox-api.md#versions-and-destruction); pendingPeriod
 * defaults to 7 days.
 */
export const scheduleVersionDestructionRequest = lazy(() =>
  z.strictObject({ versionId: id(), pendingPeriod: duration().optional() }),
);

/** List query: folderId is required. */
export const listSecretsQuery = lazy(() =>
  z.strictObject({
    folderId: id(),
    pageSize: pageSize().optional(),
    pageToken: z.string().max(256, "pageToken must be at most 256 characters").optional(),
  }),
);

export const listSecretsResponse = lazy(() => page("secrets", secret()));
export const listVersionsResponse = lazy(() => page("versions", version()));
