// lockbox-local web console: one hand-written ES module, no dependencies, no build step.
//
// Every action goes through lockbox-local's public REST API with the signed-in caller's token, so
// the server checks the caller's roles as it does for any client. The token lives only in the
// `session` object below (this tab's memory): never in storage, cookies or the URL. Revealed values
// exist only in the DOM while shown; nothing here logs.

const session = { token: "", folderId: "", kind: "" };

/** gRPC code numbers the API answers with, by name. */
const CODE = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

/** Roles that can be bound on a secret, with what they allow. */
const ROLES = [
  ["lockbox.payloadViewer", "read values"],
  ["lockbox.viewer", "see secrets and versions, not values"],
  ["lockbox.auditor", "see metadata and access"],
  ["lockbox.editor", "change secrets and versions, not values"],
  ["lockbox.admin", "everything, including values and access"],
  ["viewer", "primitive: see metadata"],
  ["editor", "primitive: change metadata"],
  ["admin", "primitive: everything"],
];

const SUBJECT_TYPES = ["userAccount", "serviceAccount", "group", "system"];
const MAX_VALUE_BYTES = 65536;

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** Creates an element: `h("button", { type: "button", onclick: fn }, "Save")`. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (["value", "checked", "disabled", "selected", "hidden", "required", "multiple"].includes(name))
      el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let uid = 0;
/** A unique element id for label/for pairs. */
const nextId = (prefix) => `${prefix}-${++uid}`;

