/**
 * The dynamic-provider host's adapter: one provider object per resource kind, as Pulumi's
 * dynamic-provider host calls it, forwarding each step to the engine adapter (adapter.ts).
 */
import { configure } from "./context";
import { type Lifecycle, lifecycleOf } from "./kinds";
import {
  checkResource,
  createResource,
  deleteResource,
  diffResource,
  readResource,
  updateResource,
} from "./adapter";

/** A provider object as the dynamic-provider host calls it: a lifecycle plus `configure`. */
interface KindProvider extends Lifecycle {
  configure: typeof configure;
}

/** The provider of `kind`: its lifecycle through the engine adapter; `update` where it has one. */
function providerOf(kind: string): KindProvider {
  const provider: KindProvider = {
    configure,
    check: (olds, news) => checkResource(kind, olds, news),
    diff: (id, olds, news) => diffResource(kind, id, olds, news),
    create: (inputs) => createResource(kind, inputs),
    read: (id, props) => readResource(kind, id, props),
    delete: (id, props) => deleteResource(kind, id, props),
  };
  if (lifecycleOf(kind).update) provider.update = (id, olds, news) => updateResource(kind, id, olds, news);
  return provider;
}

/**
 * The provider of each resource kind, as the dynamic-provider host calls it. The SDK's `__provider`
 * source is `exports.handler = () => require("pulumi-lockbox/provider/lifecycle").providers.<kind>`.
 * State written by older versions calls the per-kind objects (kinds.ts) and the *Resource functions
 * (adapter.ts) directly from a serialized provider, so those stay exported too.
 */
export const providers = {
  secret: providerOf("secret"),
  secretVersion: providerOf("secretVersion"),
  accessBinding: providerOf("accessBinding"),
  accessBindingMember: providerOf("accessBindingMember"),
  kmsSymmetricKey: providerOf("kmsSymmetricKey"),
  kmsKeyAccessBinding: providerOf("kmsKeyAccessBinding"),
  kmsKeyAccessBindingMember: providerOf("kmsKeyAccessBindingMember"),
};
