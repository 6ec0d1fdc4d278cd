/** PayloadService shapes (docs/lockbox-api.md#payloadservice). */
import { z } from "zod";
import { id, lazy, optionalId } from "./common";

/** One entry of a Payload: exactly one of textValue and binaryValue (base64). */
export const payloadEntry = lazy(() =>
  z.looseObject({ key: z.string(), textValue: z.string().optional(), binaryValue: z.string().optional() }),
);
export type PayloadEntry = z.infer<ReturnType<typeof payloadEntry>>;

/** Payload.Get response. */
export const payload = lazy(() =>
  z.looseObject({ versionId: z.string(), entries: z.array(payloadEntry()).default([]) }),
);
export type Payload = z.infer<ReturnType<typeof payload>>;

/** Payload.Get query. */
export const getPayloadQuery = lazy(() => z.strictObject({ versionId: optionalId().optional() }));

/** GetEx query: exactly one of secretId and folderAndName (dotted in the query string). */
export const getExQuery = lazy(() =>
  z
    .strictObject({
      secretId: id().optional(),
      "folderAndName.folderId": id().optional(),
      "folderAndName.secretName": z.string().min(1).max(100).optional(),
      versionId: optionalId().optional(),
    })
    .refine(
      (q) =>
        (q.secretId !== undefined) !==
        (q["folderAndName.folderId"] !== undefined || q["folderAndName.secretName"] !== undefined),
      { message: "exactly one of secretId and folderAndName must be set" },
    )
    .refine(
      (q) => q.secretId !== undefined || (q["folderAndName.folderId"] && q["folderAndName.secretName"]),
      { message: "folderAndName needs both folderId and secretName" },
    ),
);

/** GetEx response: entries is map<string, bytes>, so every value is base64. */
export const getExResponse = lazy(() =>
  z.looseObject({
    secretId: z.string(),
    versionId: z.string(),
    entries: z.record(z.string(), z.string()).default({}),
  }),
);
export type GetExResponse = z.infer<ReturnType<typeof getExResponse>>;
