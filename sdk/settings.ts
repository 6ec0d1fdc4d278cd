/**
 * Settings the program side reads (lookups, folder defaults): stack config `lockbox:*`, then the
 * environment. The provider process reads the same keys through `configure()`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as client from "../provider/client";

function stackConfig(key: string): string | undefined {
  // runtime.getConfig reads the raw value without Config.get's warning for secret keys; outside a
  // Pulumi program there is no config and this returns undefined.
  try {
    const v = pulumi.runtime.getConfig(`lockbox:${key}`);
    return v === undefined || v === "" ? undefined : v;
  } catch {
    return undefined;
  }
}

/** The folder a resource goes to when the program gives none: `lockbox:folderId`, then `YC_FOLDER_ID`. */
export function defaultFolderId(): string | undefined {
  return stackConfig("folderId") ?? (process.env.YC_FOLDER_ID || undefined);
}

/** Client options from stack config; unset ones fall back to the client's own env variables. */
export function programClientOptions(): client.ClientOptions {
  const opts: client.ClientOptions = {};
  const endpoint = stackConfig("endpoint");
  const token = stackConfig("token");
  const keyFile = stackConfig("serviceAccountKeyFile");
  if (endpoint) opts.endpoint = endpoint;
  if (token) opts.iamToken = token;
  if (keyFile) opts.serviceAccountKeyFile = keyFile;
  return opts;
}

/** A client for calls the program makes itself (lookups), built per call from config and env. */
export function programClient(): client.LockboxClient {
  return new client.LockboxClient(programClientOptions());
}
