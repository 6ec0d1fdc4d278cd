/**
 * Grants one service account `lockbox.payloadViewer` on one secret. `AccessBinding` is
 * authoritative for the role: members added by hand are removed on the next `pulumi up`.
 * Auditors get an additive `AccessBindingMember`, which leaves other members alone.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lockbox from "pulumi-lockbox";

const config = new pulumi.Config();
const readerId = config.require("readerServiceAccountId");

const secret = new lockbox.Secret("shared", { name: config.get("secretName") ?? "shared-credentials" });

new lockbox.SecretVersion("shared-v1", {
  secretId: secret.id,
  entries: [{ key: "token", textValue: config.requireSecret("token") }],
});

new lockbox.AccessBinding("payload-readers", {
  secretId: secret.id,
  role: "lockbox.payloadViewer",
  members: [`serviceAccount:${readerId}`],
});

const auditor = config.get("auditorMember");
if (auditor) {
  new lockbox.AccessBindingMember("auditor", {
    secretId: secret.id,
    role: "lockbox.auditor",
    member: auditor,
  });
}

/** The secret id the service account reads. */
export const secretId = secret.id;
