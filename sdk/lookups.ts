/**
 * Lookups: plain async functions a program calls to read existing secrets and KMS keys. They run in
 * the program process with a client built from stack config (`lockbox:*`) or the environment at
 * call time. Payload values come back only as Pulumi secrets. The reading itself is
 * provider/lookups.ts, which the native provider's functions run too.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as client from "../provider/client";
import type * as core from "../provider/lookups";
import type {
  GetKmsSymmetricKeyArgs,
  GetKmsSymmetricKeyResult,
  GetPayloadArgs,
  GetSecretArgs,
  GetSecretResult,
  GetSecretVersionArgs,
  GetSecretVersionEntryArgs,
  GetSecretVersionResult,
  PayloadEntryResult,
  PayloadValue,
} from "../provider/lookups";
import { defaultFolderId, programClient } from "./settings";

export type {
  SecretRefArgs,
  GetSecretArgs,
  PasswordPayloadSpecificationResult,
  SecretVersionInfo,
  GetSecretResult,
  GetSecretVersionArgs,
  GetSecretVersionResult,
  GetPayloadArgs,
  PayloadEntryResult,
  PayloadValue,
  GetSecretVersionEntryArgs,
  GetKmsSymmetricKeyArgs,
  GetKmsSymmetricKeyResult,
} from "../provider/lookups";

/** A version's values. `entries` and `payloadEntries` are Pulumi secrets. */
export interface GetPayloadResult {
  readonly secretId: string;
  readonly versionId: string;
  /** Entry keys in version order (not secret). */
  readonly keys: string[];
  /** Keys whose values are binary (not secret); in `entries` their values are base64. */
  readonly binaryKeys: string[];
  /** Values by key, as a Pulumi secret; binary values as base64. */
  readonly entries: pulumi.Output<Record<string, string>>;
  /** The entries in version order, each marked text or binary, as a Pulumi secret. */
  readonly payloadEntries: pulumi.Output<PayloadEntryResult[]>;
}

/** One entry's value. `value` is a Pulumi secret. */
export interface GetSecretVersionEntryResult {
  readonly secretId: string;
  readonly versionId: string;
  readonly key: string;
  /** Whether the entry holds a binary value (then `value` is its base64). */
  readonly binary: boolean;
  /** The text value, or the binary value as base64, as a Pulumi secret. */
  readonly value: pulumi.Output<string>;
}

/**
 * provider/lookups, loaded on first use: a program that only declares resources never loads the
 * client's HTTP stack and schemas.
 */
function lookups(): typeof core {
  return require("../provider/lookups") as typeof core;
}

/** Runs `fn` with a client built from the stack config, closed afterwards. */
async function withClient<T>(
  fn: (c: client.LockboxClient, folder: string | undefined) => Promise<T>,
): Promise<T> {
  const c = programClient();
  try {
    return await fn(c, defaultFolderId());
  } finally {
    await (c as { close?: () => Promise<void> }).close?.();
  }
}

/**
 * Reads a secret's metadata — its password spec and whole current version included — by id, or by
 * name in a folder (default: `lockbox:folderId`, then `YC_FOLDER_ID`).
 *
 * @example const s = await lockbox.getSecret({ name: "db" }); // s.currentVersion?.payloadEntryKeys
 */
export async function getSecret(args: GetSecretArgs): Promise<GetSecretResult> {
  return withClient((c, folder) => lookups().getSecret(c, args, folder));
}

/** {@link getSecret} for Output arguments: resolves when they do. */
export function getSecretOutput(args: pulumi.Input<GetSecretArgs>): pulumi.Output<GetSecretResult> {
  return pulumi.output(args).apply((a) => getSecret(a as GetSecretArgs));
}

/** Reads a version's metadata (the current version unless `versionId` is given). */
export async function getSecretVersion(args: GetSecretVersionArgs): Promise<GetSecretVersionResult> {
  return withClient((c, folder) => lookups().getSecretVersion(c, args, folder));
}

