/**
 * How the SDK's resources reach their provider. Pulumi's dynamic-provider host runs a resource's
 * provider from the `__provider` string in its state; ours is a one-line module that requires the
 * lifecycle by package name in the provider process, so state holds no client, schema, credential or
 * config, and the provider code is loaded from the installed package (docs/pulumi-engine.md).
 */
import * as pulumi from "@pulumi/pulumi";

/** The provider objects of provider/lifecycle (`providers.<kind>`), one per resource type. */
export type LifecycleKind =
  | "secret"
  | "secretVersion"
  | "accessBinding"
  | "accessBindingMember"
  | "kmsSymmetricKey"
  | "kmsKeyAccessBinding"
  | "kmsKeyAccessBindingMember";

/**
 * The `__provider` of a resource of `kind`. The dynamic-provider host compiles this string as a
 * module (resolving requires from the program's directory) and calls its `handler()` to get the
 * provider, once per distinct string and process. It is under 100 bytes, where a serialized provider
 * object took 2.6 KB, stored twice per resource (inputs and outputs) and rewritten with every
 * checkpoint. State written by older versions, whose `__provider` is a serialized object calling
 * the lifecycle's per-kind exports, keeps working: those exports stay.
 */
export function providerSource(kind: LifecycleKind): string {
  return `exports.handler = () => require("pulumi-lockbox/provider/lifecycle").providers.${kind};\n`;
}

/**
 * Inputs no resource class exposes as an output. Left out when unset: Pulumi gives every property
 * it is passed an output of its own (with a captured stack trace, the largest per-resource cost of
 * a program under ts-node), and an unset input registers nothing anyway.
 */
const INPUT_ONLY = ["adopt", "__timeouts"] as const;

/**
 * Base of every Lockbox resource: a dynamic resource (type `pulumi-nodejs:dynamic/<module>:<type>`,
 * run by Pulumi's dynamic-provider host) whose provider is {@link providerSource} instead of a
 * serialized closure. Otherwise it registers exactly what `pulumi.dynamic.Resource` registers.
 */
export abstract class LockboxResource extends pulumi.CustomResource {
  protected constructor(
    kind: LifecycleKind,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions | undefined,
    module: string,
    type: string,
  ) {
    if ("__provider" in props) throw new Error("A dynamic resource must not define the __provider key");
    const inputs: pulumi.Inputs = { ...props, __provider: providerSource(kind) };
    for (const key of INPUT_ONLY) if (inputs[key] === undefined) delete inputs[key];
    super(`pulumi-nodejs:dynamic/${module}:${type}`, name, inputs, opts);
  }
}
