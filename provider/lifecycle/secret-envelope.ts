/**
 * A Pulumi secret as the engine encodes it in property values: `{ "<sig key>": "<secret sig>", value }`.
 * The engine stores a value a provider returns so wrapped as a secret
 * (docs/pulumi-engine.md#native-provider-protocol). Both hosts share this encoding: the lifecycle
 * returns the values hash wrapped, and the native host unwraps and wraps every property.
 */

/** The key that marks a special value in the engine's property encoding. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Whether `v` is an encoded secret. */
export function isSecret(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `value` wrapped as a secret. */
export function asSecret<T>(value: T): { [SIG_KEY]: string; value: T } {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** `value` without its secret envelope, if it has one. */
export function plain(value: unknown): unknown {
  return isSecret(value) ? value.value : value;
}
