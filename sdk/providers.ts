/**
 * The dynamic providers the SDK classes register. They are serialized into every resource's state
 * (`__provider`), so they are thin on purpose: each method requires the lifecycle module by package
 * name when it runs, in the provider process, and captures nothing — no client, no schema, no
 * credential, no config (docs/conventions.md#provider-code-is-serialized).
 */
import type * as pulumi from "@pulumi/pulumi";

/** @internal The package path every provider method requires (mapped to dist/ by package.json "exports"). */
export const LIFECYCLE_MODULE = "pulumi-lockbox/provider/lifecycle";

// Each method names the module path literally: a captured constant would be serialized with it,
// and a relative path would resolve against the provider process's cwd
// (docs/pulumi-engine.md#serialized-provider-code). The only value a provider captures is `kind`, the name of
// its resource's lifecycle (a short string).

/** The lifecycle objects of provider/lifecycle, one per resource type. */
type LifecycleKind =
  | "secret"
  | "secretVersion"
  | "accessBinding"
  | "accessBindingMember"
  | "kmsSymmetricKey"
  | "kmsKeyAccessBinding"
  | "kmsKeyAccessBindingMember";

/** A provider whose methods forward to `lifecycle[kind]`; `update` only where a change can be made in place. */
function thinProvider(kind: LifecycleKind, updatable: boolean): pulumi.dynamic.ResourceProvider {
  const provider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
      return require("pulumi-lockbox/provider/lifecycle").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-lockbox/provider/lifecycle").checkResource(kind, olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-lockbox/provider/lifecycle").diffResource(kind, id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-lockbox/provider/lifecycle").createResource(kind, inputs);
    },
    async read(id, props) {
      return require("pulumi-lockbox/provider/lifecycle").readResource(kind, id, props);
    },
    async delete(id, props) {
      return require("pulumi-lockbox/provider/lifecycle").deleteResource(kind, id, props);
    },
  };
  if (updatable) {
    provider.update = async (id, olds, news) =>
      require("pulumi-lockbox/provider/lifecycle").updateResource(kind, id, olds, news);
  }
  return provider;
}

/** @internal Provider of `lockbox.Secret`. */
export const secretProvider = thinProvider("secret", true);

/** @internal Provider of `lockbox.SecretVersion`. */
export const secretVersionProvider = thinProvider("secretVersion", true);

/** @internal Provider of `lockbox.AccessBinding`. */
export const accessBindingProvider = thinProvider("accessBinding", true);

/** @internal Provider of `lockbox.AccessBindingMember` (every change replaces, so no update). */
export const accessBindingMemberProvider = thinProvider("accessBindingMember", false);

/** @internal Provider of `lockbox.KmsSymmetricKey` (only a folder move replaces). */
export const kmsSymmetricKeyProvider = thinProvider("kmsSymmetricKey", true);

/** @internal Provider of `lockbox.KmsKeyAccessBinding`. */
export const kmsKeyAccessBindingProvider = thinProvider("kmsKeyAccessBinding", true);

/** @internal Provider of `lockbox.KmsKeyAccessBindingMember` (every change replaces, so no update). */
export const kmsKeyAccessBindingMemberProvider = thinProvider("kmsKeyAccessBindingMember", false);