/** A labelled form control: `field("Name", h("input", {...}))`, with an optional hint. */
function field(label, control, hint) {
  control.id ||= nextId("f");
  const hintEl = hint ? h("p", { class: "hint", id: nextId("hint") }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

function checkbox(label, attrs) {
  const input = h("input", { type: "checkbox", id: nextId("c"), ...attrs });
  return h("div", { class: "check" }, input, h("label", { for: input.id }, label));
}

function button(label, onclick, attrs = {}) {
  return h("button", { type: "button", onclick, ...attrs }, label);
}

/** A form's submit button and a Cancel button. */
function submitOrCancel(label, cancel) {
  return h(
    "div",
    { class: "actions" },
    h("button", { type: "submit", class: "primary" }, label),
    button("Cancel", cancel),
  );
}

/** An element that shows an error in plain words (role=alert) or nothing. */
function alertBox() {
  const el = h("div", { class: "alert", role: "alert", hidden: true });
  return {
    el,
    show(message) {
      el.replaceChildren(message);
      el.hidden = false;
    },
    clear() {
      el.replaceChildren();
      el.hidden = true;
    },
  };
}

const statusEl = () => document.getElementById("status");
/** Announces a short message in the polite live region at the top. */
function announce(message) {
  statusEl().textContent = message;
}

function formatTime(iso) {
  if (!iso) return "";
  const text = iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
  return h("time", { datetime: iso }, text);
}

const secretLabel = (s) => s.name || s.id;

function labelsText(labels) {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/** Parses "key=value" lines; throws an Error naming the bad line. */
function parseLabels(text) {
  const out = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`Labels, line ${i + 1}: write each label as key=value`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

function bytesToBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(b64) {
  const binary = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

// ---------------------------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** Calls the REST API as the signed-in caller; throws ApiError with the server's status body. */
async function api(method, path, { query, body, auth = true } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== "") url.searchParams.set(k, v);
  const headers = {};
  if (auth) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && auth) headers["idempotency-key"] = randomKey();
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      redirect: "error",
    });
  } catch {
    throw new ApiError(0, CODE.UNAVAILABLE, "lockbox-local could not be reached. Is it still running?");
  }
  let json = {};
  try {
    json = await res.json();
  } catch {
    // not JSON: the status line speaks for itself
  }
  if (!res.ok) {
    const requestId = res.headers.get("x-request-id") ?? "";
    const err = new ApiError(res.status, json.code ?? 0, json.message || res.statusText, requestId);
    if (res.status === 401 && auth && session.token) expired();
    throw err;
  }
  return json;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a mutating call and waits for its Operation to finish; returns the finished Operation. */
async function mutate(method, path, body) {
  let op = await api(method, path, { body });
  const started = Date.now();
  for (let wait = 50; !op.done; wait = Math.min(wait * 2, 1000)) {
    if (Date.now() - started > 120000)
      throw new Error(`Operation ${op.id} is still running; check it later.`);
    await sleep(wait);
    op = await api("GET", `/operations/${encodeURIComponent(op.id)}`);
  }
  if (op.error) throw new ApiError(0, op.error.code, op.error.message, "");
  return op;
}

/** Reads every page of a List method (bounded). */
async function listAll(path, field, query = {}, maxPages = 20) {
  const items = [];
  let pageToken = "";
  for (let i = 0; i < maxPages; i++) {
    const page = await api("GET", path, { query: { ...query, pageSize: "1000", pageToken } });
    items.push(...(page[field] ?? []));
    pageToken = page.nextPageToken ?? "";
    if (!pageToken) break;
  }
  return items;
}

const secretPath = (id, suffix = "") => `/lockbox/v1/secrets/${encodeURIComponent(id)}${suffix}`;

/** The error in plain words; `what` completes "You are not allowed to …". */
function explain(err, what, roleHint) {
  if (!(err instanceof ApiError)) return err.message || String(err);
  const said = err.message ? ` The server said: “${err.message}”.` : "";
  switch (err.code) {
    case CODE.PERMISSION_DENIED:
      return `You are not allowed to ${what}.${roleHint ? ` ${roleHint}` : ""}${said}`;
    case CODE.UNAUTHENTICATED:
      return "Your token was not accepted (it is wrong or has expired). Sign in again.";
    case CODE.NOT_FOUND:
      return `Not found.${said}`;
    case CODE.FAILED_PRECONDITION:
      return `This cannot be done in the current state.${said}`;
    case CODE.ALREADY_EXISTS:
      return `That already exists.${said}`;
    case CODE.INVALID_ARGUMENT:
      return `Some input was not accepted.${said}`;
    case CODE.RESOURCE_EXHAUSTED:
      return `A limit was reached or the server is busy; try again shortly.${said}`;
    default:
      return `${err.message || "The request failed"}${err.requestId ? ` (request ${err.requestId})` : ""}`;
  }
}

const HINT_MANAGE =
  "Changing secrets needs the lockbox.editor role (or lockbox.admin) on the secret or its folder.";
const HINT_PAYLOAD =
  "Revealing values needs the lockbox.payloadViewer role (or lockbox.admin) on this secret or its folder; ask an administrator to grant it.";
const HINT_ACCESS = "Changing access needs the lockbox.admin role on the secret or its folder.";
const HINT_READ = "Seeing secrets needs the lockbox.viewer role (or higher) on the folder or the secret.";

// ---------------------------------------------------------------------------------------------
// Session and routing

const main = () => document.getElementById("main");
let generation = 0;

/** Replaces the page's content with `nodes`, moves focus to the first heading, returns a token to detect navigation. */
function show(title, ...nodes) {
  document.title = `${title} · lockbox-local console`;
  main().replaceChildren(...nodes.flat());
  const heading = main().querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

function renderSessionNav() {
  const nav = document.getElementById("session");
  if (!session.token) {
    nav.replaceChildren();
    return;
  }
  nav.replaceChildren(
    h("a", { href: `#/folders/${encodeURIComponent(session.folderId)}` }, "Secrets"),
    h("span", { class: "muted" }, `Folder ${session.folderId} · ${session.kind}`),
    button("Sign out", signOut, { class: "link" }),
  );
}

function signOut(message = "Signed out. The token is gone from this tab.") {
  session.token = "";
  session.kind = "";
  renderSessionNav();
  announce(typeof message === "string" ? message : "Signed out. The token is gone from this tab.");
  route();
}

function expired() {
  signOut("Your session ended: the token was refused (expired or revoked). Sign in again.");
}

function parseHash() {
  const hash = location.hash;
  if (!hash.startsWith("#/")) return null;
  const parts = hash
    .slice(2)
    .split("/")
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  return parts;
}

function route() {
  const gen = ++generation;
  const parts = parseHash() ?? [];
  if (!session.token) return renderSignIn(parts);
  const [kind, id, sub] = parts;
  if (kind === "folders" && id) {
    if (id !== session.folderId) {
      session.folderId = id;
      renderSessionNav();
    }
    return sub === "new" ? renderCreate(id, gen) : renderList(id, gen);
  }
  if (kind === "secrets" && id) return renderSecret(id, sub ?? "", gen);
  location.replace(`#/folders/${encodeURIComponent(session.folderId)}`);
}

const current = (gen) => gen === generation;

// ---------------------------------------------------------------------------------------------
// Sign in

function renderSignIn(parts) {
  const error = alertBox();
  const token = h("input", {
    type: "password",
    name: "token",
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    required: true,
  });
  const folderFromUrl = parts[0] === "folders" ? parts[1] : "";
  const folder = h("input", {
    type: "text",
    name: "folder",
    value: folderFromUrl || session.folderId,
    required: true,
    autocomplete: "off",
    spellcheck: "false",
  });
  const iam = h("input", { type: "radio", name: "kind", value: "iam", id: nextId("r"), checked: true });
  const oauth = h("input", { type: "radio", name: "kind", value: "oauth", id: nextId("r") });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { method: "post", autocomplete: "off", class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in"),
    h(
      "p",
      { class: "muted" },
      "The token is kept only in this tab's memory: reloading or closing the tab signs you out. Every action runs with this token's roles.",
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Token type"),
      h("div", { class: "check" }, iam, h("label", { for: iam.id }, "IAM token (t1.…)")),
      h(
        "div",
        { class: "check" },
        oauth,
        h("label", { for: oauth.id }, "OAuth token (y0_…), exchanged for an IAM token"),
      ),
    ),
    field("Token", token),
    field("Folder ID", folder, "The folder whose secrets to show, e.g. b1gdemo."),
    error.el,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    const secretToken = token.value.trim();
    const folderId = folder.value.trim();
    const kind = oauth.checked ? "oauth" : "iam";
    if (!secretToken || !folderId) {
      error.show("Enter a token and a folder ID.");
      return;
    }
    submit.disabled = true;
    try {
      let iamToken = secretToken;
      if (kind === "oauth") {
        const res = await api("POST", "/iam/v1/tokens", {
          body: { yandexPassportOauthToken: secretToken },
          auth: false,
        });
        iamToken = res.iamToken;
      }
      // Check the token before keeping it: a refused token is an error, a missing role is not.
      const probe = await fetch(`/lockbox/v1/secrets?folderId=${encodeURIComponent(folderId)}&pageSize=1`, {
        headers: { authorization: `Bearer ${iamToken}` },
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
      if (probe.status === 401) {
        error.show(
          kind === "oauth"
            ? "The IAM token made from this OAuth token was refused. Try again."
            : "This IAM token was not accepted: it is wrong, expired or revoked.",
        );
        return;
      }
      token.value = "";
      session.token = iamToken;
      session.folderId = folderId;
      session.kind = kind === "oauth" ? "signed in with an OAuth token" : "signed in with an IAM token";
      renderSessionNav();
      announce("Signed in.");
      const target = parseHash() ?? [];
      const home = `#/folders/${encodeURIComponent(folderId)}`;
      if ((target[0] === "secrets" && target[1]) || location.hash === home) route();
      else location.hash = home;
    } catch (err) {
      if (err instanceof ApiError && err.code === CODE.UNAUTHENTICATED)
        error.show("This OAuth token was not accepted: it is wrong or has been revoked.");
      else error.show(explain(err, "sign in"));
    } finally {
      submit.disabled = false;
    }
  });
  show("Sign in", form);
}

// ---------------------------------------------------------------------------------------------
// Secrets of a folder

const listState = { folderId: "", pageSize: 20, tokens: [""], index: 0, query: "", matches: null };

function statusBadge(status) {
  return h("span", { class: `badge ${String(status).toLowerCase()}` }, String(status).replace(/_/g, " "));
}

function labelChips(labels) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return h("span", { class: "muted" }, "none");
  return h(
    "ul",
    { class: "chips" },
    entries.map(([k, v]) => h("li", {}, `${k}=${v}`)),
  );
}

function matchesQuery(s, q) {
  const hay = [s.id, s.name ?? "", s.description ?? "", labelsText(s.labels)].join("\n").toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

async function renderList(folderId, gen) {
  if (listState.folderId !== folderId) {
    Object.assign(listState, { folderId, tokens: [""], index: 0, query: "", matches: null });
  }
  const error = alertBox();
  const search = h("input", { type: "search", name: "q", value: listState.query, autocomplete: "off" });
  const searchForm = h(
    "form",
    { class: "inline", role: "search", method: "post" },
    field("Search by name, ID, description or label", search),
    h("button", { type: "submit" }, "Search"),
  );
  searchForm.addEventListener("submit", (e) => {
    e.preventDefault();
    listState.query = search.value.trim();
    listState.tokens = [""];
    listState.index = 0;
    listState.matches = null;
    void renderList(folderId, ++generation);
  });
  const openId = h("input", { type: "text", name: "id", autocomplete: "off", spellcheck: "false" });
  const openForm = h(
    "form",
    { class: "inline", method: "post" },
    field("Open a secret by ID", openId),
    h("button", { type: "submit" }, "Open"),
  );
  openForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (openId.value.trim()) location.hash = `#/secrets/${encodeURIComponent(openId.value.trim())}`;
  });
  const body = h("div", { class: "list-body", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  show(
    "Secrets",
    h(
      "div",
      { class: "title-row" },
      h("h1", {}, "Secrets"),
      h(
        "a",
        { class: "button primary", href: `#/folders/${encodeURIComponent(folderId)}/new` },
        "New secret",
      ),
    ),
    h("p", { class: "muted" }, `Folder ${folderId}`),
    h("div", { class: "toolbar" }, searchForm, openForm),
    error.el,
    body,
  );

  let rows;
  let hasNext = false;
  let summary;
  try {
    if (listState.query) {
      listState.matches ??= (await listAll("/lockbox/v1/secrets", "secrets", { folderId })).filter((s) =>
        matchesQuery(s, listState.query),
      );
      const start = listState.index * listState.pageSize;
      rows = listState.matches.slice(start, start + listState.pageSize);
      hasNext = start + listState.pageSize < listState.matches.length;
      summary = `${listState.matches.length} secret${listState.matches.length === 1 ? "" : "s"} match “${listState.query}”.`;
    } else {
      const page = await api("GET", "/lockbox/v1/secrets", {
        query: {
          folderId,
          pageSize: String(listState.pageSize),
          pageToken: listState.tokens[listState.index],
        },
      });
      rows = page.secrets ?? [];
      hasNext = Boolean(page.nextPageToken);
      if (hasNext) listState.tokens[listState.index + 1] = page.nextPageToken;
    }
  } catch (err) {
    if (!current(gen)) return;
    body.setAttribute("aria-busy", "false");
    body.replaceChildren();
    error.show(
      explain(
        err,
        "list the secrets of this folder",
        `${HINT_READ} You can still open a secret you have access to by its ID.`,
      ),
    );
    return;
  }
  if (!current(gen)) return;
  body.setAttribute("aria-busy", "false");
  const pageSize = h(
    "select",
    {
      name: "pageSize",
      onchange: () => {
        listState.pageSize = Number(pageSize.value);
        listState.tokens = [""];
        listState.index = 0;
        void renderList(folderId, ++generation);
      },
    },
    [10, 20, 50, 100].map((n) =>
      h("option", { value: String(n), selected: n === listState.pageSize }, String(n)),
    ),
  );
  const go = (delta) => {
    listState.index += delta;
    void renderList(folderId, ++generation);
  };
  const table =
    rows.length === 0
      ? h("p", { class: "empty" }, listState.query ? "No secret matches." : "No secrets in this folder yet.")
      : h(
          "table",
          { class: "data" },
          h("caption", { class: "sr-only" }, "Secrets"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              [
                "Name",
                "Status",
                "Current version",
                "Labels",
                "KMS key",
                "Deletion protection",
                "Created",
              ].map((c) => h("th", { scope: "col" }, c)),
            ),
          ),
          h(
            "tbody",
            {},
            rows.map((s) =>
              h(
                "tr",
                {},
                h(
                  "td",
                  { "data-label": "Name" },
                  h("a", { href: `#/secrets/${encodeURIComponent(s.id)}` }, s.name || "(no name)"),
                  h("div", { class: "id" }, s.id),
                ),
                h("td", { "data-label": "Status" }, statusBadge(s.status)),
                h(
                  "td",
                  { "data-label": "Current version" },
                  s.currentVersion
                    ? [
                        h("span", { class: "id" }, s.currentVersion.id),
                        h(
                          "div",
                          { class: "muted" },
                          (s.currentVersion.payloadEntryKeys ?? []).join(", ") || "no entries",
                        ),
                      ]
                    : h("span", { class: "muted" }, "none"),
                ),
                h("td", { "data-label": "Labels" }, labelChips(s.labels)),
                h(
                  "td",
                  { "data-label": "KMS key" },
                  s.kmsKeyId
                    ? h("span", { class: "id" }, s.kmsKeyId)
                    : h("span", { class: "muted" }, "service key"),
                ),
                h("td", { "data-label": "Deletion protection" }, s.deletionProtection ? "On" : "Off"),
                h("td", { "data-label": "Created" }, formatTime(s.createdAt)),
              ),
            ),
          ),
        );
  body.replaceChildren(
    summary ? h("p", {}, summary) : "",
    table,
    h(
      "nav",
      { class: "pager", "aria-label": "Pages" },
      button("Previous page", () => go(-1), { disabled: listState.index === 0 }),
      h("span", {}, `Page ${listState.index + 1}`),
      button("Next page", () => go(1), { disabled: !hasNext }),
      field("Per page", pageSize),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Entry editors (create and add version)

/** Reads a chosen file as base64; refuses files over the API's value limit. */
async function fileToBase64(file) {
  if (file.size > MAX_VALUE_BYTES)
    throw new Error(
      `“${file.name}” is ${file.size} bytes; a value can hold at most ${MAX_VALUE_BYTES} bytes.`,
    );
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/**
 * One entry row: key, kind (text, file, or, when `allowRemove`, remove) and value. Returns the row
 * element and `read()`, which resolves to a PayloadEntryChange.
 */
function entryRow(rows, { keys = [], allowRemove = false, removable = true } = {}) {
  const listId = keys.length ? nextId("keys") : undefined;
  const key = h("input", {
    type: "text",
    name: "key",
    autocomplete: "off",
    spellcheck: "false",
    list: listId,
    // Checked by read(): a required field in a hidden row would block the form without a message.
  });
  const kind = h(
    "select",
    { name: "kind" },
    h("option", { value: "text" }, "Text"),
    h("option", { value: "file" }, "File (binary)"),
    allowRemove ? h("option", { value: "remove" }, "Remove this key") : null,
  );
  const text = h("textarea", {
    name: "value",
    rows: "2",
    autocomplete: "off",
    spellcheck: "false",
    class: "secret-input",
  });
  const file = h("input", { type: "file", name: "file" });
  const textField = field("Value", text);
  const fileField = field("File", file, `Uploaded as a binary value, at most ${MAX_VALUE_BYTES} bytes.`);
  fileField.hidden = true;
  kind.addEventListener("change", () => {
    textField.hidden = kind.value !== "text";
    fileField.hidden = kind.value !== "file";
  });
  const row = h(
    "fieldset",
    { class: "entry" },
    h("legend", {}, "Entry"),
    listId
      ? h(
          "datalist",
          { id: listId },
          keys.map((k) => h("option", { value: k })),
        )
      : null,
    h("div", { class: "grid" }, field("Key", key), field("Type", kind)),
    textField,
    fileField,
    removable
      ? button(
          "Remove entry",
          () => {
            rows.delete(item);
            row.remove();
          },
          { class: "link" },
        )
      : null,
  );
  const item = {
    row,
    async read() {
      const k = key.value.trim();
      if (!k) throw new Error("Every entry needs a key.");
      if (kind.value === "remove") return { key: k };
      if (kind.value === "file") {
        const f = file.files?.[0];
        if (!f) throw new Error(`Choose a file for “${k}”.`);
        return { key: k, binaryValue: await fileToBase64(f) };
      }
      if (new TextEncoder().encode(text.value).length > MAX_VALUE_BYTES)
        throw new Error(`The value of “${k}” is longer than ${MAX_VALUE_BYTES} bytes.`);
      return { key: k, textValue: text.value };
    },
  };
  rows.add(item);
  return item;
}

/** A list of entry rows with an "Add entry" button. */
function entriesEditor(options = {}) {
  const rows = new Set();
  const list = h("div", { class: "entries" });
  const add = () => {
    const item = entryRow(rows, options);
    list.append(item.row);
    return item;
  };
  add();
  return {
    el: h(
      "div",
      {},
      list,
      button(options.addLabel ?? "Add entry", () => add().row.querySelector("input")?.focus()),
    ),
    async read() {
      const out = [];
      for (const item of rows) out.push(await item.read());
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Create

function renderCreate(folderId, gen) {
  const error = alertBox();
  const name = h("input", { type: "text", name: "name", maxlength: "100", autocomplete: "off" });
  const description = h("textarea", { name: "description", rows: "2", maxlength: "1024" });
  const labels = h("textarea", { name: "labels", rows: "2", spellcheck: "false" });
  const kms = h("input", {
    type: "text",
    name: "kmsKeyId",
    autocomplete: "off",
    spellcheck: "false",
    list: "kms-keys",
  });
  const kmsList = h("datalist", { id: "kms-keys" });
  const protect = checkbox("Deletion protection (the secret cannot be deleted while it is on)", {
    name: "deletionProtection",
  });
  const versionDescription = h("input", { type: "text", name: "versionDescription", maxlength: "256" });
  const entries = entriesEditor();
  const mode = nextId("mode");
  const radio = (value, label, checked) => {
    const input = h("input", { type: "radio", name: mode, value, id: nextId("r"), checked });
    input.addEventListener("change", sync);
    return h("div", { class: "check" }, input, h("label", { for: input.id }, label));
  };
  const modes = h(
    "fieldset",
    {},
    h("legend", {}, "First version"),
    radio("entries", "Entries: text values and files", true),
    radio("password", "A generated password"),
    radio("none", "No version yet"),
  );
  const pwKey = h("input", { type: "text", name: "passwordKey", value: "password", autocomplete: "off" });
  const pwLength = h("input", { type: "number", name: "length", value: "36", min: "1", max: "256" });
  const classes = ["Uppercase letters", "Lowercase letters", "Digits", "Punctuation"].map((label) =>
    checkbox(label, { checked: true, name: label }),
  );
  const included = h("input", {
    type: "text",
    name: "includedPunctuation",
    maxlength: "32",
    autocomplete: "off",
  });
  const excluded = h("input", {
    type: "text",
    name: "excludedPunctuation",
    maxlength: "31",
    autocomplete: "off",
  });
  const passwordBox = h(
    "fieldset",
    { class: "password-spec", hidden: true },
    h("legend", {}, "Password specification"),
    h("div", { class: "grid" }, field("Entry key", pwKey), field("Length", pwLength)),
    classes,
    h(
      "div",
      { class: "grid" },
      field("Only these punctuation characters", included, "Leave empty for all 32."),
      field("Never these punctuation characters", excluded),
    ),
  );
  const entriesBox = h("div", {}, entries.el);
  function sync() {
    const m = modes.querySelector("input:checked").value;
    entriesBox.hidden = m !== "entries";
    passwordBox.hidden = m !== "password";
  }
  const submit = h("button", { type: "submit", class: "primary" }, "Create secret");
  const form = h(
    "form",
    { method: "post", class: "card", autocomplete: "off" },
    h("h1", {}, "New secret"),
    h("p", { class: "muted" }, `In folder ${folderId}`),
    field("Name", name, "Unique in the folder; letters, digits, - and _ are safest."),
    field("Description", description),
    field("Labels", labels, "One key=value per line."),
    field("KMS key ID", kms, "Leave empty to encrypt with the service's own key."),
    kmsList,
    protect,
    modes,
    entriesBox,
    passwordBox,
    field("Version description", versionDescription),
    error.el,
    h(
      "div",
      { class: "actions" },
      submit,
      h("a", { class: "button", href: `#/folders/${encodeURIComponent(folderId)}` }, "Cancel"),
    ),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.clear();
    submit.disabled = true;
    try {
      const body = { folderId, name: name.value.trim(), description: description.value };
      const parsedLabels = parseLabels(labels.value);
      if (Object.keys(parsedLabels).length) body.labels = parsedLabels;
      if (kms.value.trim()) body.kmsKeyId = kms.value.trim();
      body.deletionProtection = protect.querySelector("input").checked;
      if (versionDescription.value) body.versionDescription = versionDescription.value;
      const m = modes.querySelector("input:checked").value;
      if (m === "entries") body.versionPayloadEntries = await entries.read();
      if (m === "password") {
        const [upper, lower, digits, punct] = classes.map((c) => c.querySelector("input").checked);
        body.passwordPayloadSpecification = {
          passwordKey: pwKey.value.trim(),
          length: pwLength.value,
          includeUppercase: upper,
          includeLowercase: lower,
          includeDigits: digits,
          includePunctuation: punct,
        };
        if (included.value) body.passwordPayloadSpecification.includedPunctuation = included.value;
        if (excluded.value) body.passwordPayloadSpecification.excludedPunctuation = excluded.value;
      }
      const op = await mutate("POST", "/lockbox/v1/secrets", body);
      const id = op.metadata?.secretId ?? op.response?.id;
      announce(`Created secret ${body.name || id}.`);
      location.hash = `#/secrets/${encodeURIComponent(id)}`;
    } catch (err) {
      error.show(explain(err, "create secrets in this folder", HINT_MANAGE));
    } finally {
      submit.disabled = false;
    }
  });
  show("New secret", form);
  // Offer the folder's KMS keys when the caller may list them (a plain text field otherwise).
  api("GET", "/kms/v1/keys", { query: { folderId, pageSize: "100" } }).then(
    (res) => {
      if (!current(gen)) return;
      kmsList.replaceChildren(...(res.keys ?? []).map((k) => h("option", { value: k.id }, k.name || k.id)));
    },
    () => {},
  );
}

// ---------------------------------------------------------------------------------------------
// One secret

async function renderSecret(id, tab, gen) {
  const error = alertBox();
  show(
    "Secret",
    h("h1", {}, "Secret"),
    h("p", { class: "muted", "aria-busy": "true" }, "Loading…"),
    error.el,
  );
  let secret;
  try {
    secret = await api("GET", secretPath(id));
  } catch (err) {
    if (!current(gen)) return;
    error.show(explain(err, "see this secret", HINT_READ));
    return;
  }
  if (!current(gen)) return;
  const label = secretLabel(secret);
  const tabs = [
    ["", "Overview and versions"],
    ["access", "Access"],
    ["operations", "Operations"],
  ];
  const header = [
    h(
      "p",
      { class: "crumbs" },
      h("a", { href: `#/folders/${encodeURIComponent(secret.folderId)}` }, `Secrets of ${secret.folderId}`),
    ),
    h("div", { class: "title-row start" }, h("h1", {}, label), statusBadge(secret.status)),
    h(
      "nav",
      { class: "tabs", "aria-label": "Secret sections" },
      tabs.map(([key, text]) =>
        h(
          "a",
          {
            href: `#/secrets/${encodeURIComponent(id)}${key ? "/" + key : ""}`,
            "aria-current": key === tab ? "page" : false,
          },
          text,
        ),
      ),
    ),
  ];
  const content = h("div", {});
  show(label, header, content);
  if (tab === "access") return renderAccess(secret, content, gen);
  if (tab === "operations") return renderOperations(secret, content, gen);
  return renderOverview(secret, content, gen);
}

const reload = () => route();

function dialog(title, ...children) {
  const titleId = nextId("dlg");
  const el = h("dialog", { "aria-labelledby": titleId }, h("h2", { id: titleId }, title), ...children);
  el.addEventListener("close", () => el.remove());
  document.body.append(el);
  el.showModal();
  return el;
}

function renderOverview(secret, content, gen) {
  const error = alertBox();
  const label = secretLabel(secret);
  const protectionNote = h(
    "p",
    { class: "note", id: nextId("note"), hidden: !secret.deletionProtection },
    "Deletion protection is on, so this secret cannot be deleted. Turn it off with Edit first.",
  );
  const editBox = h("div", {});
  const actions = h(
    "div",
    { class: "actions" },
    button("Edit", () => openEdit(secret, editBox)),
    secret.status === "INACTIVE"
      ? button("Activate", () => setActive(true))
      : button("Deactivate", () => setActive(false), { disabled: secret.status !== "ACTIVE" }),
    button("Delete…", () => confirmDelete(), {
      class: "danger",
      "aria-describedby": secret.deletionProtection ? protectionNote.id : false,
    }),
  );
  async function setActive(active) {
    error.clear();
    try {
      await mutate("POST", secretPath(secret.id, active ? ":activate" : ":deactivate"));
      announce(`${active ? "Activated" : "Deactivated"} ${label}.`);
      reload();
    } catch (err) {
      error.show(explain(err, `${active ? "activate" : "deactivate"} this secret`, HINT_MANAGE));
    }
  }
  function confirmDelete() {
    error.clear();
    if (secret.deletionProtection) {
      error.show(
        `“${label}” cannot be deleted because deletion protection is on. Turn deletion protection off with Edit (it needs the lockbox.editor role), then delete it.`,
      );
      return;
    }
    const expected = secret.name || secret.id;
    const typed = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
    const dlgError = alertBox();
    const go = h("button", { type: "submit", class: "danger", disabled: true }, `Delete ${expected}`);
    typed.addEventListener("input", () => (go.disabled = typed.value !== expected));
    const form = h(
      "form",
      { method: "dialog" },
      h(
        "p",
        {},
        `This deletes the secret “${label}” (${secret.id}) with every version and value. It cannot be undone.`,
      ),
      field(`Type ${expected} to confirm`, typed),
      dlgError.el,
      h(
        "div",
        { class: "actions" },
        go,
        button("Cancel", () => dlg.close()),
      ),
    );
    const dlg = dialog(`Delete secret “${label}”?`, form);
    typed.focus();
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (typed.value !== expected) return;
      go.disabled = true;
      try {
        await mutate("DELETE", secretPath(secret.id));
        dlg.close();
        announce(`Deleted secret ${label}.`);
        location.hash = `#/folders/${encodeURIComponent(secret.folderId)}`;
      } catch (err) {
        go.disabled = false;
        dlgError.show(explain(err, "delete this secret", HINT_MANAGE));
      }
    });
  }

  const spec = secret.passwordPayloadSpecification;
  const details = h(
    "dl",
    { class: "details" },
    [
      ["ID", h("span", { class: "id" }, secret.id)],
      ["Folder", secret.folderId],
      ["Description", secret.description || h("span", { class: "muted" }, "none")],
      ["Labels", labelChips(secret.labels)],
      ["KMS key", secret.kmsKeyId || h("span", { class: "muted" }, "none (service key)")],
      ["Deletion protection", secret.deletionProtection ? "On" : "Off"],
      ["Created", formatTime(secret.createdAt)],
      [
        "Current version",
        secret.currentVersion
          ? h("span", { class: "id" }, secret.currentVersion.id)
          : h("span", { class: "muted" }, "none"),
      ],
      spec
        ? [
            "Generated password",
            `entry “${spec.passwordKey}”, ${spec.length ?? 36} characters` +
              (spec.includePunctuation === false ? ", no punctuation" : ""),
          ]
        : null,
    ]
      .filter(Boolean)
      .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
  );
  const versions = h("section", { "aria-labelledby": "versions-title" });
  content.replaceChildren(
    h(
      "section",
      { class: "card", "aria-label": "Details" },
      details,
      actions,
      protectionNote,
      error.el,
      editBox,
    ),
    versions,
  );
  void renderVersions(secret, versions, gen);
}

function openEdit(secret, box) {
  const error = alertBox();
  const name = h("input", { type: "text", value: secret.name ?? "", maxlength: "100", autocomplete: "off" });
  const description = h("textarea", { rows: "2", maxlength: "1024" });
  description.value = secret.description ?? "";
  const labels = h("textarea", { rows: "3", spellcheck: "false" });
  labels.value = labelsText(secret.labels);
  const protect = checkbox("Deletion protection", { checked: Boolean(secret.deletionProtection) });
  const form = h(
    "form",
    { method: "post", class: "edit" },
    h("h2", {}, "Edit secret"),
    field("Name", name),
    field("Description", description),
    field("Labels", labels, "One key=value per line."),
    protect,
    error.el,
    submitOrCancel("Save", () => box.replaceChildren()),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.clear();
    try {
      const body = {};
      const mask = [];
      /** Records one changed field in the body and the update mask. */
      const change = (field, value) => {
        body[field] = value;
        mask.push(field);
      };
      if (name.value.trim() !== (secret.name ?? "")) change("name", name.value.trim());
      if (description.value !== (secret.description ?? "")) change("description", description.value);
      const parsed = parseLabels(labels.value);
      if (labelsText(parsed) !== labelsText(secret.labels)) change("labels", parsed);
      const p = protect.querySelector("input").checked;
      if (p !== Boolean(secret.deletionProtection)) change("deletionProtection", p);
      if (mask.length === 0) {
        box.replaceChildren();
        announce("Nothing changed.");
        return;
      }
      await mutate("PATCH", secretPath(secret.id), { updateMask: mask.join(","), ...body });
      announce(`Saved ${mask.length} change${mask.length === 1 ? "" : "s"}.`);
      reload();
    } catch (err) {
      error.show(explain(err, "change this secret", HINT_MANAGE));
    }
  });
  box.replaceChildren(form);
  name.focus();
}

// ---------------------------------------------------------------------------------------------
// Versions and values

async function renderVersions(secret, section, gen) {
  const error = alertBox();
  const reveal = h("div", { class: "reveal", "aria-live": "polite" });
  const addBox = h("div", {});
  section.replaceChildren(
    h(
      "div",
      { class: "title-row" },
      h("h2", { id: "versions-title" }, "Versions"),
      button(secret.passwordPayloadSpecification ? "Generate a new password" : "Add version", () =>
        secret.passwordPayloadSpecification ? regenerate() : openAddVersion(secret, versions, addBox),
      ),
    ),
    error.el,
    addBox,
    h("p", { class: "muted" }, "Loading…"),
  );
  let versions;
  try {
    versions = await listAll(secretPath(secret.id, "/versions"), "versions");
  } catch (err) {
    if (!current(gen)) return;
    error.show(explain(err, "list this secret's versions", HINT_READ));
    section.lastChild.remove();
    return;
  }
  if (!current(gen)) return;
  async function regenerate() {
    error.clear();
    try {
      await mutate("POST", secretPath(secret.id, ":addVersion"), {});
      announce("Generated a new password version; it is now current.");
      reload();
    } catch (err) {
      error.show(explain(err, "add versions to this secret", HINT_MANAGE));
    }
  }
  const act = async (what, path, body, done) => {
    error.clear();
    try {
      await mutate("POST", secretPath(secret.id, path), body);
      announce(done);
      reload();
    } catch (err) {
      error.show(explain(err, what, HINT_MANAGE));
    }
  };
  const currentId = secret.currentVersion?.id;
  const rows = [...versions].reverse().map((v) => {
    const isCurrent = v.id === currentId;
    const buttons = [];
    if (v.status !== "DESTROYED")
      buttons.push(
        button("Reveal", () => revealValues(secret, v, reveal), {
          "aria-label": `Reveal values of version ${v.id}`,
        }),
      );
    if (!isCurrent && v.status !== "DESTROYED")
      buttons.push(
        button(
          "Make current",
          () =>
            act(
              "change the current version",
              ":setCurrentVersion",
              { versionId: v.id },
              `Version ${v.id} is now current.`,
            ),
          {
            "aria-label": `Make version ${v.id} current`,
          },
        ),
      );
    if (v.status === "ACTIVE")
      buttons.push(
        button("Schedule destruction…", () => scheduleDestruction(secret, v, act), {
          "aria-label": `Schedule destruction of version ${v.id}`,
        }),
      );
    if (v.status === "SCHEDULED_FOR_DESTRUCTION")
      buttons.push(
        button(
          "Cancel destruction",
          () =>
            act(
              "cancel the destruction",
              ":cancelVersionDestruction",
              { versionId: v.id },
              `Destruction of version ${v.id} cancelled.`,
            ),
          {
            "aria-label": `Cancel destruction of version ${v.id}`,
          },
        ),
      );
    return h(
      "tr",
      { "data-version": v.id },
      h(
        "td",
        { "data-label": "Version" },
        h("span", { class: "id" }, v.id),
        isCurrent ? h("span", { class: "badge current" }, "current") : null,
        v.description ? h("div", { class: "muted" }, v.description) : null,
      ),
      h("td", { "data-label": "Status" }, statusBadge(v.status)),
      h("td", { "data-label": "Created" }, formatTime(v.createdAt)),
      h(
        "td",
        { "data-label": "Destroy at" },
        v.destroyAt ? formatTime(v.destroyAt) : h("span", { class: "muted" }, "—"),
      ),
      h(
        "td",
        { "data-label": "Entry keys" },
        (v.payloadEntryKeys ?? []).join(", ") || h("span", { class: "muted" }, "none"),
      ),
      h("td", { "data-label": "Actions" }, h("div", { class: "row-actions" }, buttons)),
    );
  });
  section.replaceChildren(
    section.firstChild,
    error.el,
    addBox,
    versions.length === 0
      ? h("p", { class: "empty" }, "No versions yet.")
      : h(
          "table",
          { class: "data versions" },
          h("caption", { class: "sr-only" }, "Versions, newest first"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Version", "Status", "Created", "Destroy at", "Entry keys", "Actions"].map((c) =>
                h("th", { scope: "col" }, c),
              ),
            ),
          ),
          h("tbody", {}, rows),
        ),
    reveal,
  );
}

function scheduleDestruction(secret, version, act) {
  const amount = h("input", { type: "number", min: "0", value: "7", required: true });
  const unit = h(
    "select",
    {},
    h("option", { value: "86400" }, "days"),
    h("option", { value: "3600" }, "hours"),
    h("option", { value: "60" }, "minutes"),
  );
  const form = h(
    "form",
    { method: "dialog" },
    h(
      "p",
      {},
      `Version ${version.id} of “${secretLabel(secret)}” will be destroyed, with its values, when the pending period ends. Until then the destruction can be cancelled.`,
    ),
    h("div", { class: "grid" }, field("Pending period", amount), field("Unit", unit)),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "danger" }, "Schedule destruction"),
      button("Cancel", () => dlg.close()),
    ),
  );
  const dlg = dialog(`Schedule destruction of version ${version.id}?`, form);
  amount.focus();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const seconds = Math.round(Number(amount.value) * Number(unit.value));
    if (!Number.isFinite(seconds) || seconds < 0) return;
    dlg.close();
    void act(
      "schedule the destruction",
      ":scheduleVersionDestruction",
      { versionId: version.id, pendingPeriod: `${seconds}s` },
      `Version ${version.id} is scheduled for destruction.`,
    );
  });
}

