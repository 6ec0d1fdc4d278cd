/**
 * The application half: reads the latest version of the secret at run time. Credentials come from
 * the environment (`LOCKBOX_ENDPOINT`, `YC_IAM_TOKEN` or `YC_SERVICE_ACCOUNT_KEY_FILE`); the secret
 * id from `LOCKBOX_SECRET_ID`.
 *
 * Run: `LOCKBOX_SECRET_ID=... node -r ts-node/register examples/runtime-read/app.ts`
 */
import { runtime } from "pulumi-lockbox";

/** What the app needs from the secret. */
export interface AppSettings {
  versionId: string;
  databaseUrl: string;
  featureFlags: string[];
}

/** Reads the settings from the latest version of `secretId`. */
export async function loadSettings(
  secretId: string,
  options: runtime.RuntimeOptions = {},
): Promise<AppSettings> {
  const ref = runtime.secret(secretId, options);
  try {
    const value = await ref.latest().access();
    return {
      versionId: value.versionId,
      databaseUrl: value.asString("DATABASE_URL"),
      featureFlags: value.asString("FEATURE_FLAGS").split(","),
    };
  } finally {
    await ref.close();
  }
}

if (require.main === module) {
  const secretId = process.env.LOCKBOX_SECRET_ID;
  if (!secretId) {
    console.error("set LOCKBOX_SECRET_ID to the secret id (pulumi stack output secretId)");
    process.exit(2);
  }
  loadSettings(secretId).then(
    (s) =>
      console.log(
        `loaded version ${s.versionId}: DATABASE_URL (${s.databaseUrl.length} chars), flags ${s.featureFlags.join(", ")}`,
      ),
    (err: Error) => {
      console.error(`could not read the secret: ${err.message}`);
      process.exit(1);
    },
  );
}
