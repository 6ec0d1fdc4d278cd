/**
 * The web console at /console, driven in a real headless Chromium (Debian's package, through
 * playwright-core) against a real lockbox-local child process: sign-in with OAuth and IAM tokens,
 * creating text, file and generated-password secrets, adding a version that changes one value,
 * revealing, copying and downloading values as a payload viewer, the refusal a plain viewer sees,
 * making an old version current, scheduling and cancelling destruction, editing, deactivating,
 * deleting (protected and not), access bindings, operations, KMS keys (create, status, rotation
 * period, bindings), search and paging, a narrow window.
 *
 * Every value and token is a random marker; at the end the leak scan looks for them in every URL
 * the browser requested or showed, localStorage, sessionStorage, cookies, IndexedDB, Cache Storage,
 * the browser console, the server's trace-level log and every file of the browser's profile.
 *
 * Screenshots of the main pages go to docs/console/ when a file is missing or when
 * LOCKBOX_UPDATE_SCREENSHOTS=1 (otherwise to a temporary directory, so a test run does not dirty
 * the tree with new timestamps and ids).
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { chromiumExecutable, launchBrowser } from "../helpers/browser";
import { hits, marker, scanFiles, type Marker } from "../helpers/leaks";
import { missingRealPart } from "../helpers/real-parts";
import {
  createServiceAccount,
  createUser,
  spawnLocalServer,
  TEST_FOLDER,
  type SpawnedServer,
} from "../helpers/server";

const REPO = path.resolve(__dirname, "..", "..");
const SHOTS = path.join(REPO, "docs", "console");
/** How far the page is wider than the window (browser code, as a string). */
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";
const unique = (label: string) => `console-${label}-${crypto.randomBytes(12).toString("hex")}`;

interface SecretJson {
  id: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  status: string;
  deletionProtection: boolean;
  currentVersion?: { id: string };
}
interface VersionJson {
  id: string;
  status: string;
  destroyAt?: string;
  payloadEntryKeys?: string[];
}
interface PayloadJson {
  versionId: string;
  entries: { key: string; textValue?: string; binaryValue?: string }[];
}

