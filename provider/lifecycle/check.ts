/**
 * Helpers every `check` uses: skip preview-time unknowns, turn zod issues into CheckFailures.
 * `check` never throws (docs/pulumi-engine.md#check-and-unknown-values): a thrown error would hide the other
 * failures.
 */
import type { z } from "zod";

/**
 * The value the engine sends for an input that is not known yet during preview
 * (docs/pulumi-engine.md#check-and-unknown-values).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A `check` failure: the input property and a sentence saying what is wrong. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Whether a value is, or contains anywhere inside it, the preview unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The named fields of `inputs` that are known, without any that contain an unknown. Validation runs
 * on these only; unknown fields are checked again at `up`, when their values arrive.
 */
export function knownFields(
  inputs: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = inputs[f];
    if (v === undefined || v === null || containsUnknown(v)) continue;
    out[f] = v;
  }
  return out;
}

/** Converts zod issues to failures, naming the property as a dotted path (`labels.Env`). */
export function failuresFromZod(error: z.ZodError, rename: Record<string, string> = {}): CheckFailure[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const head = path[0] !== undefined ? (rename[path[0]] ?? path[0]) : "";
    const property = [head, ...path.slice(1)].filter((p) => p !== "").join(".");
    return { property, reason: issue.message };
  });
}

/** Parses `value` with `schema` and returns the failures (none when it parses). */
export function validate(
  schema: z.ZodType,
  value: unknown,
  rename: Record<string, string> = {},
): CheckFailure[] {
  const r = schema.safeParse(value);
  return r.success ? [] : failuresFromZod(r.error, rename);
}

/**
 * Validates each known field of `inputs` against the same-named field of an object schema's shape,
 * and reports required fields that are absent (unknown ones are fine: they arrive at `up`).
 */
export function validateFields(
  shape: Record<string, z.ZodType>,
  inputs: Record<string, unknown>,
  fields: readonly string[],
  required: readonly string[] = [],
  hints: Record<string, string> = {},
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const f of required) {
    const v = inputs[f];
    if (v === undefined || v === null || v === "") {
      failures.push({ property: f, reason: hints[f] ?? `${f} is required` });
    }
  }
  const known = knownFields(inputs, fields);
  for (const [f, v] of Object.entries(known)) {
    const schema = shape[f];
    if (!schema) continue;
    const r = schema.safeParse(v);
    if (!r.success) {
      for (const issue of r.error.issues) {
        failures.push({ property: [f, ...issue.path.map(String)].join("."), reason: issue.message });
      }
    }
  }
  return failures;
}

/**
 * The failure of an `adopt` input (the id of an existing resource to manage instead of creating
 * one), if it is known and not a well-formed id.
 */
export function adoptFailures(news: Record<string, unknown>, what: string): CheckFailure[] {
  const v = news.adopt;
  if (v === undefined || v === null || containsUnknown(v)) return [];
  if (typeof v !== "string" || !/^[a-z0-9][-a-z0-9]{0,49}$/i.test(v)) {
    return [{ property: "adopt", reason: `adopt must be the id of an existing ${what}` }];
  }
  return [];
}
