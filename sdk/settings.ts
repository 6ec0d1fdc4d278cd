/**
 * Settings the program side reads (lookups, folder defaults): stack config `lockbox:*`, then the
 * environment. The provider process reads the same keys through `configure()`.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as client from "../provider/client";
import { parseTimeout } from "../provider/lifecycle/timeouts";
import { CONFIG_KEYS, clientOptions, settingsFromConfig } from "../provider/lifecycle/context";

/** A stack config value by its full key (`lockbox:folderId`); empty counts as unset. */
function stackConfig(key: string): string | undefined {
  // runtime.getConfig reads the raw value without Config.get's warning for secret keys; outside a
  // Pulumi program there is no config and this returns undefined.
  try {
    const v = pulumi.runtime.getConfig(key);
    return v === undefined || v === "" ? undefined : v;
  } catch {
    return undefined;
  }
}

/** The folder a resource goes to when the program gives none: `lockbox:folderId`, then `YC_FOLDER_ID`. */
export function defaultFolderId(): string | undefined {
  return stackConfig(CONFIG_KEYS.folderId) ?? (process.env.YC_FOLDER_ID || undefined);
}

/**
 * Client options from stack config; unset ones fall back to the client's own env variables. The same
 * mapping the provider process applies to the config `configure()` receives (one definition, in
 * provider/lifecycle/context.ts).
 */
export function programClientOptions(): client.ClientOptions {
  return clientOptions(settingsFromConfig({ config: { get: stackConfig } }));
}

/**
 * provider/client, loaded on first use. A program that only declares resources never calls the API
 * itself, so it does not load the client's HTTP stack and schemas (undici and zod, about 0.2 s of
 * every `pulumi up` and `preview` on a small machine); lookups and the runtime API load it when called.
 */
export function clientModule(): typeof client {
  return require("../provider/client") as typeof client;
}

/** A client for calls the program makes itself (lookups), built per call from config and env. */
export function programClient(): client.LockboxClient {
  return new (clientModule().LockboxClient)(programClientOptions());
}

/**
 * The hidden `__timeouts` input of a resource: its `customTimeouts` in milliseconds. The engine does
 * not pass `customTimeouts` to dynamic providers, so the SDK classes carry them as an input (see
 * provider/lifecycle/timeouts.ts). An unparsable timeout is an error in the program, before any call.
 */
export function timeoutsInput(
  resource: string,
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, number> | undefined {
  const custom = opts?.customTimeouts;
  if (!custom) return undefined;
  const out: Record<string, number> = {};
  for (const step of ["create", "update", "delete"] as const) {
    const v = custom[step];
    if (v === undefined || v === "") continue;
    const ms = parseTimeout(v);
    if (ms === undefined) {
      throw new Error(
        `${resource}: customTimeouts.${step} must be a duration such as "5m", "90s" or "1h30m", not ${JSON.stringify(v)}`,
      );
    }
    out[step] = ms;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
