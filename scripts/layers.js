// @ts-check
"use strict";
// The layers of this repository and which may import which. `npm run lint` runs this file, and
// test/unit/architecture.test.ts tests it and runs it over the tree. The rules are data: to change
// the architecture, edit LAYERS and MAY_IMPORT below (and the drawing in README.md).
//
// A layer is a path prefix; a file belongs to the layer with the longest matching prefix. An import
// is checked when it resolves inside the repository (a relative path, `dist/<path>` for the built
// output, or this package's own name, mapped through package.json "exports"); imports of other
// packages and built-ins are not checked here. A layer may always import itself.
const fs = require("node:fs");
const path = require("node:path");

/** Layers by path prefix (relative to the repository root, `/`-separated). */
const LAYERS = [
  "provider/api",
  "provider/client",
  "provider/lifecycle",
  "provider",
  "sdk/types",
  "sdk",
  "server",
  "policy",
  "examples",
  "bench",
  "test",
  "tools",
  "scripts",
  "bin",
];

/**
 * What each layer may import besides itself. `"*"` allows every layer. When a top-level `api/`
 * takes over the wire contract, add an "api" layer, let "provider/api" re-export it, and replace
 * "provider/api" by "api" in the server's list.
 * @type {Record<string, readonly string[]>}
 */
const MAY_IMPORT = {
  // The wire contract: zod schemas and types, nothing of ours.
  "provider/api": [],
  "provider/client": ["provider/api"],
  "provider/lifecycle": ["provider/api", "provider/client"],
  provider: ["provider/api", "provider/client", "provider/lifecycle"],
  // Type tokens only: policies import them without the SDK's runtime.
  "sdk/types": [],
  sdk: ["sdk/types", "provider/api", "provider/client", "provider/lifecycle", "provider"],
  // lockbox-local shares the wire contract, and nothing else, with the provider.
  server: ["provider/api"],
  policy: ["sdk/types"],
  examples: ["sdk", "sdk/types"],
  bench: ["provider/api", "provider/client", "server", "sdk", "test"],
  test: ["*"],
  tools: [],
  scripts: [],
  // The plugin executable loads the native provider (provider/native) from dist/.
  bin: ["server", "provider"],
};

/** Package subpaths of this package (package.json "exports") and the folder each one loads. */
const SELF_EXPORTS = {
  "": "sdk",
  "/sdk": "sdk",
  "/provider": "provider",
  "/provider/client": "provider/client",
  "/provider/api": "provider/api",
  "/provider/lifecycle": "provider/lifecycle",
  "/server": "server",
};

const SELF_NAME = "pulumi-lockbox";

/** Folders never scanned. */
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".tools", ".pulumi-state", ".lockbox-local"]);

/**
 * The module specifiers a TypeScript or JavaScript source imports: `import … from "x"`,
 * `import "x"`, `export … from "x"`, `import x = require("x")`, `require("x")` and `import("x")`
 * with a string literal. Comments, strings and template literals are skipped, so an import
 * written inside them is not one.
 * @param {string} source
 * @returns {string[]}
 */