function openAddVersion(secret, versions, box) {
  const error = alertBox();
  const usable = [...versions].reverse().filter((v) => v.status !== "DESTROYED");
  const base = h(
    "select",
    {},
    usable.map((v) =>
      h(
        "option",
        { value: v.id, selected: v.id === secret.currentVersion?.id },
        `${v.id}${v.id === secret.currentVersion?.id ? " (current)" : ""}`,
      ),
    ),
  );
  const keysOf = (id) => versions.find((v) => v.id === id)?.payloadEntryKeys ?? [];
  const editor = entriesEditor({
    keys: keysOf(base.value),
    allowRemove: true,
    addLabel: "Change another entry",
  });
  const description = h("input", { type: "text", maxlength: "1024" });
  const keep = h("p", { class: "hint" });
  const syncKeep = () => {
    const keys = keysOf(base.value);
    keep.textContent = keys.length
      ? `Entries you do not name are kept from the base version (${keys.join(", ")}).`
      : "The base version has no entries.";
  };
  base.addEventListener("change", syncKeep);
  syncKeep();
  const form = h(
    "form",
    { method: "post", class: "edit" },
    h("h3", {}, "Add a version"),
    usable.length ? field("Base version", base) : null,
    keep,
    editor.el,
    field("Version description", description),
    error.el,
    submitOrCancel("Save new version", () => box.replaceChildren()),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.clear();
    try {
      const body = { payloadEntries: await editor.read() };
      if (usable.length) body.baseVersionId = base.value;
      if (description.value) body.description = description.value;
      const op = await mutate("POST", secretPath(secret.id, ":addVersion"), body);
      announce(`Added version ${op.metadata?.versionId ?? ""}; it is now current.`);
      reload();
    } catch (err) {
      error.show(explain(err, "add versions to this secret", HINT_MANAGE));
    }
  });
  box.replaceChildren(form);
  form.querySelector("input[name=key]")?.focus();
}

