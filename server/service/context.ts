/**
 * What every service method shares: its dependencies, the per-call state (the caller with the
 * list of permission checks it passed, one clock reading), and the one place where an
 * Idempotency-Key is looked up and a mutation is turned into its Operation.
 */
import { errors } from "../errors";
import { authorize, type Permission } from "../iam/roles";
import type { Caller } from "../iam/subjects";
import type { MutationContext, OperationRecord, Store } from "../store/store";
import { canonicalJson, keyReused } from "./idempotency";
import { operationJson } from "../wire";
import type { Call, Operation } from "./types";

/** What the service is built from. */
export interface ServiceDeps {
  store: Store;
  /** The clock (ms). */
  now(): number;
  /** Operations stay `done:false` for this long. */
  operationDelayMs: number;
  /** SHA-256 (hex) of the root token. */
  rootTokenHash: string;
  /** The audiences a service-account JWT may carry besides the public IAM endpoint's. */
  jwtAudiences(): string[];
  /** Destroys versions whose destruction time has passed; runs once at the start of every call. */
  sweep(now: number): void;
  /** Called after every committed mutation (the destruction timer re-arms itself). */
  afterMutation(): void;
}

/** One call in progress. */
export interface CallState {
  /** The caller, with the permission checks this call has passed so far. */
  caller: Caller;
  now: number;
}

/** Starts a call: one clock reading, due versions destroyed, a fresh list of checks. */
export function begin(deps: ServiceDeps, call: Call): CallState {
  const now = deps.now();
  deps.sweep(now);
  return { caller: { ...call.caller, checks: [] }, now };
}

/** Refuses an Idempotency-Key outside 1..256 characters. */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && (key === "" || key.length > 256)) {
    throw errors.invalidArgument("Idempotency-Key must be 1 to 256 characters");
  }
}

/**
 * Runs a mutating method. With an Idempotency-Key, an earlier call by the same caller with the same
 * method and request answers instead (after every permission check that call passed is made again:
 * a role removed since means PERMISSION_DENIED); the key with another request is INVALID_ARGUMENT.
 * Otherwise `run` validates, authorizes and mutates, and its Operation is committed together with
 * the key in one transaction.
 */
export function mutation(
  deps: ServiceDeps,
  call: Call,
  method: string,
  request: unknown,
  run: (state: CallState, ctx: MutationContext) => OperationRecord,
): Operation {
  checkIdempotencyKey(call.idempotencyKey);
  const state = begin(deps, call);
  const key = call.idempotencyKey;
  const { store } = deps;
  const ctx: MutationContext = {
    subjectId: state.caller.id,
    now: state.now,
    delayMs: deps.operationDelayMs,
    fingerprint: key === undefined ? "" : `${method} ${store.mac(canonicalJson(request))}`,
    checks: state.caller.checks ?? [],
    ...(key === undefined ? {} : { idempotencyKey: key }),
  };
  const op = store.transaction(() => {
    if (key !== undefined) {
      const prior = store.operations.findIdempotent(ctx.subjectId, key);
      if (prior) {
        if (prior.fingerprint !== ctx.fingerprint) throw keyReused();
        for (const check of prior.checks)
          authorize(store, state.caller, check.permission as Permission, check.resources);
        if (prior.operation) return { record: prior.operation, fresh: false };
      }
    }
    return { record: run(state, ctx), fresh: true };
  });
  if (op.fresh) deps.afterMutation();
  return operationJson(op.record, state.now) as Operation;
}
