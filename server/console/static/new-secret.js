import { alertBox, announce, checkbox, field, h, nextId, parseLabels } from "./dom.js";
import { api, explain, HINT_MANAGE, mutate } from "./api.js";
import { current, show } from "./view.js";
import { entriesEditor } from "./entries.js";

export function renderCreate(folderId, gen) {
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