/** Fetches a version's payload and shows it; the values live only in these DOM nodes until hidden. */
async function revealValues(secret, version, box) {
  const error = alertBox();
  box.replaceChildren(h("p", { class: "muted" }, `Revealing version ${version.id}…`));
  let payload;
  try {
    payload = await api("GET", secretPath(secret.id, "/payload"), { query: { versionId: version.id } });
  } catch (err) {
    box.replaceChildren(error.el);
    error.show(explain(err, "see the values of this secret", HINT_PAYLOAD));
    return;
  }
  const hide = () => {
    box.replaceChildren();
    announce("Values hidden.");
  };
  const entries = (payload.entries ?? []).map((e) => {
    const isBinary = e.binaryValue !== undefined;
    const valueId = nextId("val");
    if (isBinary) {
      const bytes = base64ToBytes(e.binaryValue);
      return h(
        "div",
        { class: "entry-value", "data-key": e.key },
        h("dt", {}, e.key),
        h(
          "dd",
          {},
          h("span", { class: "muted" }, `binary, ${bytes.length} bytes`),
          button("Download", () => download(e.key, bytes), { "aria-label": `Download ${e.key} as a file` }),
        ),
      );
    }
    return h(
      "div",
      { class: "entry-value", "data-key": e.key },
      h("dt", {}, e.key),
      h(
        "dd",
        {},
        h("code", { id: valueId, class: "value" }, e.textValue ?? ""),
        button("Copy", () => copy(e.key, e.textValue ?? ""), { "aria-label": `Copy ${e.key}` }),
      ),
    );
  });
  box.replaceChildren(
    h(
      "section",
      { class: "card revealed", "aria-label": `Values of version ${version.id}` },
      h(
        "div",
        { class: "title-row" },
        h("h3", {}, `Values of version ${payload.versionId}`),
        button("Hide values", hide),
      ),
      entries.length
        ? h("dl", { class: "values" }, entries)
        : h("p", { class: "empty" }, "This version has no entries."),
    ),
  );
  box.querySelector("h3").tabIndex = -1;
  box.querySelector("h3").focus();
}

