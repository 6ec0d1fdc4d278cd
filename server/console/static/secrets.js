// The secrets of a folder: search, paging, and links to each secret and to the new-secret form.
import { alertBox, button, field, formatTime, h, labelChips, labelsText, statusBadge } from "./dom.js";
import { api, explain, HINT_READ, listAll } from "./api.js";
import { current, nextGeneration, show } from "./view.js";

const listState = { folderId: "", pageSize: 20, tokens: [""], index: 0, query: "", matches: null };

function matchesQuery(s, q) {
  const hay = [s.id, s.name ?? "", s.description ?? "", labelsText(s.labels)].join("\n").toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

export async function renderList(folderId, gen) {
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
    void renderList(folderId, nextGeneration());
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
        void renderList(folderId, nextGeneration());
      },
    },
    [10, 20, 50, 100].map((n) =>
      h("option", { value: String(n), selected: n === listState.pageSize }, String(n)),
    ),
  );
  const go = (delta) => {
    listState.index += delta;
    void renderList(folderId, nextGeneration());
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
