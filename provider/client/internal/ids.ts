/**
 * Checks of ids before they go into a path.
 * Private to the client (see README.md).
 */
import { LockboxValidationError } from "../core/errors";

/**
 * Returns `value` when it is a usable resource id (non-empty, at most `max` characters,
 * docs/lockbox-api.md#validation-limits); throws {@link LockboxValidationError} naming the parameter
 * otherwise.
 * @internal
 */
export function requireId(name: string, value: unknown, max = 50): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw new LockboxValidationError(name, [`must be a non-empty string of at most ${max} characters`]);
  }
  return value;
}
