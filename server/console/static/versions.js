// The versions of a secret: add one, make one current, schedule or cancel destruction, and reveal,
// copy or download values (which live only in the DOM while shown).
import {
  alertBox,
  announce,
  base64ToBytes,
  button,
  dialog,
  field,
  formatTime,
  h,
  nextId,
  secretLabel,
  statusBadge,
  submitOrCancel,
} from "./dom.js";
import { api, explain, HINT_MANAGE, HINT_PAYLOAD, HINT_READ, listAll, mutate, secretPath } from "./api.js";
import { current, reload } from "./view.js";
import { entriesEditor } from "./entries.js";

export async function renderVersions(secret, section, gen) {
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
