/**
 * Quickstart: a secret and its first version. The password comes from secret stack config
 * (`pulumi config set --secret dbPassword ...`), so it is encrypted in state and masked in output.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();

const secret = new lockbox.Secret("app-db", {
  name: config.get("secretName") ?? "app-db",
  description: "Credentials of the app database",
  labels: {
    app: "quickstart",
    env: pulumi
      .getStack()
      .toLowerCase()
      .replace(/[^-_0-9a-z]/g, "-"),
  },
});

const version = new lockbox.SecretVersion("app-db-credentials", {
  secretId: secret.id,
  entries: [
    { key: "username", textValue: "app" },
    { key: "password", textValue: config.requireSecret("dbPassword") },
  ],
});

/** The secret id, to read it from an application or the CLI. */
export const secretId = secret.id;
/** The version that holds the credentials. */
export const versionId = version.versionId;
/** The keys stored in the version (never the values). */
export const keys = version.payloadEntryKeys;