async function copy(key, value) {
  try {
    await navigator.clipboard.writeText(value);
    announce(`Copied the value of ${key} to the clipboard.`);
  } catch {
    announce("Copying is not available here: select the value and copy it yourself.");
  }
}

function download(key, bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  const a = h("a", { href: url, download: key.replace(/[\\/]/g, "_"), hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  announce(`Downloading ${key}.`);
}

// ---------------------------------------------------------------------------------------------
// Access

/**
 * Shows "Loading…" in `content`, reads every page of a list, and returns the items; on an error shows
 * it in plain words and returns null. Also null when the user navigated away meanwhile.
 */
async function loadList(content, gen, path, field, what) {
  const error = alertBox();
  content.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    const items = await listAll(path, field);
    return current(gen) ? items : null;
  } catch (err) {
    if (current(gen)) {
      content.replaceChildren(error.el);
      error.show(explain(err, what, HINT_READ));
    }
    return null;
  }
}

async function renderAccess(secret, content, gen) {
  const error = alertBox();
  const path = secretPath(secret.id, ":listAccessBindings");
  const bindings = await loadList(content, gen, path, "accessBindings", "see who has access to this secret");
  if (!bindings) return;
  const change = async (action, roleId, subject) => {
    error.clear();
    try {
      await mutate("POST", secretPath(secret.id, ":updateAccessBindings"), {
        accessBindingDeltas: [{ action, accessBinding: { roleId, subject } }],
      });
      announce(
        `${action === "ADD" ? "Added" : "Removed"} ${subject.type}:${subject.id} ${action === "ADD" ? "to" : "from"} ${roleId}.`,
      );
      reload();
    } catch (err) {
      error.show(explain(err, "change access to this secret", HINT_ACCESS));
    }
  };
  const byRole = new Map();
  for (const b of bindings) {
    if (!byRole.has(b.roleId)) byRole.set(b.roleId, []);
    byRole.get(b.roleId).push(b.subject);
  }
  const role = h(
    "select",
    { name: "role" },
    ROLES.map(([r, what]) => h("option", { value: r }, `${r}: ${what}`)),
  );
  const type = h(
    "select",
    { name: "type" },
    SUBJECT_TYPES.map((t) => h("option", { value: t }, t)),
  );
  const subjectId = h("input", {
    type: "text",
    name: "subject",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
  });
  const form = h(
    "form",
    { method: "post", class: "card" },
    h("h2", {}, "Add a member"),
    h(
      "div",
      { class: "grid" },
      field("Role", role),
      field("Subject type", type),
      field("Subject ID", subjectId, "For system subjects: allAuthenticatedUsers or allUsers."),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Add member")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (subjectId.value.trim())
      void change("ADD", role.value, { type: type.value, id: subjectId.value.trim() });
  });
  content.replaceChildren(
    h(
      "p",
      { class: "muted" },
      "Bindings made on this secret. Roles granted on the folder apply too and are not listed here.",
    ),
    error.el,
    byRole.size === 0
      ? h("p", { class: "empty" }, "No bindings on this secret.")
      : h(
          "div",
          { class: "roles" },
          [...byRole].map(([roleId, subjects]) =>
            h(
              "section",
              { class: "card role", "aria-label": roleId },
              h("h2", {}, roleId),
              h(
                "ul",
                { class: "members" },
                subjects.map((s) =>
                  h(
                    "li",
                    {},
                    h("span", { class: "id" }, `${s.type}:${s.id}`),
                    button("Remove", () => change("REMOVE", roleId, s), {
                      class: "link",
                      "aria-label": `Remove ${s.type}:${s.id} from ${roleId}`,
                    }),
                  ),
                ),
              ),
            ),
          ),
        ),
    form,
  );
}

// ---------------------------------------------------------------------------------------------
// Operations

async function renderOperations(secret, content, gen) {
  const path = secretPath(secret.id, "/operations");
  const ops = await loadList(content, gen, path, "operations", "see this secret's operations");
  if (!ops) return;
  const recent = ops.reverse().slice(0, 100);
  content.replaceChildren(
    recent.length === 0
      ? h("p", { class: "empty" }, "No operations yet.")
      : h(
          "table",
          { class: "data" },
          h("caption", { class: "sr-only" }, "Recent operations, newest first"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["When", "What", "Version", "By", "Result"].map((c) => h("th", { scope: "col" }, c)),
            ),
          ),
          h(
            "tbody",
            {},
            recent.map((op) =>
              h(
                "tr",
                {},
                h("td", { "data-label": "When" }, formatTime(op.createdAt)),
                h("td", { "data-label": "What" }, op.description),
                h(
                  "td",
                  { "data-label": "Version" },
                  op.metadata?.versionId ? h("span", { class: "id" }, op.metadata.versionId) : "",
                ),
                h("td", { "data-label": "By" }, h("span", { class: "id" }, op.createdBy || "")),
                h(
                  "td",
                  { "data-label": "Result" },
                  op.error ? `failed: ${op.error.message}` : op.done ? "done" : "running",
                ),
              ),
            ),
          ),
        ),
    ops.length > 100 ? h("p", { class: "muted" }, `The 100 most recent of ${ops.length} operations.`) : "",
  );
}

// ---------------------------------------------------------------------------------------------
// Start

document.addEventListener("click", (e) => {
  const skip = e.target.closest?.("a.skip");
  if (!skip) return;
  e.preventDefault();
  main().focus();
});
window.addEventListener("hashchange", route);
route();
