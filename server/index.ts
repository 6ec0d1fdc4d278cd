/** The public surface of lockbox-local. */
export { buildServer, DEFAULT_OPTIONS, ROOT_TOKEN_FILE, MASTER_KEY_FILE } from "./app";
export type { ServerOptions, LockboxLocalApp, SeedSecret } from "./app";
export type { FaultSpec } from "./store/faults";
export { parseFaultSpec } from "./store/faults";
export { createService, invoke, METHODS, ANONYMOUS, ServiceError } from "./service";
export type { LockboxService, Call, MethodInfo, Caller } from "./service";
