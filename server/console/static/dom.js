// Small DOM helpers shared by the pages: elements, labelled fields, alerts, the status line, badges,
// dialogs, label and base64 conversions. Text is always set as text, never parsed as HTML.
/** Creates an element: `h("button", { type: "button", onclick: fn }, "Save")`. */
export function h(tag, attrs = {}, ...children) {
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
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** A labelled form control: `field("Name", h("input", {...}))`, with an optional hint. */
export function field(label, control, hint) {
  control.id ||= nextId("f");
  const hintEl = hint ? h("p", { class: "hint", id: nextId("hint") }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

export function checkbox(label, attrs) {
  const input = h("input", { type: "checkbox", id: nextId("c"), ...attrs });
  return h("div", { class: "check" }, input, h("label", { for: input.id }, label));
}

export function button(label, onclick, attrs = {}) {
  return h("button", { type: "button", onclick, ...attrs }, label);
}

/** A form's submit button and a Cancel button. */
export function submitOrCancel(label, cancel) {
  return h(
    "div",
    { class: "actions" },
    h("button", { type: "submit", class: "primary" }, label),
    button("Cancel", cancel),
  );
}

/** An element that shows an error in plain words (role=alert) or nothing. */
export function alertBox() {
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
export function announce(message) {
  statusEl().textContent = message;
}

export function formatTime(iso) {
  if (!iso) return "";
  const text = iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
  return h("time", { datetime: iso }, text);
}

export const secretLabel = (s) => s.name || s.id;

export function labelsText(labels) {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/** Parses "key=value" lines; throws an Error naming the bad line. */
export function parseLabels(text) {
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

export function bytesToBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(b64) {
  const binary = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function statusBadge(status) {
  return h("span", { class: `badge ${String(status).toLowerCase()}` }, String(status).replace(/_/g, " "));
}

export function labelChips(labels) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return h("span", { class: "muted" }, "none");
  return h(
    "ul",
    { class: "chips" },
    entries.map(([k, v]) => h("li", {}, `${k}=${v}`)),
  );
}

export function dialog(title, ...children) {
  const titleId = nextId("dlg");
  const el = h("dialog", { "aria-labelledby": titleId }, h("h2", { id: titleId }, title), ...children);
  el.addEventListener("close", () => el.remove());
  document.body.append(el);
  el.showModal();
  return el;
}
