/** The KMS SymmetricKey subset lockbox-local serves (docs/kms.md). */
import { z } from "zod";
import { duration, id, inputEnum, labels, lazy, page, pageSize, timestamp } from "./common";

export const SYMMETRIC_ALGORITHMS = [
  "SYMMETRIC_ALGORITHM_UNSPECIFIED",
  "AES_128",
  "AES_192",
  "AES_256",
  "AES_256_HSM",
  "GOST_R_3412_2015_K",
] as const;

export const symmetricKeyVersion = lazy(() =>
  z.looseObject({
    id: z.string(),
    keyId: z.string(),
    status: z.enum(["STATUS_UNSPECIFIED", "ACTIVE", "SCHEDULED_FOR_DESTRUCTION", "DESTROYED"]).optional(),
    algorithm: z.string().optional(),
    createdAt: timestamp().optional(),
    primary: z.boolean().optional(),
    destroyAt: timestamp().optional(),
    hostedByHsm: z.boolean().optional(),
  }),
);

/** SymmetricKey.Status in proto order (docs/kms.md#key-and-version-shapes). */
export const KEY_STATUSES = ["STATUS_UNSPECIFIED", "CREATING", "ACTIVE", "INACTIVE"] as const;

export const symmetricKey = lazy(() =>
  z.looseObject({
    id: z.string(),
    folderId: z.string(),
    createdAt: timestamp().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    status: z.enum(KEY_STATUSES).optional(),
    primaryVersion: symmetricKeyVersion().optional(),
    defaultAlgorithm: z.string().optional(),
    rotatedAt: timestamp().optional(),
    rotationPeriod: z.string().optional(),
    deletionProtection: z.boolean().optional(),
  }),
);
export type SymmetricKey = z.infer<ReturnType<typeof symmetricKey>>;

/** The error for a Create without an algorithm; the real API requires one (docs/kms.md#creating-a-key). */
export const ALGORITHM_REQUIRED = `is required; set one of ${SYMMETRIC_ALGORITHMS.slice(1).join(", ")}`;

export const createSymmetricKeyRequest = lazy(() =>
  z.strictObject({
    folderId: id(),
    name: z.string().max(100, "name must be at most 100 characters").optional(),
    description: z.string().max(1024, "description must be at most 1024 characters").optional(),
    labels: labels().optional(),
    // Required by the real API: unset, null, SYMMETRIC_ALGORITHM_UNSPECIFIED or 0 (all the same on
    // the gRPC wire) get one INVALID_ARGUMENT (docs/kms.md#creating-a-key).
    defaultAlgorithm: inputEnum(SYMMETRIC_ALGORITHMS, { whenMissing: ALGORITHM_REQUIRED }).refine(
      (a) => a !== "SYMMETRIC_ALGORITHM_UNSPECIFIED",
      ALGORITHM_REQUIRED,
    ),
    rotationPeriod: duration().optional(),
    deletionProtection: z.boolean().optional(),
  }),
);
export type CreateSymmetricKeyRequest = z.input<ReturnType<typeof createSymmetricKeyRequest>>;

/**
 * The fields a KMS Update may name in `updateMask` (UpdateSymmetricKeyRequest,
 * docs/kms.md#hosts-and-methods).
 */
export const UPDATABLE_KEY_FIELDS = [
  "name",
  "description",
  "labels",
  "status",
  "defaultAlgorithm",
  "rotationPeriod",
  "deletionProtection",
] as const;

/** UpdateSymmetricKeyRequest body: only the fields named in `updateMask` change. */
export const updateSymmetricKeyRequest = lazy(() =>
  z.strictObject({
    updateMask: z.string().min(1, "updateMask is required"),
    name: z.string().max(100, "name must be at most 100 characters").optional(),
    description: z.string().max(1024, "description must be at most 1024 characters").optional(),
    status: inputEnum(KEY_STATUSES).optional(),
    labels: labels().optional(),
    defaultAlgorithm: inputEnum(SYMMETRIC_ALGORITHMS).optional(),
    rotationPeriod: duration().optional(),
    deletionProtection: z.boolean().optional(),
  }),
);
export type UpdateSymmetricKeyRequest = z.input<ReturnType<typeof updateSymmetricKeyRequest>>;

export const listKeysQuery = lazy(() =>
  z.strictObject({
    folderId: id(),
    pageSize: pageSize().optional(),
    pageToken: z.string().max(256).optional(),
  }),
);

export const listKeysResponse = lazy(() => page("keys", symmetricKey()));
