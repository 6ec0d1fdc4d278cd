// KMS keys: the keys of a folder with a form that creates one, and one key's page (status, rotation
// period, access bindings), through the REST KMS endpoints lockbox-local serves (/kms/v1/keys).
// A key holds no secret value; its material never leaves the server.
import { alertBox, announce, button, checkbox, field, formatTime, h, statusBadge } from "./dom.js";
import { api, explain, listAll, mutate } from "./api.js";
import { current, reload, show } from "./view.js";
import { renderBindings } from "./access.js";

/** The algorithms a key can have; the first is the one the form proposes (the SDK's default too). */
const ALGORITHMS = [
  ["AES_256", "AES-256"],
  ["AES_128", "AES-128"],
  ["AES_192", "AES-192"],
  ["AES_256_HSM", "AES-256 in a hardware security module"],
  ["GOST_R_3412_2015_K", "GOST R 34.12-2015 (Kuznyechik)"],
];

/** Roles that can be bound on a key, with what they allow. */
const KEY_ROLES = [
  ["kms.keys.encrypterDecrypter", "encrypt and decrypt (what reading an encrypted secret needs)"],
  ["kms.keys.encrypter", "encrypt only"],
  ["kms.keys.decrypter", "decrypt only"],
  ["kms.viewer", "see the key"],
  ["kms.auditor", "see the key and its access"],
  ["kms.editor", "change the key"],
  ["kms.admin", "everything, including access"],
  ["viewer", "primitive: see metadata"],
  ["editor", "primitive: change metadata"],
  ["admin", "primitive: everything"],
];

const HINT_KMS_READ = "Seeing keys needs the kms.viewer role (or higher) on the folder or the key.";
const HINT_KMS_MANAGE =
  "Creating and changing keys needs the kms.editor role (or kms.admin) on the folder or the key.";
const HINT_KMS_ACCESS = "Changing access to a key needs the kms.admin role on the key or its folder.";

const keyPath = (id, suffix = "") => `/kms/v1/keys/${encodeURIComponent(id)}${suffix}`;
const keysHref = (folderId) => `#/folders/${encodeURIComponent(folderId)}/keys`;

/** A Duration ("2592000s") in words; no Duration means no automatic rotation. */
function periodText(duration) {
  if (!duration) return "off (rotate by hand)";
  const seconds = Number(String(duration).replace(/s$/, ""));
  if (seconds % 86400 === 0) return `every ${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;
  if (seconds % 3600 === 0) return `every ${seconds / 3600} hours`;
  return `every ${seconds} seconds`;
}

/** Days written in a form field as a Duration; empty means no automatic rotation. */
function daysToDuration(text) {
  const t = text.trim();
  if (t === "") return undefined;
  const days = Number(t);
  if (!Number.isInteger(days) || days < 1)
    throw new Error("Rotation period: write a whole number of days (1 or more), or leave it empty for none.");
  return `${days * 86400}s`;
}

const algorithmSelect = () =>
  h(
    "select",
    { name: "algorithm" },
    ALGORITHMS.map(([value, text]) => h("option", { value }, `${value}: ${text}`)),
  );

const rotationInput = (value = "") =>
  h("input", { type: "text", name: "rotationDays", inputmode: "numeric", value, autocomplete: "off" });

/** The keys of a folder, newest last, and the create form. */
export async function renderKeys(folderId, gen) {
  const error = alertBox();
  const body = h("div", { "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  const name = h("input", { type: "text", name: "name", autocomplete: "off", spellcheck: "false" });
  const algorithm = algorithmSelect();
  const rotation = rotationInput("90");
  const protect = checkbox("Deletion protection", { name: "deletionProtection" });
  const formError = alertBox();
  const form = h(
    "form",
    { method: "post", class: "card" },
    h("h2", {}, "Create a key"),
    formError.el,
    h(
      "div",
      { class: "grid" },
      field("Key name", name, "Optional; need not be unique."),
      field("Algorithm", algorithm, "For the key's first version and later rotations."),
      field("Rotation period (days)", rotation, "Empty: no automatic rotation."),
    ),
    protect,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create key")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    formError.clear();
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      const request = { folderId, defaultAlgorithm: algorithm.value };
      if (name.value.trim()) request.name = name.value.trim();
      const rotationPeriod = daysToDuration(rotation.value);
      if (rotationPeriod) request.rotationPeriod = rotationPeriod;
      if (protect.querySelector("input").checked) request.deletionProtection = true;
      const op = await mutate("POST", "/kms/v1/keys", request);
      announce(`Created key ${op.response?.name || op.metadata?.keyId}.`);
      reload();
    } catch (err) {
      formError.show(explain(err, "create a key in this folder", HINT_KMS_MANAGE));
    } finally {
      submit.disabled = false;
    }
  });
  show(
    "KMS keys",
    h("h1", {}, "KMS keys"),
    h("p", { class: "muted" }, `Folder ${folderId}. A secret's kmsKeyId names one of these keys.`),
    error.el,
    body,
    form,
  );
  let keys;
  try {
    keys = await listAll("/kms/v1/keys", "keys", { folderId });
  } catch (err) {
    if (!current(gen)) return;
    body.setAttribute("aria-busy", "false");
    body.replaceChildren();
    error.show(explain(err, "list the keys of this folder", HINT_KMS_READ));
    return;
  }
  if (!current(gen)) return;
  body.setAttribute("aria-busy", "false");
  body.replaceChildren(
    keys.length === 0
      ? h("p", { class: "empty" }, "No keys in this folder yet.")
      : h(
          "table",
          { class: "data" },
          h("caption", { class: "sr-only" }, "KMS keys"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Name", "ID", "Status", "Algorithm", "Rotation", "Created"].map((c) =>
                h("th", { scope: "col" }, c),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            keys.map((k) =>
              h(
                "tr",
                { "data-key": k.id },
                h(
                  "td",
                  { "data-label": "Name" },
                  h("a", { href: `#/keys/${encodeURIComponent(k.id)}` }, k.name || k.id),
                ),
                h("td", { "data-label": "ID" }, h("span", { class: "id" }, k.id)),
                h("td", { "data-label": "Status" }, statusBadge(k.status)),
                h("td", { "data-label": "Algorithm" }, k.defaultAlgorithm ?? ""),
                h("td", { "data-label": "Rotation" }, periodText(k.rotationPeriod)),
                h("td", { "data-label": "Created" }, formatTime(k.createdAt)),
              ),
            ),
          ),
        ),
  );
}

