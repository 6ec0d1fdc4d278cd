/**
 * A real headless Chromium for the console's browser tests: Debian's `chromium` package, driven by
 * playwright-core through its `executablePath` (playwright-core never downloads a browser). When
 * Chromium is missing, scripts/ensure-chromium.js installs it with apt-get (as root); where that is
 * impossible the suite fails with the reason (helpers/real-parts.ts: LOCKBOX_TEST_ALLOW_MISSING).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BrowserContext } from "playwright-core";
import { onCleanup } from "./hooks";

const REPO = path.resolve(__dirname, "..", "..");

/** The Chromium executable, installed on first use where possible, or the reason there is none. */
export function chromiumExecutable(): { path?: string; reason?: string } {
  const { ensureChromium } = require(path.join(REPO, "scripts", "ensure-chromium.js")) as {
    ensureChromium(): { path?: string; reason?: string };
  };
  return ensureChromium();
}

/** A persistent browser context on a fresh profile directory (scanned by the leak tests), closed by onCleanup. */
export async function launchBrowser(
  executablePath: string,
  opts: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; profileDir: string; downloadsDir: string; close(): Promise<void> }> {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-console-profile-"));
  const downloadsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lockbox-console-downloads-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: opts.width ?? 1200, height: opts.height ?? 800 },
    acceptDownloads: true,
    downloadsPath: downloadsDir,
    locale: "en-US",
    timezoneId: "UTC",
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close();
  };
  onCleanup(async () => {
    await close();
    fs.rmSync(profileDir, { recursive: true, force: true });
    fs.rmSync(downloadsDir, { recursive: true, force: true });
  });
  return { context, profileDir, downloadsDir, close };
}
