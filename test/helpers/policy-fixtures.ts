/**
 * Props of compliant Lockbox resources, as the SDK registers them. Each test copies one and
 * changes a single property.
 */

/** A KMS key id in the service's id format. */
export const KMS_KEY_ID = "abjq3mft1r2bdk0c0u1j";
/** A secret id in the service's id format. */
export const SECRET_ID = "e6qh3v0mgnmiq995h1v9";
/** A service account member string. */
export const APP_MEMBER = "serviceAccount:ajeapp0000000000000a";

/** A short serialized provider, like the one the dynamic-resource SDK puts in `__provider`. */
export const PROVIDER_CODE =
  'exports.handler = __f0;\nfunction __f0() { return (function() { return require("pulumi-lockbox/provider/lifecycle").secret; }).apply(this, arguments); }';

/** A Secret encrypted with a KMS key, protected from deletion, labelled. */
export function compliantSecret(): Record<string, unknown> {
  return {
    folderId: "b1gfolder00000000000",
    name: "db-password",
    description: "Database password of the payments service",
    labels: { team: "payments", env: "prod" },
    kmsKeyId: KMS_KEY_ID,
    deletionProtection: true,
    __provider: PROVIDER_CODE,
  };
}

/** A compliant Secret whose password the service generates. */
export function generatedSecret(): Record<string, unknown> {
  return {
    ...compliantSecret(),
    passwordPayloadSpecification: {
      passwordKey: "password",
      length: 32,
      includeUppercase: true,
      includeLowercase: true,
      includeDigits: true,
      includePunctuation: true,
    },
  };
}

/** A SecretVersion whose values come from a Pulumi secret and another resource's output. */
export function compliantVersion(): Record<string, unknown> {
  return {
    secretId: SECRET_ID,
    description: "rotation 1",
    entries: [
      { key: "password", textValue: "value-of-a-pulumi-secret" },
      { key: "api-token", textValue: "value-of-an-output" },
    ],
    entrySources: { password: "secret", "api-token": "computed" },
    __provider: PROVIDER_CODE,
  };
}

/** An AccessBinding that grants payload access to one service account. */
export function compliantBinding(): Record<string, unknown> {
  return {
    secretId: SECRET_ID,
    role: "lockbox.payloadViewer",
    members: [APP_MEMBER],
    __provider: PROVIDER_CODE,
  };
}

/** An AccessBindingMember that grants payload access to one service account. */
export function compliantBindingMember(): Record<string, unknown> {
  return {
    secretId: SECRET_ID,
    role: "lockbox.payloadViewer",
    member: APP_MEMBER,
    __provider: PROVIDER_CODE,
  };
}

/** A KMS key that rotates every 30 days and is protected from deletion. */
export function compliantKmsKey(): Record<string, unknown> {
  return {
    folderId: "b1gfolder00000000000",
    name: "secrets-key",
    defaultAlgorithm: "AES_256",
    rotationPeriod: "2592000s",
    deletionProtection: true,
    __provider: PROVIDER_CODE,
  };
}
