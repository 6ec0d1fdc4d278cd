// What every page shares about the view: drawing a page, the navigation token, the session bar,
// signing out, the router hook, and loading a list into a section.
import { alertBox, announce, button, h } from "./dom.js";
import { explain, HINT_READ, listAll, session, whenExpired } from "./api.js";

export const main = () => document.getElementById("main");

let generation = 0;

/** Starts a new navigation: pages compare their token with `current` before they draw. */
export function nextGeneration() {
  return ++generation;
}

let router = () => {};
/** Sets the function that draws the page of the current address (app.js). */
export function setRouter(fn) {
  router = fn;
}

/** Draws the page of the current address. */
export const route = () => router();

/** Replaces the page's content with `nodes`, moves focus to the first heading, returns a token to detect navigation. */
export function show(title, ...nodes) {
  document.title = `${title} · lockbox-local console`;
  main().replaceChildren(...nodes.flat());
  const heading = main().querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

export function renderSessionNav() {
  const nav = document.getElementById("session");
  if (!session.token) {
    nav.replaceChildren();
    return;
  }
  nav.replaceChildren(
    h("a", { href: `#/folders/${encodeURIComponent(session.folderId)}` }, "Secrets"),
    h("a", { href: `#/folders/${encodeURIComponent(session.folderId)}/keys` }, "KMS keys"),
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

export function expired() {
  signOut("Your session ended: the token was refused (expired or revoked). Sign in again.");
}

export function parseHash() {
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

export const current = (gen) => gen === generation;

/** Renders the current address again (after a change). */
export const reload = () => route();

/**
 * Shows "Loading…" in `content`, reads every page of a list, and returns the items; on an error shows
 * it in plain words and returns null. Also null when the user navigated away meanwhile.
 */
export async function loadList(content, gen, path, field, what) {
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

whenExpired(expired);
