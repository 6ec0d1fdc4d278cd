/**
 * The dynamic providers the SDK classes register. They are serialized into every resource's state
 * (`__provider`), so they are thin on purpose: each method requires the lifecycle module by package
 * name when it runs, in the provider process, and captures nothing — no client, no schema, no
 * credential, no config (style.md §10, pulumi-engine.md §D).
 */
import type * as pulumi from "@pulumi/pulumi";

/** @internal The package path every provider method requires (mapped to dist/ by package.json "exports"). */
export const LIFECYCLE_MODULE = "pulumi-lockbox/provider/lifecycle";

// Each method names the module path literally: a captured constant would be serialized with it,
// and a relative path would resolve against the provider process's cwd (pulumi-engine.md §C2).

/** @internal Provider of `lockbox.Secret`. */
export const secretProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-lockbox/provider/lifecycle").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").secret.check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").secret.diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-lockbox/provider/lifecycle").secret.create(inputs);
  },
  async read(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").secret.read(id, props);
  },
  async update(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").secret.update(id, olds, news);
  },
  async delete(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").secret.delete(id, props);
  },
};

/** @internal Provider of `lockbox.SecretVersion`. */
export const secretVersionProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-lockbox/provider/lifecycle").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").secretVersion.check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").secretVersion.diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-lockbox/provider/lifecycle").secretVersion.create(inputs);
  },
  async read(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").secretVersion.read(id, props);
  },
  async update(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").secretVersion.update(id, olds, news);
  },
  async delete(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").secretVersion.delete(id, props);
  },
};

/** @internal Provider of `lockbox.AccessBinding`. */
export const accessBindingProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-lockbox/provider/lifecycle").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").accessBinding.check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").accessBinding.diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-lockbox/provider/lifecycle").accessBinding.create(inputs);
  },
  async read(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").accessBinding.read(id, props);
  },
  async update(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").accessBinding.update(id, olds, news);
  },
  async delete(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").accessBinding.delete(id, props);
  },
};

/** @internal Provider of `lockbox.AccessBindingMember` (every change replaces, so no update). */
export const accessBindingMemberProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-lockbox/provider/lifecycle").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").accessBindingMember.check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").accessBindingMember.diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-lockbox/provider/lifecycle").accessBindingMember.create(inputs);
  },
  async read(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").accessBindingMember.read(id, props);
  },
  async delete(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").accessBindingMember.delete(id, props);
  },
};

/** @internal Provider of `lockbox.KmsSymmetricKey` (every change replaces, so no update). */
export const kmsSymmetricKeyProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-lockbox/provider/lifecycle").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").kmsSymmetricKey.check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-lockbox/provider/lifecycle").kmsSymmetricKey.diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-lockbox/provider/lifecycle").kmsSymmetricKey.create(inputs);
  },
  async read(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").kmsSymmetricKey.read(id, props);
  },
  async delete(id, props) {
    return require("pulumi-lockbox/provider/lifecycle").kmsSymmetricKey.delete(id, props);
  },
};
