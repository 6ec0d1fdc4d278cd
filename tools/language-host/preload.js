// @ts-check
"use strict";
// Loaded with `node --require` into every program the language host runs.
//
// Why: when a program fails, @pulumi/pulumi's runner (cmd/run/run.js, uncaughtHandler) formats the
// error with `util.inspect(err, { colors: true })` even for a plain RunError such as a missing config
// value. With colors on, Node's markNodeModules (lib/internal/util/inspect.js, seen in 20.20 and
// 22.23) loops forever on a stack line shaped `node_modules/@scope/file.ts:1:2` (a scoped package
// followed by a file, no further slash) until it throws "RangeError: Invalid string length", which
// the SDK then catches. The source maps of @pulumi/pulumi produce exactly such lines
// (`node_modules/@pulumi/config.ts`), so every such failure burned 25–60 s of CPU before the error
// reached the engine. Inspecting errors without colors skips markNodeModules; the message and
// stack are unchanged, only their ANSI colouring is lost.
const util = require("node:util");

const original = util.inspect;

/**
 * util.inspect, except that errors are never colourised (see above).
 * @this {unknown}
 * @param {unknown} value
 * @param {any[]} rest
 */
function inspect(value, ...rest) {
  const options = rest[0];
  if (value instanceof Error && options !== null && typeof options === "object" && options.colors) {
    rest[0] = { ...options, colors: false };
  }
  return original.call(this, value, ...rest);
}
// Keep util.inspect.custom, .colors, .styles and the .defaultOptions accessor working.
for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(original))) {
  if (key === "length" || key === "name" || key === "prototype") continue;
  Object.defineProperty(inspect, key, descriptor);
}
util.inspect = /** @type {typeof util.inspect} */ (/** @type {unknown} */ (inspect));
