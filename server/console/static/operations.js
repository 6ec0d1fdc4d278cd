// The Operations tab of a secret: its recent operations, newest first.
import { formatTime, h } from "./dom.js";
import { secretPath } from "./api.js";
import { loadList } from "./view.js";

export async function renderOperations(secret, content, gen) {
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