function importsOf(source) {
  const code = blankCommentsAndStrings(source);
  /** @type {string[]} */
  const found = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?(["'])/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*(["'])/g,
    /(?<![\w$.])require\s*\(\s*(["'])/g,
    /(?<![\w$.])import\s*\(\s*(["'])/g,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      const start = (m.index ?? 0) + m[0].length;
      const quote = m[1];
      const end = source.indexOf(/** @type {string} */ (quote), start);
      if (end > start) found.push(source.slice(start, end));
    }
  }
  return found;
}

/**
 * Returns `source` with comments and the insides of strings and template literals replaced by
 * spaces (quotes kept), so positions still match the original text. A regular-expression literal
 * is not recognised; a quote inside one may hide the rest of its line, which is acceptable for a
 * lint of import statements.
 * @param {string} source
 */
function blankCommentsAndStrings(source) {
  const out = source.split("");
  let i = 0;
  const n = source.length;
  const blank = (/** @type {number} */ from, /** @type {number} */ to) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== "\n") out[k] = " ";
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < n && source[j] !== c) {
        if (source[j] === "\\") j++;
        else if (c !== "`" && source[j] === "\n") break;
        j++;
      }
      // Keep the quotes: importsOf needs to see where a specifier starts.
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join("");
}

/**
 * The layer of a repository-relative path, or undefined outside every layer.
 * @param {string} relPath `/`-separated, relative to the repository root
 */
function layerOf(relPath) {
  let best;
  for (const layer of LAYERS) {
    if (relPath === layer || relPath.startsWith(`${layer}/`) || relPath.startsWith(`${layer}.`)) {
      if (best === undefined || layer.length > best.length) best = layer;
    }
  }
  return best;
}

/**
 * The repository path an import refers to, or undefined when it is another package or a built-in.
 * @param {string} fromRel the importing file, repository-relative
 * @param {string} specifier
 */
function targetOf(fromRel, specifier) {
  if (specifier === SELF_NAME || specifier.startsWith(`${SELF_NAME}/`)) {
    const sub = specifier.slice(SELF_NAME.length);
    const exact = /** @type {Record<string, string>} */ (SELF_EXPORTS)[sub];
    return exact ?? sub.slice(1);
  }
  if (!specifier.startsWith(".")) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), specifier));
  if (joined.startsWith("..")) return joined;
  return joined.startsWith("dist/") ? joined.slice("dist/".length) : joined;
}

/**
 * Checks imports against the rules.
 * @param {{ path: string, source: string }[]} files repository-relative paths and their text
 * @param {Record<string, readonly string[]>} [rules]
 * @returns {{ file: string, specifier: string, from: string, to: string }[]} the wrong-way imports
 */
function violations(files, rules = MAY_IMPORT) {
  /** @type {{ file: string, specifier: string, from: string, to: string }[]} */
  const found = [];
  for (const file of files) {
    const from = layerOf(file.path);
    if (from === undefined) continue;
    const allowed = rules[from] ?? [];
    for (const specifier of importsOf(file.source)) {
      const target = targetOf(file.path, specifier);
      if (target === undefined) continue;
      const to = target.startsWith("..") ? "(outside the repository)" : layerOf(target);
      if (to === undefined || to === from || allowed.includes("*") || allowed.includes(to)) continue;
      found.push({ file: file.path, specifier, from, to });
    }
  }
  return found;
}

/** Folders whose modules must not import each other in a cycle (type-only imports count too). */
const CYCLE_FREE = ["server"];

/**
 * The import cycles among the files under `prefix`: each as the list of files around it, starting
 * at its smallest path. Imports resolve as TypeScript does: `x`, `x.ts`, `x.js`, `x/index.ts`.
 * @param {{ path: string, source: string }[]} files repository-relative paths and their text
 * @param {string} prefix e.g. "server"
 * @returns {string[][]}
 */
function cycles(files, prefix) {
  const inside = files.filter((f) => f.path.startsWith(`${prefix}/`));
  const known = new Set(inside.map((f) => f.path));
  /** @param {string} target */
  const resolve = (target) =>
    [target, `${target}.ts`, `${target}.js`, `${target}/index.ts`, `${target}/index.js`].find((c) =>
      known.has(c),
    );
  /** @type {Map<string, string[]>} */
  const edges = new Map();
  for (const f of inside) {
    const to = importsOf(f.source)
      .map((spec) => targetOf(f.path, spec))
      .map((t) => (t === undefined ? undefined : resolve(t)))
      .filter((t) => t !== undefined);
    edges.set(f.path, [...new Set(/** @type {string[]} */ (to))].sort());
  }
  // Depth-first search; a back edge to a file on the stack closes a cycle.
  /** @type {string[][]} */
  const found = [];
  const seen = new Set();
  /** @type {Map<string, number>} */
  const onStack = new Map();
  /** @type {string[]} */
  const stack = [];
  /** @param {string} node */
  const visit = (node) => {
    seen.add(node);
    onStack.set(node, stack.length);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const at = onStack.get(next);
      if (at !== undefined) {
        const loop = stack.slice(at);
        const first = loop.indexOf([...loop].sort()[0] ?? "");
        found.push([...loop.slice(first), ...loop.slice(0, first)]);
      } else if (!seen.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(node);
  };
  for (const node of [...edges.keys()].sort()) if (!seen.has(node)) visit(node);
  return found;
}

/**
 * Every .ts and .js source of the repository (not node_modules, dist or tool output).
 * @param {string} root
 * @returns {{ path: string, source: string }[]}
 */
function sourceFiles(root) {
  /** @type {{ path: string, source: string }[]} */
  const files = [];
  /** @param {string} rel */
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (SKIP_DIRS.has(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        files.push({ path: child, source: fs.readFileSync(path.join(root, child), "utf8") });
      }
    }
  };
  walk("");
  return files;
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const files = sourceFiles(root);
  const bad = violations(files);
  for (const v of bad) {
    console.error(`${v.file}: imports "${v.specifier}" (${v.from} must not import ${v.to})`);
  }
  const loops = CYCLE_FREE.flatMap((prefix) => cycles(files, prefix));
  for (const loop of loops) console.error(`import cycle: ${[...loop, loop[0]].join(" -> ")}`);
  if (bad.length > 0 || loops.length > 0) {
    console.error(
      `${bad.length} import(s) against the layer rules and ${loops.length} import cycle(s) (scripts/layers.js)`,
    );
    process.exit(1);
  }
}

module.exports = {
  LAYERS,
  MAY_IMPORT,
  CYCLE_FREE,
  importsOf,
  layerOf,
  targetOf,
  violations,
  cycles,
  sourceFiles,
};
