/**
 * Loads the gRPC stack on demand: `@grpc/grpc-js` and the message codecs and service definitions
 * the official `@yandex-cloud/nodejs-sdk` generates from Yandex Cloud's protos. Both are optional
 * peer dependencies of pulumi-lockbox, so installing the package for the provider never downloads
 * them; lockbox-local requires them only when its gRPC endpoint is on, and says how to install them
 * when they are missing.
 */
import * as path from "node:path";
import type * as grpcJs from "@grpc/grpc-js";

/** The packages the gRPC endpoint needs, with the versions it is tested with. */
export const GRPC_PACKAGES = ["@grpc/grpc-js@^1.14.7", "@yandex-cloud/nodejs-sdk@^3.2.0"] as const;

/** The gRPC endpoint is on but its packages are not installed. */
export class GrpcStackMissingError extends Error {
  constructor(missing: string) {
    super(
      `the gRPC endpoint needs ${missing}, which is not installed. Install the optional packages with\n` +
        `  npm install ${GRPC_PACKAGES.join(" ")}\n` +
        "or start lockbox-local with --grpc-port 0 (LOCKBOX_LOCAL_GRPC_PORT=0) to serve REST only.",
    );
    this.name = "GrpcStackMissingError";
  }
}

/** A ts-proto message codec as the SDK generates it. */
export interface Codec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(input: Uint8Array): unknown;
  fromJSON(object: unknown): unknown;
  toJSON(message: unknown): unknown;
}

/** A generated module: its proto package and its exports (codecs, enums, service definitions). */
export type GeneratedModule = { protobufPackage: string } & Record<string, unknown>;

/** What the gRPC endpoint uses from the stack. */
export interface GrpcStack {
  grpc: typeof grpcJs;
  /** Requires a generated module by its path under `generated/`, e.g. "yandex/cloud/lockbox/v1/secret". */
  generated(modulePath: string): GeneratedModule;
  /** The file of a generated module, e.g. to resolve its own imports. */
  generatedFile(modulePath: string): string;
}

function isMissing(err: unknown, name: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return e?.code === "MODULE_NOT_FOUND" && String(e.message).includes(name);
}

let cached: GrpcStack | undefined;

/** Loads (once) the gRPC stack, or throws {@link GrpcStackMissingError}. */
export function loadGrpcStack(): GrpcStack {
  if (cached) return cached;
  let grpc: typeof grpcJs;
  let sdkEntry: string;
  try {
    grpc = require("@grpc/grpc-js") as typeof grpcJs;
  } catch (err) {
    if (isMissing(err, "@grpc/grpc-js")) throw new GrpcStackMissingError("@grpc/grpc-js");
    throw err;
  }
  try {
    // Resolved, not loaded: the SDK's index pulls in every client of every Yandex Cloud service.
    sdkEntry = require.resolve("@yandex-cloud/nodejs-sdk");
  } catch (err) {
    if (isMissing(err, "@yandex-cloud/nodejs-sdk"))
      throw new GrpcStackMissingError("@yandex-cloud/nodejs-sdk");
    throw err;
  }
  const generatedDir = path.join(path.dirname(sdkEntry), "generated");
  cached = {
    grpc,
    generated: (modulePath) => require(path.join(generatedDir, `${modulePath}.js`)) as GeneratedModule,
    generatedFile: (modulePath) => path.join(generatedDir, `${modulePath}.js`),
  };
  return cached;
}
