/**
 * The native provider's adapter over the lifecycle: each step the engine asks of the
 * `pulumi-resource-lockbox` plugin, on plain property maps (server.ts does the gRPC encoding). It
 * calls the same engine adapter as the dynamic host (provider/lifecycle/adapter.ts) and adds only
 * what the native protocol needs: type tokens to kinds, secrets unwrapped and wrapped again, the
 * provider's folder as the default `folderId`, compound ids, import from an id alone, and the
 * engine's custom timeouts. No property value is ever logged.
 */
import {
  HASH_ON_IMPORT,
  TIMEOUTS_KEY,
  checkResource,
  createResource,
  deleteResource,
  diffResource,
  readResource,
  updateResource,
  type CheckFailure,
} from "../lifecycle";
import { clientOptions, configProblem, configure, configuredSettings, getClient } from "../lifecycle/context";
import { collect } from "../lifecycle/ops";
import { CONFIG_SETTINGS, kindOf, type ResourceKind } from "../kinds";
import { entrySourcesOf } from "./entry-sources";
import { lifecycleId, nativeId, parseId } from "./ids";
import { type Props, unwrap, wrap } from "./values";

/** The kind of a type token, or an error naming the known ones. */
function kindFor(type: string): ResourceKind {
  const kind = kindOf(type);
  if (!kind) throw new Error(`the lockbox provider has no resource type ${JSON.stringify(type)}`);
  return kind;
}

/** Input property names of a kind. */
function inputNames(kind: ResourceKind): string[] {
  return Object.keys(kind.inputs.shape);
}

/** Outputs without the hidden custom timeouts (the native engine passes them with each request). */
function visible(props: Props | undefined): Props {
  const { [TIMEOUTS_KEY]: _t, ...rest } = props ?? {};
  return rest;
}

/** `props` with the engine's timeout of `step` (seconds; 0 is none) as the lifecycle's hidden input. */
function timed(props: Props, step: "create" | "update" | "delete", seconds: number): Props {
  if (!(seconds > 0)) return props;
  return { ...props, [TIMEOUTS_KEY]: { [step]: Math.round(seconds * 1000) } };
}

/** Secret property names: the kind's own plus any that arrived secret. */
function secretNames(kind: ResourceKind, ...arrived: Set<string>[]): Set<string> {
  return new Set([...kind.secrets, ...arrived.flatMap((s) => [...s])]);
}

// ---- provider configuration ----