describe("web console in a real browser (Chromium via playwright-core)", function () {
  this.timeout(300_000);

  const ROOT_TOKEN = `t1.${unique("root")}`;
  const TEXT_USER = unique("username");
  const TEXT1 = unique("password-1");
  const TEXT2 = unique("password-2");
  const BINARY = Buffer.concat([Buffer.from([0, 255, 254, 10, 13]), crypto.randomBytes(300)]);

  let server: SpawnedServer;
  let context: BrowserContext;
  let page: Page;
  let profileDir = "";
  let closeBrowser: () => Promise<void>;
  let admin: { id: string; token: string; oauthToken: string };
  let payloadReader: { id: string; token: string };
  let viewer: { id: string; token: string };
  let textSecret: SecretJson;
  let fileSecret: SecretJson;
  let firstVersionId = "";
  let secondVersionId = "";
  const markers: Marker[] = [];
  const urls = new Set<string>();
  const consoleMessages: string[] = [];
  const pageErrors: string[] = [];
  const apiCacheHeaders = new Map<string, string>();
  const screenshots: string[] = [];

  /** Calls the API as root (the test's own view, independent of the console). */
  async function rootApi<T>(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${ROOT_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  async function secretByName(name: string): Promise<SecretJson | undefined> {
    const { json } = await rootApi<{ secrets: SecretJson[] }>(
      "GET",
      `/lockbox/v1/secrets?folderId=${TEST_FOLDER}&pageSize=1000`,
    );
    return json.secrets.find((s) => s.name === name);
  }

  async function payload(secretId: string, versionId = ""): Promise<PayloadJson> {
    const q = versionId ? `?versionId=${versionId}` : "";
    const { status, json } = await rootApi<PayloadJson>("GET", `/lockbox/v1/secrets/${secretId}/payload${q}`);
    assert.equal(status, 200);
    return json;
  }

  async function versions(secretId: string): Promise<VersionJson[]> {
    const { json } = await rootApi<{ versions: VersionJson[] }>(
      "GET",
      `/lockbox/v1/secrets/${secretId}/versions`,
    );
    return json.versions;
  }

  /** Takes a screenshot of the page; see the file comment for where it goes. */
  async function snap(name: string, fullPage = false): Promise<void> {
    const file = path.join(SHOTS, `${name}.png`);
    const update = process.env.LOCKBOX_UPDATE_SCREENSHOTS === "1" || !fs.existsSync(file);
    const target = update ? file : path.join(os.tmpdir(), `lockbox-console-${process.pid}-${name}.png`);
    if (update) fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: target, fullPage, animations: "disabled", caret: "hide" });
    const png = fs.readFileSync(target);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], `${name}.png is a PNG`);
    assert.ok(png.length > 5000, `${name}.png has content`);
    if (!update) fs.rmSync(target);
    screenshots.push(name);
  }

  /** Loads the console afresh (a new document: nothing from the last session survives) and signs in. */
  async function signIn(kind: "iam" | "oauth", token: string): Promise<void> {
    await page.goto("about:blank");
    await page.goto(`${server.url}/console`);
    if (kind === "oauth") await page.getByLabel(/OAuth token/).check();
    await page.getByLabel("Token", { exact: true }).fill(token);
    await page.getByLabel("Folder ID").fill(TEST_FOLDER);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Secrets" }).waitFor();
  }

  /** Moves to a route of the console in the same document (the session stays) and waits for it to render. */
  async function go(hash: string): Promise<void> {
    // Browser code as strings: the test project is typed for Node, without the DOM library.
    await page.evaluate(`new Promise((resolve) => {
      const hash = ${JSON.stringify(hash)};
      if (location.hash === hash) return resolve();
      addEventListener("hashchange", () => resolve(), { once: true });
      location.hash = hash;
    })`);
  }

  async function openSecret(id: string): Promise<void> {
    await go(`#/secrets/${id}`);
    await page.getByRole("heading", { name: "Versions" }).waitFor();
  }

  /** Waits for the polite status line to say `text`. */
  async function announced(text: string | RegExp): Promise<void> {
    await page.locator("#status").filter({ hasText: text }).waitFor();
  }

  const versionRow = (id: string) => page.locator(`tr[data-version="${id}"]`);

  before(async function () {
    this.timeout(900_000);
    const chrome = chromiumExecutable();
    if (!chrome.path) missingRealPart(this, "chromium", chrome.reason ?? "no Chromium found");
    server = await spawnLocalServer({
      env: { LOCKBOX_LOCAL_ROOT_TOKEN: ROOT_TOKEN, LOCKBOX_LOCAL_LOG_LEVEL: "trace" },
    });
    admin = await createUser(server, { name: "console-admin", roles: ["admin"] });
    payloadReader = await createServiceAccount(server, {
      name: "console-reader",
      roles: ["lockbox.viewer", "lockbox.payloadViewer"],
    });
    viewer = await createUser(server, { name: "console-viewer", roles: ["lockbox.viewer"] });
    markers.push(
      marker("value:username", TEXT_USER),
      marker("value:password1", TEXT1),
      marker("value:password2", TEXT2),
      marker("value:binary", BINARY),
      marker("credential:root", ROOT_TOKEN),
      marker("credential:adminOauth", admin.oauthToken),
      marker("credential:adminIam", admin.token),
      marker("credential:readerIam", payloadReader.token),
      marker("credential:viewerIam", viewer.token),
    );

    const browser = await launchBrowser(chrome.path!);
    context = browser.context;
    profileDir = browser.profileDir;
    closeBrowser = browser.close;
    context.setDefaultTimeout(20_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (r) => urls.add(r.url()));
    page.on("framenavigated", (f) => urls.add(f.url()));
    page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("response", async (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/lockbox/") || u.pathname.startsWith("/iam/"))
        apiCacheHeaders.set(`${r.request().method()} ${u.pathname}`, r.headers()["cache-control"] ?? "");
      // The IAM token the console gets for the admin's OAuth token is a credential too.
      if (u.pathname === "/iam/v1/tokens" && r.ok()) {
        const body = (await r.json()) as { iamToken: string };
        markers.push(marker("credential:exchangedIam", body.iamToken));
      }
    });
  });

  it("serves the page with a strict Content-Security-Policy and signs in with an OAuth token", async () => {
    const res = await page.goto(`${server.url}/console`);
    const csp = res!.headers()["content-security-policy"] ?? "";
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ])
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await snap("sign-in");

    // A wrong token is refused in plain words and nothing is kept.
    await page.getByLabel("Token", { exact: true }).fill("t1.not-a-real-token");
    await page.getByLabel("Folder ID").fill(TEST_FOLDER);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "was not accepted" }).waitFor();

    await signIn("oauth", admin.oauthToken);
    await page.getByText("signed in with an OAuth token").waitFor();
    await page.getByText("No secrets in this folder yet.").waitFor();
    assert.equal(await page.getByLabel("Token", { exact: true }).count(), 0, "the token field is gone");
  });

  it("creates a text secret with deletion protection and labels", async () => {
    await page.getByRole("link", { name: "New secret" }).click();
    await page.getByRole("heading", { name: "New secret" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("app-config");
    await page.getByLabel("Description", { exact: true }).fill("Credentials of the app database");
    await page.getByLabel("Labels").fill("env=prod\nteam=payments");
    await page.getByLabel(/^Deletion protection/).check();
    const first = page.getByRole("group", { name: "Entry" }).nth(0);
    await first.getByLabel("Key", { exact: true }).fill("username");
    await first.getByLabel("Value", { exact: true }).fill(TEXT_USER);
    await page.getByRole("button", { name: "Add entry" }).click();
    const second = page.getByRole("group", { name: "Entry" }).nth(1);
    await second.getByLabel("Key", { exact: true }).fill("password");
    await second.getByLabel("Value", { exact: true }).fill(TEXT1);
    await snap("create-secret", true);
    await page.getByRole("button", { name: "Create secret" }).click();
    await page.getByRole("heading", { level: 1, name: "app-config" }).waitFor();
    await announced("Created secret app-config.");

    const created = await secretByName("app-config");
    assert.ok(created, "the secret exists");
    textSecret = created;
    assert.equal(created.deletionProtection, true);
    assert.equal(created.description, "Credentials of the app database");
    assert.deepEqual(created.labels, { env: "prod", team: "payments" });
    const p = await payload(created.id);
    assert.deepEqual(p.entries, [
      { key: "username", textValue: TEXT_USER },
      { key: "password", textValue: TEXT1 },
    ]);
    firstVersionId = p.versionId;
    // Values are hidden by default: the page shows keys, not values.
    assert.deepEqual(hits(markers, await page.content()), []);
  });

  it("creates a file secret whose entry is uploaded as a binary value", async () => {
    await go(`#/folders/${TEST_FOLDER}/new`);
    await page.getByLabel("Name", { exact: true }).fill("tls-bundle");
    const entry = page.getByRole("group", { name: "Entry" }).nth(0);
    await entry.getByLabel("Key", { exact: true }).fill("cert.der");
    await entry.getByLabel("Type").selectOption("file");
    await entry
      .getByLabel("File")
      .setInputFiles({ name: "cert.der", mimeType: "application/octet-stream", buffer: BINARY });
    await page.getByRole("button", { name: "Create secret" }).click();
    await page.getByRole("heading", { level: 1, name: "tls-bundle" }).waitFor();
    const created = await secretByName("tls-bundle");
    assert.ok(created);
    fileSecret = created;
    assert.equal(created.deletionProtection, false);
    const p = await payload(created.id);
    assert.deepEqual(p.entries, [{ key: "cert.der", binaryValue: BINARY.toString("base64") }]);
  });

  it("creates a secret with a password generated from a password spec", async () => {
    await go(`#/folders/${TEST_FOLDER}/new`);
    await page.getByLabel("Name", { exact: true }).fill("generated-db");
    await page.getByLabel("A generated password").check();
    await page.getByLabel("Entry key").fill("db-password");
    await page.getByLabel("Length").fill("24");
    await page.getByLabel("Punctuation", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Create secret" }).click();
    await page.getByRole("heading", { level: 1, name: "generated-db" }).waitFor();
    await page.getByText("entry “db-password”, 24 characters, no punctuation").waitFor();
    const created = await secretByName("generated-db");
    assert.ok(created);
    const p = await payload(created.id);
    assert.equal(p.entries.length, 1);
    assert.equal(p.entries[0]!.key, "db-password");
    assert.match(p.entries[0]!.textValue!, /^[A-Za-z0-9]{24}$/);
    markers.push(marker("value:generated", p.entries[0]!.textValue!));
    // A new version of a generated secret is a new password, not typed entries.
    await page.getByRole("button", { name: "Generate a new password" }).click();
    await announced("Generated a new password version");
    assert.equal((await versions(created.id)).length, 2);
    const again = await payload(created.id);
    assert.notEqual(again.entries[0]!.textValue, p.entries[0]!.textValue);
    markers.push(marker("value:generated2", again.entries[0]!.textValue!));
  });

  it("adds a version that changes one value and keeps the others", async () => {
    await openSecret(textSecret.id);
    await page.getByRole("button", { name: "Add version" }).click();
    const entry = page.getByRole("group", { name: "Entry" }).nth(0);
    await entry.getByLabel("Key", { exact: true }).fill("password");
    await entry.getByLabel("Value", { exact: true }).fill(TEXT2);
    await page
      .getByText("Entries you do not name are kept from the base version (username, password).")
      .waitFor();
    await page.getByRole("button", { name: "Save new version" }).click();
    await announced(/Added version .+; it is now current/);
    const p = await payload(textSecret.id);
    assert.notEqual(p.versionId, firstVersionId);
    secondVersionId = p.versionId;
    assert.deepEqual(p.entries, [
      { key: "username", textValue: TEXT_USER },
      { key: "password", textValue: TEXT2 },
    ]);
    await versionRow(secondVersionId).getByText("current").waitFor();
    assert.equal(await page.locator("tr[data-version]").count(), 2);
  });

  it("edits name, description, labels; deactivates and activates", async () => {
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Description", { exact: true }).fill("App database credentials");
    await page.getByLabel("Labels").fill("env=prod\nteam=payments\ntier=gold");
    await page.getByRole("button", { name: "Save" }).click();
    await announced("Saved 2 changes.");
    await page.getByText("tier=gold").waitFor();
    let s = (await rootApi<SecretJson>("GET", `/lockbox/v1/secrets/${textSecret.id}`)).json;
    assert.equal(s.description, "App database credentials");
    assert.deepEqual(s.labels, { env: "prod", team: "payments", tier: "gold" });
    assert.equal(s.deletionProtection, true, "fields not edited are unchanged");

    await page.getByRole("button", { name: "Deactivate" }).click();
    await announced("Deactivated app-config.");
    s = (await rootApi<SecretJson>("GET", `/lockbox/v1/secrets/${textSecret.id}`)).json;
    assert.equal(s.status, "INACTIVE");
    await page.getByRole("button", { name: "Activate" }).click();
    await announced("Activated app-config.");
    s = (await rootApi<SecretJson>("GET", `/lockbox/v1/secrets/${textSecret.id}`)).json;
    assert.equal(s.status, "ACTIVE");
  });

  it("reveals values as a payload viewer (signed in with an IAM token by keyboard), copies one, downloads a binary entry", async () => {
    await page.goto("about:blank");
    await page.goto(`${server.url}/console`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    // Keyboard only: Tab from the heading to the token type, the token, the folder, then Enter.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate<string>("document.activeElement.value"), "iam");
    await page.keyboard.press("Tab");
    await page.keyboard.type(payloadReader.token);
    await page.keyboard.press("Tab");
    await page.keyboard.type(TEST_FOLDER);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Secrets" }).waitFor();
    await page.getByText("signed in with an IAM token").waitFor();
    await page.getByRole("link", { name: "app-config" }).click();
    await page.getByRole("heading", { name: "Versions" }).waitFor();

    await versionRow(secondVersionId)
      .getByRole("button", { name: `Reveal values of version ${secondVersionId}` })
      .click();
    const password = page.locator('.entry-value[data-key="password"] code');
    await password.waitFor();
    assert.equal(await password.textContent(), TEXT2);
    assert.equal(await page.locator('.entry-value[data-key="username"] code').textContent(), TEXT_USER);
    // Positive control for the leak scan: the scanner sees a revealed value in the page.
    assert.ok(hits(markers, await page.content()).some((h) => h.startsWith("value:password2")));
    await snap("secret-revealed", true);

    await page.getByRole("button", { name: "Copy password" }).click();
    await announced("Copied the value of password");
    assert.equal(await page.evaluate<string>("navigator.clipboard.readText()"), TEXT2);
    await page.evaluate('navigator.clipboard.writeText("-")');

    await page.getByRole("button", { name: "Hide values" }).click();
    await announced("Values hidden.");
    assert.equal(await password.count(), 0);
    assert.deepEqual(hits(markers, await page.content()), [], "hidden values are gone from the page");

    await openSecret(fileSecret.id);
    await page.getByRole("button", { name: /^Reveal values of version/ }).click();
    await page.getByText(`binary, ${BINARY.length} bytes`).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download cert.der as a file" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "cert.der");
    const file = await download.path();
    assert.ok(fs.readFileSync(file).equals(BINARY), "the downloaded file holds the binary value");
    await download.delete();
  });

  it("refuses a plain viewer with the permission error in plain words", async () => {
    await signIn("iam", viewer.token);
    await openSecret(textSecret.id);
    await versionRow(secondVersionId)
      .getByRole("button", { name: /^Reveal values/ })
      .click();
    const alert = page.getByRole("alert").filter({ hasText: "not allowed to see the values" });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    assert.match(text, /lockbox\.payloadViewer/);
    assert.match(text, /Permission denied: lockbox\.payload\.get is required/);
    assert.deepEqual(hits(markers, await page.content()), []);
    await snap("reveal-refused");

    // A viewer cannot change anything either: the server refuses and the page says so.
    await page.getByRole("button", { name: `Make version ${firstVersionId} current` }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "You are not allowed to change the current version" })
      .waitFor();
    assert.equal(
      (await rootApi<SecretJson>("GET", `/lockbox/v1/secrets/${textSecret.id}`)).json.currentVersion?.id,
      secondVersionId,
    );
  });

  it("makes an old version current", async () => {
    await signIn("oauth", admin.oauthToken);
    await openSecret(textSecret.id);
    await page.getByRole("button", { name: `Make version ${firstVersionId} current` }).click();
    await announced(`Version ${firstVersionId} is now current.`);
    await versionRow(firstVersionId).getByText("current", { exact: true }).waitFor();
    const s = (await rootApi<SecretJson>("GET", `/lockbox/v1/secrets/${textSecret.id}`)).json;
    assert.equal(s.currentVersion?.id, firstVersionId);
    assert.equal((await payload(textSecret.id)).entries[1]!.textValue, TEXT1);
  });

  it("schedules and cancels the destruction of a version", async () => {
    const before = Date.now();
    await versionRow(secondVersionId)
      .getByRole("button", { name: /^Schedule destruction of version/ })
      .click();
    const dialog = page.getByRole("dialog", { name: `Schedule destruction of version ${secondVersionId}?` });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel("Pending period").inputValue(), "7");
    await dialog.getByRole("button", { name: "Schedule destruction", exact: true }).click();
    await announced(`Version ${secondVersionId} is scheduled for destruction.`);
    await versionRow(secondVersionId).getByText("SCHEDULED FOR DESTRUCTION").waitFor();
    let v = (await versions(textSecret.id)).find((x) => x.id === secondVersionId)!;
    assert.equal(v.status, "SCHEDULED_FOR_DESTRUCTION");
    const destroyAt = Date.parse(v.destroyAt!);
    const week = 7 * 24 * 3600 * 1000;
    assert.ok(
      destroyAt >= before + week - 1000 && destroyAt <= Date.now() + week + 1000,
      "destroyAt is 7 days on",
    );
    const shown = await versionRow(secondVersionId)
      .locator('td[data-label="Destroy at"] time')
      .getAttribute("datetime");
    assert.equal(shown, v.destroyAt);
    await snap("versions", true);

    await versionRow(secondVersionId)
      .getByRole("button", { name: /^Cancel destruction/ })
      .click();
    await announced(`Destruction of version ${secondVersionId} cancelled.`);
    v = (await versions(textSecret.id)).find((x) => x.id === secondVersionId)!;
    assert.equal(v.status, "ACTIVE");
    assert.equal(v.destroyAt, undefined);
  });

  it("manages access bindings: adds and removes a member of a role", async () => {
    await page.getByRole("link", { name: "Access" }).click();
    await page.getByRole("heading", { name: "Add a member" }).waitFor();
    await page.getByText("No bindings on this secret.").waitFor();
    await page.getByLabel("Role", { exact: true }).selectOption("lockbox.payloadViewer");
    await page.getByLabel("Subject type").selectOption("userAccount");
    await page.getByLabel("Subject ID").fill(viewer.id);
    await page.getByRole("button", { name: "Add member" }).click();
    await announced(`Added userAccount:${viewer.id} to lockbox.payloadViewer.`);
    const role = page.getByRole("region", { name: "lockbox.payloadViewer" });
    await role.getByText(`userAccount:${viewer.id}`).waitFor();
    const listed = async () =>
      (
        await rootApi<{ accessBindings: { roleId: string; subject: { type: string; id: string } }[] }>(
          "GET",
          `/lockbox/v1/secrets/${textSecret.id}:listAccessBindings`,
        )
      ).json.accessBindings;
    assert.deepEqual(await listed(), [
      { roleId: "lockbox.payloadViewer", subject: { type: "userAccount", id: viewer.id } },
    ]);
    await snap("access");
    await role
      .getByRole("button", { name: `Remove userAccount:${viewer.id} from lockbox.payloadViewer` })
      .click();
    await announced(`Removed userAccount:${viewer.id} from lockbox.payloadViewer.`);
    assert.deepEqual(await listed(), []);
  });

  it("lists the secret's recent operations, newest first", async () => {
    await page.getByRole("link", { name: "Operations" }).click();
    const rows = page.locator("table.data tbody tr");
    await rows.first().waitFor();
    const what = await page.locator('td[data-label="What"]').allTextContents();
    assert.deepEqual(what.slice(0, 4), [
      "Update access bindings",
      "Update access bindings",
      "Cancel version destruction",
      "Schedule version destruction",
    ]);
    assert.ok(
      what.includes("Set current version") && what.includes("Add version") && what.includes("Create secret"),
    );
    await snap("operations");
  });

  it("refuses to delete a protected secret and says why", async () => {
    await page.getByRole("link", { name: "Overview and versions" }).click();
    await page.getByRole("heading", { name: "Versions" }).waitFor();
    await page.getByText("Deletion protection is on, so this secret cannot be deleted.").waitFor();
    await page.getByRole("button", { name: "Delete…" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "“app-config” cannot be deleted because deletion protection is on" })
      .waitFor();
    assert.equal(await page.getByRole("dialog").count(), 0, "no confirmation is offered");
    assert.equal((await rootApi("GET", `/lockbox/v1/secrets/${textSecret.id}`)).status, 200);
  });

  it("deletes an unprotected secret after a confirmation that names it", async () => {
    await openSecret(fileSecret.id);
    await page.getByRole("button", { name: "Delete…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete secret “tls-bundle”?" });
    await dialog.waitFor();
    const confirm = dialog.getByRole("button", { name: "Delete tls-bundle" });
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByLabel("Type tls-bundle to confirm").fill("tls-bundl");
    assert.equal(await confirm.isDisabled(), true, "a near miss does not enable it");
    await dialog.getByLabel("Type tls-bundle to confirm").fill("tls-bundle");
    await confirm.click();
    await announced("Deleted secret tls-bundle.");
    await page.getByRole("heading", { level: 1, name: "Secrets" }).waitFor();
    assert.equal((await rootApi("GET", `/lockbox/v1/secrets/${fileSecret.id}`)).status, 404);
  });

  it("KMS keys: creates a key, lists it, deactivates and activates it, changes its rotation period, binds a role on it", async () => {
    interface KeyJson {
      id: string;
      name?: string;
      status: string;
      defaultAlgorithm?: string;
      rotationPeriod?: string;
    }
    const getKey = async (id: string) => (await rootApi<KeyJson>("GET", `/kms/v1/keys/${id}`)).json;
    await signIn("oauth", admin.oauthToken);
    await page.getByRole("navigation", { name: "Session" }).getByRole("link", { name: "KMS keys" }).click();
    await page.getByRole("heading", { level: 1, name: "KMS keys" }).waitFor();
    const name = `console-key-${crypto.randomBytes(4).toString("hex")}`;
    await page.getByLabel("Key name").fill(name);
    await page.getByLabel("Algorithm").selectOption("AES_128");
    await page.getByLabel("Rotation period (days)").fill("30");
    await page.getByRole("button", { name: "Create key" }).click();
    await announced(`Created key ${name}.`);
    const row = page.locator("tr", { hasText: name });
    await row.waitFor();
    const { json } = await rootApi<{ keys: KeyJson[] }>(
      "GET",
      `/kms/v1/keys?folderId=${TEST_FOLDER}&pageSize=1000`,
    );
    const created = json.keys.find((k) => k.name === name);
    assert.ok(created, "the key exists on the server");
    assert.deepEqual(
      [created.status, created.defaultAlgorithm, created.rotationPeriod],
      ["ACTIVE", "AES_128", "2592000s"],
    );
    assert.match(await row.innerText(), /ACTIVE[\s\S]*AES_128[\s\S]*every 30 days/);
    await snap("kms-keys");

    await row.getByRole("link", { name }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await announced(`Key ${name} is inactive: it can no longer encrypt or decrypt.`);
    assert.equal((await getKey(created.id)).status, "INACTIVE");
    await page.getByRole("button", { name: "Activate" }).click();
    await announced(`Key ${name} is active again.`);
    assert.equal((await getKey(created.id)).status, "ACTIVE");

    await page.getByLabel("Rotation period (days)").fill("seven");
    await page.getByRole("button", { name: "Save rotation period" }).click();
    await page.getByRole("alert").filter({ hasText: "write a whole number of days" }).waitFor();
    assert.equal((await getKey(created.id)).rotationPeriod, "2592000s", "a bad period changes nothing");
    await page.getByLabel("Rotation period (days)").fill("7");
    await page.getByRole("button", { name: "Save rotation period" }).click();
    await announced(`Rotation period of ${name}: every 7 days.`);
    assert.equal((await getKey(created.id)).rotationPeriod, "604800s");

    const member = `serviceAccount:${payloadReader.id}`;
    await page.getByLabel("Role").selectOption("kms.keys.encrypterDecrypter");
    await page.getByLabel("Subject type").selectOption("serviceAccount");
    await page.getByLabel("Subject ID").fill(payloadReader.id);
    await page.getByRole("button", { name: "Add member" }).click();
    await announced(`Added ${member} to kms.keys.encrypterDecrypter.`);
    const bindings = async () =>
      (
        await rootApi<{ accessBindings?: { roleId: string; subject: { type: string; id: string } }[] }>(
          "GET",
          `/kms/v1/keys/${created.id}:listAccessBindings`,
        )
      ).json.accessBindings ?? [];
    assert.deepEqual(
      (await bindings()).map((b) => `${b.roleId} ${b.subject.type}:${b.subject.id}`),
      [`kms.keys.encrypterDecrypter ${member}`],
    );
    await page.getByRole("region", { name: "kms.keys.encrypterDecrypter" }).waitFor();
    await snap("kms-key", true);
    await page.getByRole("button", { name: `Remove ${member} from kms.keys.encrypterDecrypter` }).click();
    await announced(`Removed ${member} from kms.keys.encrypterDecrypter.`);
    assert.deepEqual(await bindings(), []);
  });

  it("pages through the folder's secrets and searches them", async () => {
    for (let i = 0; i < 23; i++) {
      const { status } = await rootApi("POST", "/lockbox/v1/secrets", {
        folderId: TEST_FOLDER,
        name: `batch-${String(i).padStart(2, "0")}`,
        labels: { batch: i % 2 === 0 ? "even" : "odd" },
      });
      assert.equal(status, 200);
    }
    await go(`#/folders/${TEST_FOLDER}`);
    await page.getByLabel("Per page").selectOption("10");
    const names = () => page.locator('td[data-label="Name"] a').allTextContents();
    await page.getByText("Page 1").waitFor();
    assert.deepEqual(await names(), [
      "app-config",
      "generated-db",
      ...Array.from({ length: 8 }, (_, i) => `batch-0${i}`),
    ]);
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("Page 2").waitFor();
    assert.equal((await names())[0], "batch-08");
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("Page 3").waitFor();
    assert.deepEqual(await names(), ["batch-18", "batch-19", "batch-20", "batch-21", "batch-22"]);
    assert.equal(await page.getByRole("button", { name: "Next page" }).isDisabled(), true);
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByText("Page 2").waitFor();

    await page.getByLabel("Search by name, ID, description or label").fill("batch-1");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("10 secrets match “batch-1”.").waitFor();
    await page.getByLabel("Search by name, ID, description or label").fill("payments");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("1 secret match “payments”.").waitFor();
    assert.deepEqual(await names(), ["app-config"]);
    await page.getByLabel("Search by name, ID, description or label").fill("");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("Page 1").waitFor();
    await page.getByLabel("Per page").selectOption("20");
    await page.getByText("Page 1").waitFor();
    await snap("secrets", true);
  });

  it("stays readable in a narrow window (no sideways scrolling)", async () => {
    await page.setViewportSize({ width: 380, height: 800 });
    try {
      await page.locator('td[data-label="Name"]').first().waitFor();
      const overflow = await page.evaluate<number>(OVERFLOW);
      assert.ok(overflow <= 0, `the list fits ${overflow}px too wide`);
      await snap("narrow");
      await openSecret(textSecret.id);
      const overflow2 = await page.evaluate<number>(OVERFLOW);
      assert.ok(overflow2 <= 0, `the secret page fits (${overflow2}px too wide)`);
    } finally {
      await page.setViewportSize({ width: 1200, height: 800 });
    }
  });

  it("keeps the token only in the tab's memory: a reload signs out", async () => {
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0);
  });

  it("leak scan: no value or token in URLs, browser storage, cookies, console, server log or profile files", async () => {
    assert.ok(urls.size > 20, `requests were recorded (${urls.size})`);
    assert.deepEqual(hits(markers, [...urls].join("\n")), [], "page and request URLs");
    const storage = await page.evaluate(`(async () => ({
      local: Object.keys(localStorage).length,
      session: Object.keys(sessionStorage).length,
      indexedDb: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }))()`);
    assert.deepEqual(storage, { local: 0, session: 0, indexedDb: 0, caches: 0 });
    assert.deepEqual(await context.cookies(), []);
    assert.deepEqual(hits(markers, consoleMessages.join("\n")), [], "browser console");
    // The only console errors are Chromium's own notes on the refused requests (no CSP violation).
    const errors = consoleMessages.filter(
      (m) => m.startsWith("error:") && !m.includes("Failed to load resource"),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(pageErrors, []);
    // API answers are never stored by the browser.
    assert.equal(apiCacheHeaders.get(`GET /lockbox/v1/secrets/${textSecret.id}/payload`), "no-store");
    assert.equal(apiCacheHeaders.get("POST /iam/v1/tokens"), "no-store");

    const log = server.output();
    assert.ok(log.includes("/lockbox/v1/secrets/{secretId}/payload"), "the trace log recorded the reveals");
    assert.deepEqual(hits(markers, log), [], "server log");

    await closeBrowser();
    const { found, files } = scanFiles(markers, [profileDir]);
    assert.ok(files.length > 10, `the profile was scanned (${files.length} files)`);
    assert.deepEqual(found, [], "browser profile files");
    assert.ok(screenshots.length >= 8, `screenshots taken: ${screenshots.join(", ")}`);
  });
});
