/**
 * Set-up for the end-to-end suites of the native `lockbox` provider plugin: the real parts they need
 * (the YAML language host, the plugin on the engine's PATH) and YAML programs in temporary
 * directories. A missing part is an error naming the command that provides it, never a skip.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Context } from "mocha";
import { onCleanup } from "./hooks";
import { createStack, repoRoot, type PulumiStack } from "./pulumi";
import { missingRealPart } from "./real-parts";
import { FOLDER, type LocalWorld } from "./world";

/** The plugin's executable as `npm install` links it (scripts/link-self.js does it here). */
export const PLUGIN_BIN = path.join(repoRoot, "node_modules", ".bin", "pulumi-resource-lockbox");
/** Pulumi's YAML language host, built by `npm run pulumi:build` (scripts/pulumi-yaml-build.js). */
export const YAML_HOST_BIN = path.join(repoRoot, ".tools", "bin", "pulumi-language-yaml");

/** Throws, naming the fix, when the plugin or its build is missing. */
export function requirePlugin(): void {
  if (!fs.existsSync(PLUGIN_BIN)) {
    throw new Error(
      `${PLUGIN_BIN} is missing: run \`npm install\` (its prepare step links the plugin) or \`node scripts/link-self.js\``,
    );
  }
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "main.js"))) {
    throw new Error("dist/ has no native provider: run `npm run build` first");
  }
}

/** Fails the suite (through {@link missingRealPart}), naming the fix, when the YAML language host is missing. */
export function requireYamlHost(ctx: Context): void {
  if (!fs.existsSync(YAML_HOST_BIN)) {
    missingRealPart(
      ctx,
      "go",
      `${YAML_HOST_BIN} is missing: run \`npm run pulumi:build\` (it builds pulumi-language-yaml from the Go module proxy; Go is needed)`,
    );
  }
}

/** A YAML program in a fresh temporary directory (removed at cleanup). */
export function yamlProgram(name: string, body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lockbox-yaml-${name}-`));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: lockbox-e2e-${name}\nruntime: yaml\n${body}`);
  return dir;
}

/** A copy of a program directory (so a test can edit it) in a fresh temporary directory. */
export function copyProgram(from: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-yaml-copy-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** A stack of `dir` whose default lockbox provider talks to `world` with its root token. */
export function worldStack(
  world: LocalWorld,
  dir: string,
  config: Record<string, string> = {},
  secrets: Record<string, string> = {},
): Promise<PulumiStack> {
  return createStack({
    programDir: dir,
    config: { "lockbox:endpoint": world.url, "lockbox:folderId": FOLDER, ...config },
    secrets: { "lockbox:token": world.rootToken, ...secrets },
  });
}

/** The `same` steps of a `pulumi preview --json`, and every other step as `<op> <type>`. */
export function changes(json: unknown): string[] {
  const steps = ((json as { steps?: { op: string; type?: string; urn: string }[] } | undefined)?.steps ??
    []) as { op: string; urn: string }[];
  return steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.urn.split("::")[2] ?? s.urn}::${s.urn.split("::")[3] ?? ""}`);
}
