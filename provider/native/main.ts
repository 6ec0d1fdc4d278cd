/**
 * Entry point of the `pulumi-resource-lockbox` plugin (bin/pulumi-resource-lockbox.js): serves the
 * ResourceProvider protocol on a local port and prints the port, as the engine expects. With
 * `--print-schema` it prints the package schema and exits.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaText } from "../kinds";
import { serve } from "./server";

/**
 * The npm package's version: the plugin's and the schema's version. Found by walking up from this
 * file, so it is the same from the sources (tests) and from dist/.
 */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-lockbox" && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error("cannot find the pulumi-lockbox package.json");
  }
}

/** Runs the plugin with its command-line arguments; never rejects (failures set the exit code). */
export async function main(argv: string[]): Promise<void> {
  try {
    if (argv.includes("--print-schema")) {
      process.stdout.write(schemaText(packageVersion()));
      return;
    }
    // The engine reads the port from the first line of stdout, then talks gRPC to it.
    const port = await serve({ version: packageVersion(), schema: () => schemaText(packageVersion()) });
    process.stdout.write(`${port}\n`);
  } catch (err) {
    process.stderr.write(`pulumi-resource-lockbox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
