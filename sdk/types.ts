/**
 * Pulumi type tokens of the Lockbox dynamic resources. Dependency-free on purpose: the policy pack
 * imports this file without pulling in a second copy of @pulumi/pulumi.
 */

/** The module every Lockbox dynamic resource registers under. */
export const MODULE = "lockbox";

/** Type token of `lockbox.Secret`. */
export const SECRET_TYPE = "pulumi-nodejs:dynamic/lockbox:Secret";
/** Type token of `lockbox.SecretVersion`. */
export const SECRET_VERSION_TYPE = "pulumi-nodejs:dynamic/lockbox:SecretVersion";
/** Type token of `lockbox.AccessBinding` (authoritative members of one role on one secret). */
export const ACCESS_BINDING_TYPE = "pulumi-nodejs:dynamic/lockbox:AccessBinding";
/** Type token of `lockbox.AccessBindingMember` (one additive member). */
export const ACCESS_BINDING_MEMBER_TYPE = "pulumi-nodejs:dynamic/lockbox:AccessBindingMember";
/** Type token of `lockbox.KmsSymmetricKey`. */
export const KMS_SYMMETRIC_KEY_TYPE = "pulumi-nodejs:dynamic/lockbox:KmsSymmetricKey";
/** Type token of `lockbox.KmsKeyAccessBinding` (authoritative members of one role on one KMS key). */
export const KMS_KEY_ACCESS_BINDING_TYPE = "pulumi-nodejs:dynamic/lockbox:KmsKeyAccessBinding";
/** Type token of `lockbox.KmsKeyAccessBindingMember` (one additive member of a role on a KMS key). */
export const KMS_KEY_ACCESS_BINDING_MEMBER_TYPE = "pulumi-nodejs:dynamic/lockbox:KmsKeyAccessBindingMember";
