/**
 * The infrastructure half: a secret with one version. The application half is `app.ts`, which
 * reads the latest version at run time with `lockbox.runtime` (no Pulumi involved).
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();

const secret = new lockbox.Secret("app-settings", { name: config.get("secretName") ?? "app-settings" });

new lockbox.SecretVersion("app-settings-v1", {
  secretId: secret.id,
  entries: [
    { key: "DATABASE_URL", textValue: config.requireSecret("databaseUrl") },
    { key: "FEATURE_FLAGS", textValue: "search,export" },
  ],
});

/** Give this to the application as LOCKBOX_SECRET_ID. */
export const secretId = secret.id;
