/**
 * Adding a version that holds exactly the given entries, however other writers interleave.
 *
 * AddVersion describes a change against a base version: it starts from the base's entries, applies
 * the given changes (an entry with no value removes the key) and makes the result current. Without
 * `baseVersionId` the base is whatever version is current when the service applies the request, so a
 * writer that read the secret, computed its removals, and was overtaken by another writer would
 * produce a mix of both. Naming the version the removals were computed from makes the result exact.
 * See docs/concurrent-versions.md.
 */
import type { PayloadEntryChange, Secret, Version } from "../api";
import { version as versionSchema, type AddVersionRequest } from "../api/secret";
import type { Operation } from "../api/common";
import type { LockboxClient } from "./core/client";
import { responseOf } from "./core/operations";

/** The request that makes a version of exactly `entries`, and whether it names its base. */
export interface ExactVersionRequest {
  body: AddVersionRequest;
  /** The base version named in `baseVersionId`; undefined when the secret had none to name. */
  baseVersionId: string | undefined;
}

/**
 * The AddVersion body for a version holding exactly `entries`, computed from `secret` as read. The
 * current version is the base unless it is destroyed (it has no payload then, and the service would
 * refuse it as a base); with no base the caller must check the result with {@link correctionRequest}.
 */
export function exactVersionRequest(
  secret: Pick<Secret, "currentVersion">,
  entries: readonly PayloadEntryChange[],
  description?: string,
): ExactVersionRequest {
  const base = secret.currentVersion;
  const usable = base?.id && base.status !== "DESTROYED" ? base : undefined;
  const keep = new Set(entries.map((e) => e.key));
  const removals = (usable?.payloadEntryKeys ?? []).filter((k) => !keep.has(k)).map((key) => ({ key }));
  const body: AddVersionRequest = { payloadEntries: [...entries, ...removals] };
  if (usable) body.baseVersionId = usable.id;
  if (description !== undefined && description !== "") body.description = description;
  return { body, baseVersionId: usable?.id };
}

/**
 * When a version was added without a base (the secret had no usable version) and another writer's
 * version became current first, the new version holds that writer's keys too. This returns the
 * AddVersion body that removes them, based on the new version; undefined when it is already exact.
 */
export function correctionRequest(
  made: Pick<Version, "id" | "payloadEntryKeys">,
  entries: readonly PayloadEntryChange[],
  description?: string,
): AddVersionRequest | undefined {
  const keep = new Set(entries.map((e) => e.key));
  const extra = made.payloadEntryKeys.filter((k) => !keep.has(k));
  if (extra.length === 0) return undefined;
  const body: AddVersionRequest = { baseVersionId: made.id, payloadEntries: extra.map((key) => ({ key })) };
  if (description !== undefined && description !== "") body.description = description;
  return body;
}

/** How {@link addExactVersion} sends one AddVersion and waits for it (lets callers add bookkeeping). */
export type AddVersionCall = (body: AddVersionRequest) => Promise<Operation>;

/**
 * Reads the secret, adds a version of exactly `entries` based on the version read, and, when there
 * was no base to name, corrects a version that picked up another writer's keys. Returns the
 * finished operation of the version that holds exactly `entries` and the secret as read.
 */
export async function addExactVersion(
  client: LockboxClient,
  secretId: string,
  entries: readonly PayloadEntryChange[],
  options: { description?: string | undefined; call?: AddVersionCall | undefined } = {},
): Promise<Operation> {
  const call: AddVersionCall =
    options.call ?? (async (body) => client.awaitOperation(await client.secrets.addVersion(secretId, body)));
  const secret = await client.secrets.get(secretId);
  const { body, baseVersionId } = exactVersionRequest(secret, entries, options.description);
  const op = await call(body);
  if (baseVersionId !== undefined) return op;
  const fix = correctionRequest(responseOf(op, versionSchema), entries, options.description);
  return fix ? call(fix) : op;
}