/** {@link getSecretVersion} for Output arguments. */
export function getSecretVersionOutput(
  args: pulumi.Input<GetSecretVersionArgs>,
): pulumi.Output<GetSecretVersionResult> {
  return pulumi.output(args).apply((a) => getSecretVersion(a as GetSecretVersionArgs));
}

/**
 * Reads a version's values. They come back only as Pulumi secrets (`entries`, `payloadEntries`), so
 * they are encrypted in state and masked in logs. Needs `lockbox.payloadViewer` on the secret (and a
 * role on its KMS key, if it has one); by name, nothing more: the secret is found with GetEx.
 *
 * @example
 * const p = await lockbox.getPayload({ secretId: secret.id });  // inside an apply, or with a known id
 * export const password = p.entries.apply((e) => e["password"]);
 */
export async function getPayload(args: GetPayloadArgs): Promise<GetPayloadResult> {
  const r = await readPayload(args);
  return {
    secretId: r.secretId,
    versionId: r.versionId,
    keys: r.keys,
    binaryKeys: r.binaryKeys,
    entries: secretAsIs(r.entries),
    payloadEntries: secretAsIs(r.payloadEntries),
  };
}

/**
 * `pulumi.secret(value)` without the copy `pulumi.output` makes of plain objects (it assigns each
 * key, which drops a `__proto__` entry): the value of an apply is passed on untouched.
 */
function secretAsIs<T>(value: T): pulumi.Output<T> {
  return pulumi.secret(true).apply(() => value);
}

function readPayload(args: GetPayloadArgs): Promise<PayloadValue> {
  return withClient((c, folder) => lookups().readPayload(c, args, folder));
}

/** {@link getPayload} for Output arguments: the whole result is a Pulumi secret. */
export function getPayloadOutput(args: pulumi.Input<GetPayloadArgs>): pulumi.Output<PayloadValue> {
  // Secret first, then apply: the apply's result is not copied (see secretAsIs).
  return pulumi.secret(pulumi.output(args)).apply((a) => readPayload(a as GetPayloadArgs));
}

function readEntry(args: GetSecretVersionEntryArgs) {
  return withClient((c, folder) => lookups().readEntry(c, args, folder));
}

/**
 * Reads one entry of a version (the current version unless `versionId` is given) by key: its text
 * value, or its binary value as base64 (`binary: true`), only as a Pulumi secret.
 *
 * @example
 * const pw = await lockbox.getSecretVersionEntry({ name: "db", key: "password" });
 * new SomeDatabase("db", { password: pw.value });
 */
export async function getSecretVersionEntry(
  args: GetSecretVersionEntryArgs,
): Promise<GetSecretVersionEntryResult> {
  const e = await readEntry(args);
  return { ...e, value: pulumi.secret(e.value) };
}

/** {@link getSecretVersionEntry} for Output arguments: the whole result is a Pulumi secret. */
export function getSecretVersionEntryOutput(
  args: pulumi.Input<GetSecretVersionEntryArgs>,
): pulumi.Output<{ secretId: string; versionId: string; key: string; binary: boolean; value: string }> {
  return pulumi.secret(pulumi.output(args)).apply((a) => readEntry(a as GetSecretVersionEntryArgs));
}

/**
 * Reads a KMS symmetric key's metadata by id, or by name in a folder (default: `lockbox:folderId`,
 * then `YC_FOLDER_ID`). By name, the folder is listed (`kms.viewer` on it); KMS key names need not be
 * unique, so a name two keys share is refused.
 *
 * @example const key = await lockbox.getKmsSymmetricKey({ name: "secrets-key" });
 */
export async function getKmsSymmetricKey(args: GetKmsSymmetricKeyArgs): Promise<GetKmsSymmetricKeyResult> {
  return withClient((c, folder) => lookups().getKmsSymmetricKey(c, args, folder));
}

/** {@link getKmsSymmetricKey} for Output arguments. */
export function getKmsSymmetricKeyOutput(
  args: pulumi.Input<GetKmsSymmetricKeyArgs>,
): pulumi.Output<GetKmsSymmetricKeyResult> {
  return pulumi.output(args).apply((a) => getKmsSymmetricKey(a as GetKmsSymmetricKeyArgs));
}
