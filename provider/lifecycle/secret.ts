/** Lifecycle of `lockbox.Secret`: one API call per step, a table-driven diff. */
import * as api from "../api";
import { passwordSpecProblems } from "../api/password-rules";
import { type CheckFailure, adoptFailures, containsUnknown, validateFields } from "./check";
import { type DiffTable, clean, diffByTable, readBack } from "./diff";
import { getClient } from "./context";
import { responseOf } from "../client";
import { isFailedPrecondition, isNotFound, mutate, mutateCreate, metadataField } from "./ops";

/** Inputs of a Secret as the SDK registers them. */
export interface SecretInputs {
  folderId: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  kmsKeyId?: string;
  deletionProtection?: boolean;
  passwordPayloadSpecification?: api.PasswordPayloadSpecification;
  /** The id of an existing secret to manage instead of creating one. */
  adopt?: string;
}

/** Outputs of a Secret: its inputs as the service holds them plus what the service computes. */
export interface SecretOutputs extends SecretInputs {
  status: string;
  createdAt?: string;
  currentVersionId?: string;
}

/**
 * Input fields and how a change to each applies (folderId and kmsKeyId cannot be updated,
 * docs/lockbox-api.md#update).
 */
export const SECRET_DIFF: DiffTable = {
  folderId: { change: "replace" },
  kmsKeyId: { change: "replace", empty: "" },
  name: { change: "update", empty: "" },
  description: { change: "update", empty: "" },
  labels: { change: "update", empty: {} },
  deletionProtection: { change: "update", empty: false },
  passwordPayloadSpecification: { change: "update", canonical: canonicalPasswordSpec },
};

const FIELDS = Object.keys(SECRET_DIFF);

/** The fields a Get returns that refresh reads back (every input but the folder). */
const READ_BACK = FIELDS.filter((f) => f !== "folderId");

const SPEC_FLAGS = ["includeUppercase", "includeLowercase", "includeDigits", "includePunctuation"] as const;

/**
 * A password spec with every field at its default dropped (the `include*` flags default to true,
 * length 0 means the service's default, empty punctuation strings mean none), and the length as a
 * number: the service prints int64 lengths as strings and omits unset fields.
 */
export function canonicalPasswordSpec(spec: unknown): unknown {
  if (spec === null || typeof spec !== "object") return spec;
  const s = spec as Record<string, unknown>;
  const out: Record<string, unknown> = { passwordKey: s.passwordKey };
  const length = Number(s.length ?? 0);
  if (length) out.length = length;
  for (const k of SPEC_FLAGS) if (s[k] === false) out[k] = false;
  for (const k of ["includedPunctuation", "excludedPunctuation"]) {
    if (typeof s[k] === "string" && s[k] !== "") out[k] = s[k];
  }
  return out;
}

/** The service's password spec in the program's spelling: the length a number, null flags dropped. */
function specFromService(
  spec: api.Secret["passwordPayloadSpecification"],
): api.PasswordPayloadSpecification | undefined {
  if (!spec) return undefined;
  const out: Record<string, unknown> = { ...spec };
  if (spec.length !== undefined) out.length = Number(spec.length);
  for (const k of SPEC_FLAGS) if (out[k] === null) delete out[k];
  return clean(out) as api.PasswordPayloadSpecification;
}

/**
 * Validates the inputs with the CreateSecretRequest schema, and a well-formed password spec with
 * the rules the service applies (provider/api/password-rules); returns failures, never throws.
 */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  const shape = api.secrets.createSecretRequest().shape as unknown as Record<string, import("zod").ZodType>;
  const failures: CheckFailure[] = validateFields(shape, news, FIELDS, ["folderId"], {
    folderId: "folderId is required: pass folderId, or set the stack config lockbox:folderId or YC_FOLDER_ID",
  });
  failures.push(...adoptFailures(news, "secret"));
  const spec = news.passwordPayloadSpecification;
  const specFailed = failures.some((f) => f.property.startsWith("passwordPayloadSpecification"));
  if (spec !== undefined && spec !== null && !containsUnknown(spec) && !specFailed) {
    for (const p of passwordSpecProblems(spec as api.PasswordPayloadSpecification)) {
      const property = ["passwordPayloadSpecification", p.field].filter((x) => x !== "").join(".");
      failures.push({ property, reason: p.reason });
    }
  }
  return { inputs: news, failures };
}

