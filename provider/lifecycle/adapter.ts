/**
 * The engine adapter: each step of a resource kind as the engine asks for it, over the kind's
 * lifecycle (kinds.ts). Both hosts are thin adapters over these functions: the dynamic-provider
 * host through `providers.<kind>` (dynamic.ts), the native plugin through provider/native. What is
 * common to both lives here: configuration problems reported by `check`, `adopt` only on first
 * create, custom timeouts.
 */
import { configProblem } from "./context";
import { TIMEOUTS_KEY, timeoutOf, withDeadline } from "./timeouts";
import { type Checked, type Props, lifecycleOf } from "./kinds";

/** Keeps the hidden custom timeouts of `from` in `to`, so later steps (delete) still see them. */
function carryTimeouts<T extends Props | undefined>(to: T, from: Props): T {
  if (to === undefined || from[TIMEOUTS_KEY] === undefined) return to;
  return { ...to, [TIMEOUTS_KEY]: from[TIMEOUTS_KEY] };
}

/**
 * `check` of the resource type `kind`, plus a failure when the provider has no usable credentials or
 * endpoint: `pulumi preview` then says which stack config to set, before any step runs. Drops `adopt`
 * from a resource that already exists.
 */
export async function checkResource(kind: string, olds: Props, news: Props): Promise<Checked> {
  const result = await lifecycleOf(kind).check(olds, news);
  // `adopt` only applies when the resource is first created: once it is in the state (olds has
  // properties), a replacement must create a new resource, not adopt the old one again.
  if (result.inputs.adopt !== undefined && Object.keys(olds ?? {}).some((k) => k !== "__provider")) {
    const { adopt: _adopt, ...inputs } = result.inputs;
    result.inputs = inputs;
  }
  const problem = configProblem();
  return problem ? { ...result, failures: [...result.failures, { property: "", reason: problem }] } : result;
}

/**
 * Resources this process has diffed as replacements, as `kind:id`. The engine checks a replacement
 * again without its old inputs, so its create still carries `adopt` (the old resource's id when it
 * was adopted); such a create must make a new resource, not adopt the one it replaces.
 */
const replacing = new Set<string>();

/** `diff` of `kind`; remembers a replacement for {@link createResource}. */
export async function diffResource(kind: string, id: string, olds: Props, news: Props) {
  const d = (await lifecycleOf(kind).diff(id, olds, news)) as { replaces?: string[] };
  if ((d.replaces ?? []).length > 0) replacing.add(`${kind}:${id}`);
  return d;
}

/** `create` of `kind`, bounded by the resource's custom create timeout. */
export async function createResource(kind: string, given: Props) {
  let inputs = given;
  if (typeof inputs.adopt === "string" && replacing.has(`${kind}:${inputs.adopt}`)) {
    const { adopt: _adopt, ...rest } = inputs;
    inputs = rest;
  }
  const r = await withDeadline("create", timeoutOf(inputs, "create"), () => lifecycleOf(kind).create(inputs));
  return { ...r, outs: carryTimeouts(r.outs, inputs) };
}

/** `update` of `kind`, bounded by the resource's custom update timeout. */
export async function updateResource(kind: string, id: string, olds: Props, news: Props) {
  const lc = lifecycleOf(kind);
  if (!lc.update) throw new Error(`${kind} cannot be updated in place`);
  const r = await withDeadline("update", timeoutOf(news, "update"), () => lc.update!(id, olds, news));
  return { ...r, outs: carryTimeouts(r.outs, news) };
}

/** `read` of `kind`; the refreshed state keeps the custom timeouts. */
export async function readResource(kind: string, id: string, props: Props) {
  const r = await lifecycleOf(kind).read(id, props);
  const out: { id?: string; props?: Props; inputs?: Props } = { ...r };
  if (r.props) out.props = carryTimeouts(r.props, props);
  if (r.inputs) out.inputs = carryTimeouts(r.inputs, props);
  return out;
}

/** `delete` of `kind`, bounded by the custom delete timeout recorded in its state. */
export async function deleteResource(kind: string, id: string, props: Props) {
  await withDeadline("delete", timeoutOf(props, "delete"), () => lifecycleOf(kind).delete(id, props));
}
