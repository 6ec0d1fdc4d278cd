// The entries editor (text values, or files sent as binary values) of the new-secret form and of
// "Add version".
import { button, bytesToBase64, field, h, nextId } from "./dom.js";

const MAX_VALUE_BYTES = 65536;

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
export function entriesEditor(options = {}) {
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