/** Pure diff over the table above. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const d = diffByTable(SECRET_DIFF, olds, news);
  // The service cannot make a secret generated, or stop it being generated, in place (Update
  // refuses both), so adding or removing the password spec replaces the secret.
  const has = (v: unknown) => v !== undefined && v !== null;
  if (
    d.changed.includes("passwordPayloadSpecification") &&
    has(olds.passwordPayloadSpecification) !== has(news.passwordPayloadSpecification)
  ) {
    d.replaces.push("passwordPayloadSpecification");
  }
  // Names are taken as unique within a folder (left open by the public docs, see
  // docs/lockbox-api.md#what-the-public-documentation-leaves-open;
  // lockbox-local answers ALREADY_EXISTS), so a replacement that keeps its name and folder can only be
  // created after the old one is deleted.
  const name = news.name;
  if (d.replaces.length > 0 && typeof name === "string" && name !== "" && name === olds.name) {
    d.deleteBeforeReplace = news.folderId === olds.folderId;
  }
  return d;
}

function pick(inputs: SecretInputs): SecretInputs {
  const out: SecretInputs = { folderId: inputs.folderId };
  if (inputs.name !== undefined) out.name = inputs.name;
  if (inputs.description !== undefined) out.description = inputs.description;
  if (inputs.labels !== undefined) out.labels = inputs.labels;
  if (inputs.kmsKeyId !== undefined && inputs.kmsKeyId !== "") out.kmsKeyId = inputs.kmsKeyId;
  if (inputs.deletionProtection !== undefined) out.deletionProtection = inputs.deletionProtection;
  if (inputs.passwordPayloadSpecification !== undefined) {
    out.passwordPayloadSpecification = inputs.passwordPayloadSpecification;
  }
  return out;
}

/**
 * Outputs from the service's view of the secret: every field read back from the service (a field the
 * program left unset stays unset while the service holds its default), plus what the service computes.
 */
export function outputsFrom(secret: api.Secret, declared: Partial<SecretInputs>): SecretOutputs {
  const service: Record<string, unknown> = {
    name: secret.name,
    description: secret.description,
    labels: secret.labels,
    kmsKeyId: secret.kmsKeyId,
    deletionProtection: secret.deletionProtection,
    passwordPayloadSpecification: specFromService(secret.passwordPayloadSpecification),
  };
  const out = {
    folderId: secret.folderId,
    ...readBack(SECRET_DIFF, READ_BACK, service, declared as Record<string, unknown>),
    status: secret.status,
  } as SecretOutputs;
  if (secret.createdAt) out.createdAt = secret.createdAt;
  if (secret.currentVersion?.id) out.currentVersionId = secret.currentVersion.id;
  return clean(out);
}

/**
 * Adopts the existing secret `id` instead of creating one: reads it, refuses when a field that cannot
 * change in place (folder, KMS key, being generated) differs from the program, and otherwise updates
 * the fields that differ, so the secret ends up as declared. Nothing changes when it is refused.
 */