/** The provider's settings from an explicit provider's arguments or the stack config `lockbox:*`. */
export function settingsFrom(args: Props, variables: Record<string, string> = {}): Record<string, string> {
  const plain = unwrap(args).plain;
  const out: Record<string, string> = {};
  for (const { name } of CONFIG_SETTINGS) {
    const v = plain[name] ?? variables[`lockbox:config:${name}`] ?? variables[`lockbox:${name}`];
    if (v !== undefined && v !== null && v !== "") out[name] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/** Configures the process's client (one plugin process per provider instance). */
export async function configureProvider(args: Props, variables: Record<string, string> = {}): Promise<void> {
  const settings = settingsFrom(args, variables);
  await configure({ config: { get: (key: string) => settings[key.slice("lockbox:".length)] } });
}

/** Validates a provider's settings; the token comes back as a secret, so it is one in state. */
export async function checkConfig(news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const { plain, secrets } = unwrap(news);
  const failures: CheckFailure[] = [];
  try {
    clientOptions(settingsFrom(plain));
  } catch (err) {
    failures.push({ property: "", reason: err instanceof Error ? err.message : String(err) });
  }
  return {
    inputs: wrap(
      plain,
      [...secrets, "token"].filter((k) => plain[k] !== undefined),
    ),
    failures,
  };
}

/** Which settings differ; a provider change never replaces resources. */
export function diffConfig(olds: Props, news: Props): { changes: boolean; diffs: string[] } {
  const o = settingsFrom(olds);
  const n = settingsFrom(news);
  const diffs = CONFIG_SETTINGS.map((s) => s.name).filter((k) => o[k] !== n[k]);
  return { changes: diffs.length > 0, diffs };
}

// ---- resources ----

/** Validates the inputs of `type`; a Secret or key without `folderId` takes the provider's. */
export async function check(type: string, olds: Props, news: Props) {
  const kind = kindFor(type);
  const o = unwrap(olds);
  const n = unwrap(news);
  const inputs = { ...n.plain };
  if ("folderId" in kind.inputs.shape && (inputs.folderId === undefined || inputs.folderId === "")) {
    const folderId = configuredSettings().folderId ?? process.env.YC_FOLDER_ID;
    if (folderId) inputs.folderId = folderId;
  }
  if (kind.kind === "secretVersion" && inputs.entrySources === undefined) {
    const sources = entrySourcesOf(news.entries);
    if (sources) inputs.entrySources = sources;
  }
  const r = await checkResource(kind.kind, o.plain, inputs);
  return { inputs: wrap(r.inputs, secretNames(kind, n.secrets)), failures: r.failures };
}

/** The lifecycle's diff of state (`olds`, outputs) against the checked inputs. */
export async function diff(type: string, id: string, olds: Props, news: Props) {
  const kind = kindFor(type);
  const o = unwrap(olds).plain;
  const n = unwrap(news).plain;
  // An imported version's state cannot know where the program takes its values from; that record
  // (state only, no API call) is not a change to show after an import.
  if (kind.kind === "secretVersion" && o.entrySources === undefined) o.entrySources = n.entrySources;
  const d = (await diffResource(kind.kind, lifecycleId(kind, id), o, n)) as {
    changes?: boolean;
    replaces?: string[];
    changed?: string[];
    deleteBeforeReplace?: boolean;
  };
  return {
    changes: d.changes === true,
    replaces: d.replaces ?? [],
    diffs: [...new Set([...(d.changed ?? []), ...(d.replaces ?? [])])],
    deleteBeforeReplace: d.deleteBeforeReplace === true,
  };
}

/** Creates the resource; its id is the one `pulumi import` takes. */
export async function create(type: string, props: Props, timeoutSeconds = 0) {
  const kind = kindFor(type);
  const { plain, secrets } = unwrap(props);
  const r = await createResource(kind.kind, timed(plain, "create", timeoutSeconds));
  const outs = visible(r.outs);
  return { id: nativeId(kind, r.id, outs), props: wrap(outs, secretNames(kind, secrets)) };
}

/** Updates the resource in place. */
export async function update(type: string, id: string, olds: Props, news: Props, timeoutSeconds = 0) {
  const kind = kindFor(type);
  const o = unwrap(olds);
  const n = unwrap(news);
  const r = await updateResource(
    kind.kind,
    lifecycleId(kind, id),
    o.plain,
    timed(n.plain, "update", timeoutSeconds),
  );
  return { props: wrap(visible(r.outs), secretNames(kind, n.secrets)) };
}

/** Deletes the resource (what deleting means is the lifecycle's: a version is scheduled for destruction). */
export async function remove(type: string, id: string, props: Props, timeoutSeconds = 0): Promise<void> {
  const kind = kindFor(type);
  await deleteResource(
    kind.kind,
    lifecycleId(kind, id),
    timed(unwrap(props).plain, "delete", timeoutSeconds),
  );
}

/** What `read` answers: no id when the resource is gone. */
export interface ReadResult {
  id?: string;
  props?: Props;
  inputs?: Props;
}

/**
 * Refreshes the resource from its state; with no state (`pulumi import`, the `import` option, a
 * static `get`) reads it from its id alone and answers its inputs too.
 */
export async function read(type: string, id: string, props: Props, inputs: Props): Promise<ReadResult> {
  const kind = kindFor(type);
  if (Object.keys(props ?? {}).length === 0) return importRead(kind, id);
  const p = unwrap(props);
  const i = unwrap(inputs);
  const r = await readResource(kind.kind, lifecycleId(kind, id), p.plain);
  if (!r.props) return {};
  const outs = visible(r.props);
  const ins = r.inputs ? visible(r.inputs) : i.plain;
  return {
    id: nativeId(kind, r.id ?? lifecycleId(kind, id), outs),
    props: wrap(outs, secretNames(kind, p.secrets)),
    inputs: wrap(ins, secretNames(kind, i.secrets)),
  };
}

/** The state the lifecycle's `read` needs to find the resource the import id names. */
async function importSeed(kind: ResourceKind, parts: Record<string, string>): Promise<Props> {
  switch (kind.kind) {
    case "secret":
    case "kmsSymmetricKey":
      return {};
    case "accessBinding":
    case "kmsKeyAccessBinding":
      return { ...parts, members: [] };
    case "accessBindingMember":
    case "kmsKeyAccessBindingMember":
      return { ...parts };
    case "secretVersion": {
      const versions = await collect(getClient().secrets.listVersions(parts.secretId!));
      const v = versions.find((x) => x.id === parts.versionId);
      if (!v) throw new Error(`secret ${parts.secretId} has no version ${parts.versionId}`);
      const seed: Props = { secretId: parts.secretId };
      if (v.description) seed.description = v.description;
      // A generated version is declared without entries, so it has no values hash.
      if (!v.passwordPayloadSpecification) seed.valuesHash = HASH_ON_IMPORT;
      return seed;
    }
  }
}

async function importRead(kind: ResourceKind, id: string): Promise<ReadResult> {
  const parts = parseId(kind, id);
  const problem = configProblem();
  if (problem) throw new Error(problem);
  const seed = await importSeed(kind, parts);
  const lid = lifecycleId(kind, id);
  const r = await readResource(kind.kind, lid, seed);
  if (!r.props) {
    throw new Error(
      `lockbox:index:${kind.name}: nothing to import: no resource has the id ${JSON.stringify(id)}`,
    );
  }
  const outs = visible(r.props);
  if (outs.valuesHash === HASH_ON_IMPORT) {
    throw new Error(
      `lockbox:index:${kind.name}: cannot import ${JSON.stringify(id)}: its values cannot be read (it is ` +
        "destroyed, or the caller lacks lockbox.payloadViewer on the secret), so they cannot be compared with the program's",
    );
  }
  const names = inputNames(kind);
  const ins = r.inputs
    ? visible(r.inputs)
    : Object.fromEntries(
        Object.entries(outs).filter(([k]) => names.includes(k) && !kind.secrets.includes(k)),
      );
  return {
    id: nativeId(kind, r.id ?? lid, outs),
    props: wrap(outs, kind.secrets),
    inputs: wrap(ins, kind.secrets),
  };
}
