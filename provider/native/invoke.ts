/**
 * The native provider's functions (`lockbox:index:getSecret`, ...): the lookups of
 * provider/lookups.ts with the provider's client and default folder. Results the registry marks
 * secret (payload values) come back as Pulumi secrets.
 */
import { configuredSettings, getClient } from "../lifecycle/context";
import type { CheckFailure } from "../lifecycle";
import * as lookups from "../lookups";
import { functionRegistry, token } from "../kinds";
import { type Props, unwrap, wrap } from "./values";

type Lookup = (c: ReturnType<typeof getClient>, args: never, folder: string | undefined) => Promise<unknown>;

const LOOKUPS: Record<string, Lookup> = {
  getSecret: lookups.getSecret,
  getSecretVersion: lookups.getSecretVersion,
  getPayload: (c, args, folder) => lookups.readPayload(c, args, folder),
  getSecretVersionEntry: lookups.readEntry,
  getKmsSymmetricKey: lookups.getKmsSymmetricKey,
};

/** Runs the function `tok` with `args`; unknown argument names are failures, not silently ignored. */
export async function invoke(
  tok: string,
  args: Props,
): Promise<{ result?: Props; failures: CheckFailure[] }> {
  const fn = functionRegistry().functions.find((f) => token(f.name) === tok);
  const run = fn && Object.hasOwn(LOOKUPS, fn.name) ? LOOKUPS[fn.name] : undefined;
  if (!fn || !run) throw new Error(`the lockbox provider has no function ${JSON.stringify(tok)}`);
  const { plain, secrets } = unwrap(args);
  const known = Object.keys(fn.inputs.shape);
  const failures: CheckFailure[] = Object.keys(plain)
    .filter((k) => !known.includes(k))
    .map((k) => ({
      property: k,
      reason: `${fn.name} has no argument ${k} (its arguments: ${known.join(", ")})`,
    }));
  if (failures.length > 0) return { failures };
  const folder = configuredSettings().folderId ?? (process.env.YC_FOLDER_ID || undefined);
  const result = (await run(getClient(), plain as never, folder)) as Props;
  // A secret argument makes every result secret, as the SDK's Output lookups do.
  const secretResults = secrets.size > 0 ? Object.keys(result) : fn.secrets;
  return { result: wrap(result, secretResults), failures: [] };
}
