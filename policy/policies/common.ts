/**
 * Helpers shared by every Lockbox policy: the include/exclude guard, configuration with defaults,
 * and reads that tolerate values unknown during `pulumi preview`.
 */
import {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";

export {
  ACCESS_BINDING_MEMBER_TYPE,
  ACCESS_BINDING_TYPE,
  KMS_SYMMETRIC_KEY_TYPE,
  SECRET_TYPE,
  SECRET_VERSION_TYPE,
} from "../../sdk/types";

/** Type-token prefix of the dynamic resources of the pulumi-lockbox Node SDK. */
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/lockbox:";
/** Type-token prefix of the resources of the native `lockbox` provider plugin. */
const NATIVE_PREFIX = "lockbox:index:";

/**
 * The Lockbox resource kind a type token names (`Secret`, `SecretVersion`, ...), the same for the
 * dynamic resource (`pulumi-nodejs:dynamic/lockbox:Secret`) and the native provider's resource
 * (`lockbox:index:Secret`); undefined for any other type.
 */
export function lockboxKind(type: string): string | undefined {
  for (const prefix of [DYNAMIC_PREFIX, NATIVE_PREFIX]) {
    if (type.startsWith(prefix) && type.length > prefix.length) return type.slice(prefix.length);
  }
  return undefined;
}

/**
 * True when `type` is the Lockbox kind of `kindType` (one of the `*_TYPE` tokens), through either
 * path: a policy written for `SECRET_TYPE` checks `lockbox:index:Secret` too.
 */
export function isKind(type: string, kindType: string): boolean {
  const kind = lockboxKind(type);
  return kind !== undefined && kind === lockboxKind(kindType);
}

/** True for a resource of the native provider plugin (`lockbox:index:*`). */
export function isNative(type: string): boolean {
  return type.startsWith(NATIVE_PREFIX);
}

/** Marks a value that the engine does not know yet (an output of a resource not created yet). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/** A value read from resource properties: the value itself, or `UNKNOWN` during preview. */
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * Runs `read` and returns `UNKNOWN` when it touches a preview-time unknown value.
 *
 * The policy SDK wraps props in a proxy that throws `UnknownValueError` on such a read; left
 * uncaught, the SDK turns it into an advisory "can't run policy during preview" note. Policies
 * catch it instead, skip the check that needs the value, and run it for real during `pulumi up`,
 * when the engine analyzes the resolved inputs before creating the resource.
 */
export function known<T>(read: () => T): Maybe<T> {
  try {
    return read();
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}

/** Returns each element of a (possibly proxied) array, with unknown elements as `UNKNOWN`. */
export function knownElements(list: readonly unknown[]): Maybe<unknown>[] {
  const out: Maybe<unknown>[] = [];
  for (let i = 0; i < list.length; i++) out.push(known(() => list[i]));
  return out;
}

/** Returns each `[key, value]` of a (possibly proxied) map, with unknown values as `UNKNOWN`. */
export function knownEntries(map: object): [string, Maybe<unknown>][] {
  return Object.keys(map).map((k) => [k, known(() => (map as Record<string, unknown>)[k])]);
}

/** True for a plain object (a JSON map), false for arrays, strings and `UNKNOWN`. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Options every policy accepts: which resources it applies to. */
export interface SelectionConfig {
  /** Logical names or URNs to check; when non-empty, every other resource is skipped. */
  includeResources?: string[];
  /** Logical names or URNs never to check (a documented exception). */
  excludeResources?: string[];
}

/** JSON schema of the {@link SelectionConfig} options, merged into each policy's config schema. */
export function selectionSchema(): PolicyConfigSchema["properties"] {
  return {
    includeResources: {
      type: "array",
      items: { type: "string" },
      description: "Logical names or URNs to check; when non-empty, every other resource is skipped.",
    },
    excludeResources: {
      type: "array",
      items: { type: "string" },
      description: "Logical names or URNs that this policy never checks.",
    },
  };
}

/** The shared include/exclude guard: true when the policy should evaluate this resource. */
export function isSelected(resource: { name: string; urn: string }, config: SelectionConfig): boolean {
  const matches = (list: string[] | undefined): boolean =>
    (list ?? []).some((entry) => entry === resource.name || entry === resource.urn);
  if ((config.includeResources ?? []).length > 0 && !matches(config.includeResources)) return false;
  return !matches(config.excludeResources);
}

/**
 * The policy's configuration with its schema's defaults filled in. The CLI applies schema defaults
 * when it configures the pack, but a pack run without configuration (or a unit test) gets `{}`, so
 * the defaults are read from the one place they are written: the policy's `configSchema`.
 */
export function configOf<T extends object>(
  args: { getConfig<C extends object>(): C },
  schema: PolicyConfigSchema | undefined,
): T {
  const out: Record<string, unknown> = {};
  for (const [k, prop] of Object.entries(schema?.properties ?? {})) {
    if (typeof prop === "object" && prop.default !== undefined) out[k] = prop.default;
  }
  for (const [k, v] of Object.entries(args.getConfig<Record<string, unknown>>())) {
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out as T;
}

/** What a Lockbox resource policy declares; {@link resourcePolicy} adds the shared guard around `validate`. */
export interface ResourcePolicySpec<C extends SelectionConfig> {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  /** JSON schema of the policy's own options; the include/exclude options are added after them. */
  options?: PolicyConfigSchema["properties"];
  /** Whether the policy checks resources of this type. */
  appliesTo(type: string): boolean;
  /** Checks one resource that `appliesTo` and the include/exclude options select. */
  validate(args: ResourceValidationArgs, config: C, reportViolation: ReportViolation): void;
}

/**
 * A resource validation policy with the guard every Lockbox policy shares: resources of other types
 * and resources the include/exclude options leave out are skipped; `validate` gets the configuration
 * with the schema's defaults filled in.
 */
export function resourcePolicy<C extends SelectionConfig = SelectionConfig>(
  spec: ResourcePolicySpec<C>,
): ResourceValidationPolicy {
  const policy: ResourceValidationPolicy = {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    configSchema: { properties: { ...spec.options, ...selectionSchema() } },
    validateResource: (args, reportViolation) => {
      if (!spec.appliesTo(args.type)) return;
      const config = configOf<C>(args, policy.configSchema);
      if (!isSelected(args, config)) return;
      spec.validate(args, config, reportViolation);
    },
  };
  return policy;
}

/**
 * Seconds in a google.protobuf.Duration string such as "604800s" (docs/lockbox-api.md#wire-format),
 * or undefined when the text is not one (the provider's own check reports malformed durations).
 */
export function durationSeconds(text: unknown): number | undefined {
  if (typeof text !== "string" || !/^\d+(\.\d{1,9})?s$/.test(text)) return undefined;
  return Number(text.slice(0, -1));
}

/** Quotes a name or value for a message. */
export function q(text: string): string {
  return JSON.stringify(text);
}

/** Joins quoted items as "a", "b" and "c". */
export function list(items: readonly string[]): string {
  const quoted = items.map(q);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
