/** The KMS SymmetricKey subset lockbox-local serves (lockbox-api.md §15). */
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

export const symmetricKey = lazy(() =>
  z.looseObject({
    id: z.string(),
    folderId: z.string(),
    createdAt: timestamp().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    status: z.enum(["STATUS_UNSPECIFIED", "CREATING", "ACTIVE", "INACTIVE"]).optional(),
    primaryVersion: symmetricKeyVersion().optional(),
    defaultAlgorithm: z.string().optional(),
    rotatedAt: timestamp().optional(),
    rotationPeriod: z.string().optional(),
    deletionProtection: z.boolean().optional(),
  }),
);
export type SymmetricKey = z.infer<ReturnType<typeof symmetricKey>>;

export const createSymmetricKeyRequest = lazy(() =>
  z.strictObject({
    folderId: id(),
    name: z.string().max(100, "name must be at most 100 characters").optional(),
    description: z.string().max(1024, "description must be at most 1024 characters").optional(),
    labels: labels().optional(),
    defaultAlgorithm: inputEnum(SYMMETRIC_ALGORITHMS).refine(
      (a) => a !== "SYMMETRIC_ALGORITHM_UNSPECIFIED",
      "defaultAlgorithm is required",
    ),
    rotationPeriod: duration().optional(),
    deletionProtection: z.boolean().optional(),
  }),
);
export type CreateSymmetricKeyRequest = z.input<ReturnType<typeof createSymmetricKeyRequest>>;

export const listKeysQuery = lazy(() =>
  z.strictObject({
    folderId: id(),
    pageSize: pageSize().optional(),
    pageToken: z.string().max(256).optional(),
  }),
);

export const listKeysResponse = lazy(() => page("keys", symmetricKey()));