async function adopt(id: string, inputs: SecretInputs) {
  let secret: api.Secret;
  try {
    secret = await getClient().secrets.get(id);
  } catch (err) {
    if (isNotFound(err))
      throw new Error(`Secret: cannot adopt ${id}: there is no such secret`, { cause: err });
    throw err;
  }
  const current = outputsFrom(secret, inputs);
  const d = await diff(
    id,
    current as unknown as Record<string, unknown>,
    inputs as unknown as Record<string, unknown>,
  );
  if (d.replaces.length > 0) {
    const found = d.replaces.map((f) =>
      f === "passwordPayloadSpecification"
        ? `passwordPayloadSpecification ${secret.passwordPayloadSpecification ? "set" : "unset"}`
        : `${f} ${JSON.stringify((current as unknown as Record<string, unknown>)[f] ?? "")}`,
    );
    throw new Error(
      `Secret: cannot adopt ${id}: it has ${found.join(", ")}, which the program declares otherwise and ` +
        `which cannot change in place. Declare the secret's own values, or remove adopt to create a new secret`,
    );
  }
  return { id, outs: (await update(id, current, inputs)).outs };
}

/**
 * Creates the secret (a generated-password spec makes the service generate the first version), or
 * adopts an existing one when `adopt` names it.
 */
export async function create(inputs: SecretInputs) {
  if (inputs.adopt) return adopt(inputs.adopt, inputs);
  const body: api.secrets.CreateSecretRequest = { ...pick(inputs) };
  const op = await mutateCreate(
    "Secret",
    (c) => c.secrets.create(body),
    inputs,
    (started) => {
      const id = metadataField(started, "secretId");
      return id ? { id, properties: { ...pick(inputs), status: "CREATING" } } : undefined;
    },
  );
  const secret = responseOf(op, api.secrets.secret);
  const id = secret.id || metadataField(op, "secretId");
  if (!id) throw new Error("the Create secret operation finished without a secret id");
  return { id, outs: outputsFrom(secret, inputs) };
}

/** Refreshes the secret: status, current version and every updatable field, so drift shows. */
export async function read(id: string, props: SecretOutputs) {
  let secret: api.Secret;
  try {
    secret = await getClient().secrets.get(id);
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
  const outs = outputsFrom(secret, props);
  const inputs = pick(outs);
  return { id, props: outs, inputs };
}

/** Updates name, description, labels, deletionProtection and the password spec in one call. */
export async function update(id: string, olds: SecretOutputs, news: SecretInputs) {
  const d = diffByTable(
    SECRET_DIFF,
    olds as unknown as Record<string, unknown>,
    news as unknown as Record<string, unknown>,
  );
  const mask = d.changed.filter((f) =>
    (api.secrets.UPDATABLE_SECRET_FIELDS as readonly string[]).includes(f),
  );
  let secret: api.Secret;
  if (mask.length === 0) {
    secret = await getClient().secrets.get(id);
  } else {
    const body: api.secrets.UpdateSecretRequest = { updateMask: mask.join(",") };
    // A field named in the mask but absent from the body is reset to its default.
    if (mask.includes("name") && news.name !== undefined) body.name = news.name;
    if (mask.includes("description") && news.description !== undefined) body.description = news.description;
    if (mask.includes("labels")) body.labels = news.labels ?? {};
    if (mask.includes("deletionProtection")) body.deletionProtection = news.deletionProtection ?? false;
    if (mask.includes("passwordPayloadSpecification") && news.passwordPayloadSpecification) {
      body.passwordPayloadSpecification = news.passwordPayloadSpecification;
    }
    const op = await mutate((c) => c.secrets.update(id, body));
    secret = responseOf(op, api.secrets.secret);
  }
  return { outs: outputsFrom(secret, news) };
}

/** Deletes the secret; NOT_FOUND counts as done; deletion protection gets a message naming the flag. */
export async function remove(id: string, props: SecretOutputs) {
  try {
    await mutate((c) => c.secrets.delete(id));
  } catch (err) {
    if (isNotFound(err)) return;
    if (isFailedPrecondition(err) || props.deletionProtection) {
      const protectedNow = await getClient()
        .secrets.get(id)
        .then((s) => s.deletionProtection === true)
        .catch(() => false);
      if (protectedNow) {
        throw new Error(
          `Secret ${id} has deletionProtection enabled, so it was not deleted. ` +
            `Set deletionProtection: false on it, run pulumi up, then delete it.`,
          { cause: err },
        );
      }
    }
    throw err;
  }
}
