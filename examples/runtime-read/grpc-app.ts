/**
 * The same application half as `app.ts`, written against the official Yandex Cloud Node SDK
 * (`@yandex-cloud/nodejs-sdk`, gRPC) instead of pulumi-lockbox's runtime API: code that already
 * uses the SDK runs unchanged against lockbox-local; only the endpoint and the trusted certificate
 * differ.
 *
 * Environment: `LOCKBOX_SECRET_ID`; `YC_IAM_TOKEN`; for lockbox-local also `LOCKBOX_GRPC_ENDPOINT`
 * (the address `lockbox-local serve` prints, e.g. `localhost:4589`) and `LOCKBOX_GRPC_ROOT_CERT`
 * (the certificate file it prints). Without them the SDK's own Yandex Cloud endpoint is used.
 *
 * Run: `LOCKBOX_SECRET_ID=... YC_IAM_TOKEN=... LOCKBOX_GRPC_ENDPOINT=localhost:4589 \
 *   LOCKBOX_GRPC_ROOT_CERT=.lockbox-local/tls/cert.pem node -r ts-node/register examples/runtime-read/grpc-app.ts`
 */
import * as fs from "node:fs";
import { Session } from "@yandex-cloud/nodejs-sdk";
import { payloadService } from "@yandex-cloud/nodejs-sdk/dist/clients/lockbox-v1/index";
import type { AppSettings } from "./app";

/** Where and how to reach the Lockbox API. */
export interface GrpcOptions {
  iamToken: string;
  /** "host:port"; the SDK's Yandex Cloud endpoint when absent. */
  endpoint?: string;
  /** PEM of the certificate to trust (lockbox-local's); the system roots when absent. */
  rootCert?: Buffer;
}

/** Reads the settings from the current version of `secretId` through PayloadService.Get. */
export async function loadSettingsOverGrpc(secretId: string, options: GrpcOptions): Promise<AppSettings> {
  const session = new Session({
    iamToken: options.iamToken,
    ...(options.rootCert ? { ssl: { rootCerts: options.rootCert } } : {}),
  });
  const client = session.client(payloadService.PayloadServiceClient, options.endpoint);
  const payload = await client.get(payloadService.GetPayloadRequest.fromPartial({ secretId }));
  const text = (key: string): string => {
    const entry = payload.entries.find((e) => e.key === key);
    if (entry === undefined) throw new Error(`the secret has no entry "${key}"`);
    return entry.textValue ?? Buffer.from(entry.binaryValue ?? Buffer.alloc(0)).toString("utf8");
  };
  return {
    versionId: payload.versionId,
    databaseUrl: text("DATABASE_URL"),
    featureFlags: text("FEATURE_FLAGS").split(","),
  };
}

if (require.main === module) {
  const secretId = process.env.LOCKBOX_SECRET_ID;
  const iamToken = process.env.YC_IAM_TOKEN;
  if (!secretId || !iamToken) {
    console.error("set LOCKBOX_SECRET_ID (pulumi stack output secretId) and YC_IAM_TOKEN");
    process.exit(2);
  }
  const certFile = process.env.LOCKBOX_GRPC_ROOT_CERT;
  loadSettingsOverGrpc(secretId, {
    iamToken,
    ...(process.env.LOCKBOX_GRPC_ENDPOINT ? { endpoint: process.env.LOCKBOX_GRPC_ENDPOINT } : {}),
    ...(certFile ? { rootCert: fs.readFileSync(certFile) } : {}),
  }).then(
    (s) =>
      console.log(
        `loaded version ${s.versionId} over gRPC: DATABASE_URL (${s.databaseUrl.length} chars), flags ${s.featureFlags.join(", ")}`,
      ),
    (err: Error) => {
      console.error(`could not read the secret: ${err.message}`);
      process.exit(1);
    },
  );
}
