// The Access tab of a secret, and the bindings editor the KMS key page uses too.
import { alertBox, announce, button, field, h } from "./dom.js";
import { explain, HINT_ACCESS, mutate, secretPath } from "./api.js";
import { loadList, reload } from "./view.js";

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

/** The Access tab of a secret. */
export function renderAccess(secret, content, gen) {
  return renderBindings(content, gen, {
    base: secretPath(secret.id),
    roles: ROLES,
    noun: "secret",
    hint: HINT_ACCESS,
  });
}

/**
 * The access bindings of one resource (`base`: its REST path, e.g. /kms/v1/keys/<id>), with a form
 * that adds a member to one of `roles` and a Remove button per member (updateAccessBindings).
 */
export async function renderBindings(content, gen, { base, roles, noun, hint }) {
  const error = alertBox();
  const what = `see who has access to this ${noun}`;
  const bindings = await loadList(content, gen, `${base}:listAccessBindings`, "accessBindings", what);
  if (!bindings) return;
  const change = async (action, roleId, subject) => {
    error.clear();
    try {
      await mutate("POST", `${base}:updateAccessBindings`, {
        accessBindingDeltas: [{ action, accessBinding: { roleId, subject } }],
      });
      announce(
        `${action === "ADD" ? "Added" : "Removed"} ${subject.type}:${subject.id} ${action === "ADD" ? "to" : "from"} ${roleId}.`,
      );
      reload();
    } catch (err) {
      error.show(explain(err, `change access to this ${noun}`, hint));
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
    roles.map(([r, allows]) => h("option", { value: r }, `${r}: ${allows}`)),
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
      `Bindings made on this ${noun}. Roles granted on the folder apply too and are not listed here.`,
    ),
    error.el,
    byRole.size === 0
      ? h("p", { class: "empty" }, `No bindings on this ${noun}.`)
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
