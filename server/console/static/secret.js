// One secret: its header and tabs, the overview (details, Edit, Deactivate/Activate, Delete).
import {
  alertBox,
  announce,
  button,
  checkbox,
  dialog,
  field,
  formatTime,
  h,
  labelChips,
  labelsText,
  nextId,
  parseLabels,
  secretLabel,
  statusBadge,
  submitOrCancel,
} from "./dom.js";
import { api, explain, HINT_MANAGE, HINT_READ, mutate, secretPath } from "./api.js";
import { current, reload, show } from "./view.js";
import { renderVersions } from "./versions.js";
import { renderAccess } from "./access.js";
import { renderOperations } from "./operations.js";

export async function renderSecret(id, tab, gen) {
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
