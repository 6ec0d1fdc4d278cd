// lockbox-local web console: native ES modules, one per page, no dependencies, no build step.
//
// Every action goes through lockbox-local's public REST API with the signed-in caller's token, so
// the server checks the caller's roles as it does for any client. The token lives only in the
// `session` object of api.js (this tab's memory): never in storage, cookies or the URL. Revealed
// values exist only in the DOM while shown; nothing here logs.
//
// This module routes addresses (#/folders/<id>, #/folders/<id>/new, #/folders/<id>/keys,
// #/secrets/<id>[/access|/operations], #/keys/<id>) to the pages.
import { session } from "./api.js";
import { main, nextGeneration, parseHash, renderSessionNav, route, setRouter } from "./view.js";
import { renderSignIn } from "./sign-in.js";
import { renderList } from "./secrets.js";
import { renderCreate } from "./new-secret.js";
import { renderSecret } from "./secret.js";
import { renderKey, renderKeys } from "./kms.js";

function dispatch() {
  const gen = nextGeneration();
  const parts = parseHash() ?? [];
  if (!session.token) return renderSignIn(parts);
  const [kind, id, sub] = parts;
  if (kind === "folders" && id) {
    if (id !== session.folderId) {
      session.folderId = id;
      renderSessionNav();
    }
    if (sub === "keys") return renderKeys(id, gen);
    return sub === "new" ? renderCreate(id, gen) : renderList(id, gen);
  }
  if (kind === "keys" && id) return renderKey(id, gen);
  if (kind === "secrets" && id) return renderSecret(id, sub ?? "", gen);
  location.replace(`#/folders/${encodeURIComponent(session.folderId)}`);
}

document.addEventListener("click", (e) => {
  const skip = e.target.closest?.("a.skip");
  if (!skip) return;
  e.preventDefault();
  main().focus();
});

setRouter(dispatch);
window.addEventListener("hashchange", route);

route();
