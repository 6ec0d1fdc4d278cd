/**
 * Small harness for the Lockbox policies: builds the arguments the policy SDK's analyzer server
 * would pass, with props behind the SDK's own unknown-checking proxy, and collects violations.
 * It runs a policy without starting a PolicyPack server (the pulumi-policy `tests/util.ts` idea).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";

/** The policy pack's directory. */
export const POLICY_DIR = path.resolve(__dirname, "../../policy");

// Load @pulumi/policy as the policies resolve it (one copy, a dev dependency of the repository), so
// that `instanceof UnknownValueError` matches.
const packRequire = createRequire(path.join(POLICY_DIR, "package.json"));
// proxy.d.ts is stripped of its internals, so the shape used here is spelled out.
const proxy = packRequire("@pulumi/policy/proxy") as {
  UnknownValueError: abstract new (...args: never[]) => Error;
  unknownCheckingProxy<T>(props: T): T;
  unknownStringValue: string;
  unknownBooleanValue: string;
  unknownNumberValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
};

/**
 * The engine's sentinels for values unknown during preview (an output of a resource that is not
 * created yet). Put one in props to simulate `pulumi preview`.
 */
export const unknown = {
  string: proxy.unknownStringValue as unknown as string,
  boolean: proxy.unknownBooleanValue as unknown as boolean,
  number: proxy.unknownNumberValue as unknown as number,
  array: proxy.unknownArrayValue as unknown as never[],
  object: proxy.unknownObjectValue as unknown as Record<string, never>,
};

const STACK = "urn:pulumi:dev::lockbox-policy-test::";

/** The URN of a resource of `type` named `name`. */
export function urnOf(type: string, name: string): string {
  return `${STACK}${type}::${name}`;
}

function options(): PolicyResource["opts"] {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
}

/** Builds the `ResourceValidationArgs` the analyzer passes for one resource. */
export function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
): ResourceValidationArgs {
  return {
    type,
    name,
    urn: urnOf(type, name),
    props: proxy.unknownCheckingProxy(props),
    opts: options(),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

class NotApplicable extends Error {}

/** What a policy run produced: the violation messages, in order. */
export type Violations = string[];

// The analyzer server turns an UnknownValueError that escapes a policy into an advisory
// "can't run policy during preview" diagnostic; the harness records it so tests can refuse it.
function escaped(err: unknown): string {
  if (err instanceof proxy.UnknownValueError) return `<escaped UnknownValueError: ${err.message}>`;
  if (err instanceof NotApplicable) return "";
  throw err;
}

/** Runs a resource policy's validations on `args` and returns the violation messages. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<Violations> {
  const violations: Violations = [];
  const validations = policy.validateResource;
  const list = validations === undefined ? [] : Array.isArray(validations) ? validations : [validations];
  for (const validate of list) {
    try {
      await validate(args, (message) => violations.push(message));
    } catch (err) {
      const note = escaped(err);
      if (note) violations.push(note);
    }
  }
  return violations;
}

/** A resource of a stack, as a stack policy sees it. */
export interface StackResourceSpec {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Names of resources this one depends on. */
  dependsOn?: string[];
  /** Property name → names of the resources that property's value came from. */
  propertyDependencies?: Record<string, string[]>;
}

/** A violation reported by a stack policy. */
export interface StackViolation {
  message: string;
  urn?: string;
}

/** Runs a stack policy over the resources and returns the violations. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  specs: StackResourceSpec[],
  config: object = {},
): Promise<StackViolation[]> {
  const byName = new Map<string, PolicyResource>();
  for (const spec of specs) {
    byName.set(spec.name, {
      type: spec.type,
      name: spec.name,
      urn: urnOf(spec.type, spec.name),
      props: proxy.unknownCheckingProxy(spec.props),
      opts: options(),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    });
  }
  const lookup = (n: string): PolicyResource => {
    const r = byName.get(n);
    if (!r) throw new Error(`no resource named ${n} in the test stack`);
    return r;
  };
  for (const spec of specs) {
    const r = lookup(spec.name);
    r.dependencies = (spec.dependsOn ?? []).map(lookup);
    for (const [prop, names] of Object.entries(spec.propertyDependencies ?? {})) {
      r.propertyDependencies[prop] = names.map(lookup);
    }
  }
  const violations: StackViolation[] = [];
  try {
    await policy.validateStack(
      {
        resources: [...byName.values()],
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason);
        },
      },
      (message, urn) => violations.push(urn === undefined ? { message } : { message, urn }),
    );
  } catch (err) {
    const note = escaped(err);
    if (note) violations.push({ message: note });
  }
  return violations;
}
