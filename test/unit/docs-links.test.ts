/**
 * The repository explains itself: every reference to a page under docs/ (in code comments and in
 * Markdown) resolves to an existing file and heading, every relative Markdown link resolves, and no
 * file cites documents a clone does not have.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".tools", ".pulumi-state", ".lockbox-local"]);
const TEXT = /\.(ts|js|mjs|md|json|yaml|yml)$/;

/**
 * Private notes a clone does not have, which the code must not cite.
 * Folders still citing them are listed in PENDING_CLEANUP until their comments are rewritten to
 * point at docs/ (remove a folder from the list once it is clean, so it stays clean).
 */
const PRIVATE_REFERENCES = [
  /shared\/reference/,
  /lockbox-api\.md §/,
  /style\.md/,
  /pulumi-engine(\.md)? (notes )?§/,
  /§/,
];
const PENDING_CLEANUP: string[] = [];

/**
 * The pages under docs/ (but its README, a name every folder has), which code must name by their
 * repository path (`docs/kms.md`).
 */
const DOC_PAGES = fs
  .readdirSync(path.join(root, "docs"))
  .filter((name) => name.endsWith(".md") && name !== "README.md")
  .map((name) => name.slice(0, -3));

/** An issue number (`#123`, `issue 123`): the repository explains itself instead of pointing at a tracker. */
const ISSUE_NUMBER = /(^|[\s(\[])#\d+\b|\bissue #?\d/i;

function textFiles(): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (SKIP_DIRS.has(e.name)) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (TEXT.test(e.name) && !e.name.endsWith("package-lock.json")) {
        out.push({ rel: child, text: fs.readFileSync(path.join(root, child), "utf8") });
      }
    }
  };
  walk("");
  return out;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown file, with GitHub's -1, -2 suffixes for repeated headings. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^```/.test(line)) inFence = !inFence;
    const m = !inFence && /^#{1,6} (.+)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1] ?? "");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe("documentation references", () => {
  const files = textFiles();
  const byPath = new Map(files.map((f) => [f.rel, f.text]));

  /** Checks `target` (repository-relative, maybe with #anchor) and returns a problem or undefined. */
  function problem(from: string, target: string): string | undefined {
    const [file = "", anchor] = target.split("#");
    const resolved = path.posix.normalize(file);
    const full = path.join(root, resolved);
    if (!fs.existsSync(full)) return `${from}: ${target} does not exist`;
    if (anchor && resolved.endsWith(".md")) {
      const text = byPath.get(resolved) ?? fs.readFileSync(full, "utf8");
      if (!anchorsOf(text).has(anchor)) return `${from}: ${target} has no heading #${anchor}`;
    }
    return undefined;
  }

  it("computes anchors the way GitHub does", () => {
    assert.equal(slug("Polling and Cancel"), "polling-and-cancel");
    assert.equal(slug("lockbox-local's structure"), "lockbox-locals-structure");
    assert.equal(slug("Get, List and Delete"), "get-list-and-delete");
    assert.deepEqual([...anchorsOf("# A\n## B\n```\n# not a heading\n```\n## B\n")], ["a", "b", "b-1"]);
  });

  it("resolves every docs/*.md reference in code and docs to a file and heading", () => {
    const problems: string[] = [];
    let count = 0;
    for (const { rel, text } of files) {
      for (const m of text.matchAll(/(?:\.\.\/)*docs\/([\w.-]+\.md)(#[\w-]+)?/g)) {
        count++;
        const p = problem(rel, `docs/${m[1]}${m[2] ?? ""}`);
        if (p) problems.push(p);
      }
    }
    assert.ok(count > 20, `found only ${count} references to docs/: is the scan reading the tree?`);
    assert.deepEqual(problems, []);
  });

  it("resolves every relative link in Markdown files", () => {
    const problems: string[] = [];
    for (const { rel, text } of files) {
      if (!rel.endsWith(".md")) continue;
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1] ?? "";
        if (/^[a-z]+:/i.test(target)) continue; // a URL
        if (target.startsWith("#")) {
          const p = problem(rel, `${rel}${target}`);
          if (p) problems.push(p);
          continue;
        }
        const p = problem(rel, path.posix.join(path.posix.dirname(rel), target));
        if (p) problems.push(p);
      }
    }
    assert.deepEqual(problems, []);
  });

  /** Lines (as `file:line: text`) of files outside PENDING_CLEANUP, and not skipped, that `matches`. */
  function linesMatching(matches: (line: string) => boolean, skip: (rel: string) => boolean): string[] {
    const found: string[] = [];
    for (const { rel, text } of files) {
      if (skip(rel) || PENDING_CLEANUP.some((dir) => rel.startsWith(dir))) continue;
      text.split("\n").forEach((line, i) => {
        if (matches(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    return found;
  }
  const self = path.relative(root, __filename).split(path.sep).join("/");

  it("cites no private notes outside the folders still pending clean-up", () => {
    const found = linesMatching(
      (line) => PRIVATE_REFERENCES.some((re) => re.test(line)),
      (rel) => rel === self,
    );
    assert.deepEqual(found, []);
  });

  it("names docs/ pages by their repository path in code, so each reference is checked above", () => {
    const bare = new RegExp(`(^|[^/\\w-])(${DOC_PAGES.join("|")})\\.md`);
    assert.ok(DOC_PAGES.includes("lockbox-api"), "docs/lockbox-api.md is missing");
    assert.deepEqual(
      linesMatching(
        (line) => bare.test(line),
        (rel) => rel.endsWith(".md"),
      ),
      [],
    );
  });

  it("cites no issue numbers outside the folders still pending clean-up", () => {
    const found = linesMatching(
      (line) => ISSUE_NUMBER.test(line),
      (rel) => rel === self,
    );
    assert.deepEqual(found, []);
  });
});
