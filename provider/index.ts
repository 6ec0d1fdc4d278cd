/**
 * Everything that runs inside the Pulumi provider process: the wire schemas, the HTTP client and the
 * lifecycle of each dynamic resource. Program authors import the SDK (`pulumi-lockbox`) instead.
 */
export * as api from "./api";
export * as client from "./client";
export * as lifecycle from "./lifecycle";