/** One key: its details, Activate/Deactivate, the rotation period, and its access bindings. */
export async function renderKey(id, gen) {
  const error = alertBox();
  show(
    "KMS key",
    h("h1", {}, "KMS key"),
    h("p", { class: "muted", "aria-busy": "true" }, "Loading…"),
    error.el,
  );
  let key;
  try {
    key = await api("GET", keyPath(id));
  } catch (err) {
    if (!current(gen)) return;
    error.show(explain(err, "see this key", HINT_KMS_READ));
    return;
  }
  if (!current(gen)) return;
  const label = key.name || key.id;
  const update = async (mask, body, done, what) => {
    error.clear();
    try {
      await mutate("PATCH", keyPath(key.id), { updateMask: mask, ...body });
      announce(done);
      reload();
    } catch (err) {
      error.show(explain(err, what, HINT_KMS_MANAGE));
    }
  };
  const active = key.status === "ACTIVE";
  const toggle = button(
    active ? "Deactivate" : "Activate",
    () =>
      update(
        "status",
        { status: active ? "INACTIVE" : "ACTIVE" },
        `Key ${label} is ${active ? "inactive: it can no longer encrypt or decrypt" : "active again"}.`,
        `${active ? "deactivate" : "activate"} this key`,
      ),
    { disabled: key.status !== "ACTIVE" && key.status !== "INACTIVE" },
  );
  const seconds = Number(String(key.rotationPeriod ?? "").replace(/s$/, ""));
  const rotation = rotationInput(seconds && seconds % 86400 === 0 ? String(seconds / 86400) : "");
  const rotationForm = h(
    "form",
    { method: "post", class: "inline" },
    field("Rotation period (days)", rotation, "Empty: no automatic rotation."),
    h("button", { type: "submit" }, "Save rotation period"),
  );
  rotationForm.addEventListener("submit", (e) => {
    e.preventDefault();
    let rotationPeriod;
    try {
      rotationPeriod = daysToDuration(rotation.value);
    } catch (err) {
      error.show(err.message);
      return;
    }
    void update(
      "rotationPeriod",
      rotationPeriod ? { rotationPeriod } : {},
      `Rotation period of ${label}: ${periodText(rotationPeriod)}.`,
      "change this key's rotation period",
    );
  });
  const access = h("div", {});
  show(
    label,
    h("p", { class: "crumbs" }, h("a", { href: keysHref(key.folderId) }, `KMS keys of ${key.folderId}`)),
    h("div", { class: "title-row start" }, h("h1", {}, label), statusBadge(key.status)),
    error.el,
    h(
      "section",
      { class: "card", "aria-label": "Details" },
      h(
        "dl",
        { class: "details" },
        [
          ["ID", h("span", { class: "id" }, key.id)],
          ["Folder", key.folderId],
          ["Description", key.description || h("span", { class: "muted" }, "none")],
          ["Algorithm", key.defaultAlgorithm ?? ""],
          ["Primary version", h("span", { class: "id" }, key.primaryVersion?.id ?? "")],
          ["Rotation", periodText(key.rotationPeriod)],
          [
            "Last rotated",
            key.rotatedAt ? formatTime(key.rotatedAt) : h("span", { class: "muted" }, "never"),
          ],
          ["Deletion protection", key.deletionProtection ? "On" : "Off"],
          ["Created", formatTime(key.createdAt)],
        ].map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
      ),
      h("div", { class: "toolbar" }, rotationForm, h("div", { class: "actions" }, toggle)),
    ),
    h("h2", {}, "Access"),
    access,
  );
  return renderBindings(access, gen, {
    base: keyPath(key.id),
    roles: KEY_ROLES,
    noun: "key",
    hint: HINT_KMS_ACCESS,
  });
}
