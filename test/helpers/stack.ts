/**
 * Programs and stacks for the end-to-end tests of the Lockbox resources: a program directory outside
 * the repository (its node_modules is the repository's) and a stack configured for a lockbox-local.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onCleanup } from "./hooks";
import { createStack, repoRoot, type ExportedResource } from "./pulumi";
import { FOLDER, type LocalWorld } from "./world";

/** A program directory outside the repository whose node_modules is the repository's. */
export function programDir(name: string): { dir: string; write(body: string): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lockbox-prog-${name}-`));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: lockbox-e2e-${name}\nruntime: nodejs\nmain: index.js\n`,
  );
  return {
    dir,
    write(body) {
      fs.writeFileSync(
        path.join(dir, "index.js"),
        `"use strict";\nconst pulumi = require("@pulumi/pulumi");\nconst lockbox = require("pulumi-lockbox");\nconst cfg = new pulumi.Config();\n${body}\n`,
      );
    },
  };
}

/** A stack of a fresh program, configured with the world's endpoint, root token and folder. */
export async function newStack(world: LocalWorld, name: string, secrets: Record<string, string> = {}) {
  const prog = programDir(name);
  prog.write("");
  const stack = await createStack({
    programDir: prog.dir,
    config: { "lockbox:endpoint": world.url, "lockbox:folderId": FOLDER },
    secrets: { "lockbox:token": world.rootToken, ...secrets },
  });
  return { prog, stack };
}

/** The resources of one type in a stack export. */
export function lockboxResources(
  resources: ExportedResource[] | undefined,
  type: string,
): ExportedResource[] {
  return (resources ?? []).filter((r) => r.type === type);
}
