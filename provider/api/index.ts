/**
 * The Lockbox wire contract: zod schema factories and inferred types, in the API's own field
 * names. No I/O. The client parses responses with these; lockbox-local validates requests with them.
 */
export * as common from "./common";
export * as secrets from "./secret";
export * as payload from "./payload";
export * as access from "./access-binding";
export * as iam from "./iam";
export * as kms from "./kms";
export type { Operation, Status } from "./common";
export type { Secret, Version, PasswordPayloadSpecification, PayloadEntryChange } from "./secret";
export type { Payload, PayloadEntry, GetExResponse } from "./payload";
export type { AccessBinding, AccessBindingDelta } from "./access-binding";
export type { IamToken, AuthorizedKey } from "./iam";
export type { SymmetricKey } from "./kms";
