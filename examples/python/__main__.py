"""Quickstart: a secret encrypted with its own KMS key, a version whose password comes from secret
stack config, and a binding that lets one account read the payload."""
import re

import pulumi
import pulumi_lockbox as lockbox

config = pulumi.Config()
protect = config.get_bool("protect") or False

# A customer-managed key: reading the secret then also needs a role on this key.
key = lockbox.KmsSymmetricKey(
    "app-db-key",
    name=config.get("keyName") or "app-db-key",
    description="Encrypts the app database credentials",
    rotation_period="7776000s",  # 90 days
    deletion_protection=protect,
)

secret = lockbox.Secret(
    "app-db",
    name=config.get("secretName") or "app-db",
    description="Credentials of the app database",
    kms_key_id=key.id,
    deletion_protection=protect,
    labels={"app": "quickstart", "env": re.sub(r"[^-_0-9a-z]", "-", pulumi.get_stack().lower())},
)

version = lockbox.SecretVersion(
    "app-db-credentials",
    secret_id=secret.id,
    entries=[
        {"key": "username", "text_value": pulumi.Output.secret(config.get("dbUsername") or "app")},
        {"key": "password", "text_value": config.require_secret("dbPassword")},
    ],
)

# The application's service account may read the payload.
reader = lockbox.AccessBindingMember(
    "app-db-reader",
    secret_id=secret.id,
    role="lockbox.payloadViewer",
    member=config.get("readerMember") or "serviceAccount:app-sa",
)

pulumi.export("kmsKeyId", key.id)
pulumi.export("secretId", secret.id)
pulumi.export("versionId", version.version_id)
pulumi.export("keys", version.payload_entry_keys)
