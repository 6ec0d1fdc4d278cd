/**
 * Runs SDK code under `pulumi.runtime.setMocks` and records every registration, including the
 * resource options the Mocks API drops (docs/pulumi-engine.md#unit-tests-with-mocks):
 * additionalSecretOutputs.
 */
import * as pulumi from "@pulumi/pulumi";

// The Pulumi runtime keeps its state in `global.globalStore`, created on first use. Creating it while
// test files load (before mocha snapshots globals) keeps --check-leaks from flagging it.
(require("@pulumi/pulumi/runtime/state") as { getGlobalStore(): unknown }).getGlobalStore();

/** One registration as the engine would receive it. */
export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a deserialized input is a secret envelope. */
export function isSecretEnvelope(v: unknown): v is { value: unknown } {
  return (
    typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE_SIG
  );
}

/** Installs mocks whose resources echo their inputs (plus `outputs`) and returns the registrations. */
export async function installMocks(
  outputs: (type: string, inputs: Record<string, unknown>) => Record<string, unknown> = () => ({}),
  config: Record<string, string> = {},
): Promise<Registered[]> {
  const registered: Registered[] = [];
  const mocksModule = require("@pulumi/pulumi/runtime/mocks") as {
    MockMonitor: { prototype: { registerResource: (req: unknown, cb: unknown) => Promise<void> } };
  };
  const proto = mocksModule.MockMonitor.prototype as {
    registerResource: (req: unknown, cb: unknown) => Promise<void>;
    __wrapped?: boolean;
  };
  if (!proto.__wrapped) {
    const original = proto.registerResource;
    proto.registerResource = async function (this: unknown, req: unknown, cb: unknown) {
      const r = req as { getType(): string; getName(): string; getAdditionalsecretoutputsList(): string[] };
      pending.set(`${r.getType()}::${r.getName()}`, r.getAdditionalsecretoutputsList());
      return original.call(this, req, cb);
    };
    proto.__wrapped = true;
  }
  for (const [k, v] of Object.entries(config)) pulumi.runtime.setConfig(k, v);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          additionalSecretOutputs: pending.get(`${args.type}::${args.name}`) ?? [],
        });
        // Like the engine, return the outputs named in additionalSecretOutputs as secrets (the Mocks
        // API would otherwise return them in the clear).
        const state: Record<string, unknown> = { ...args.inputs, ...outputs(args.type, args.inputs) };
        for (const name of pending.get(`${args.type}::${args.name}`) ?? []) {
          if (name in state) state[name] = { [SECRET_SIG]: SECRET_VALUE_SIG, value: state[name] };
        }
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        return args.inputs;
      },
    },
    "project",
    "stack",
    false,
  );
  return registered;
}

const pending = new Map<string, string[]>();

/** Resolves an Output's value (test-only; uses the Output's promise). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}
