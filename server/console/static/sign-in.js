// The sign-in page: an IAM token, or an OAuth token exchanged for one, checked before it is kept.
import { alertBox, announce, field, h, nextId } from "./dom.js";
import { api, ApiError, CODE, explain, session } from "./api.js";
import { parseHash, renderSessionNav, route, show } from "./view.js";

export function renderSignIn(parts) {
  const error = alertBox();
  const token = h("input", {
    type: "password",
    name: "token",
    autocomplete: "off",
    spellcheck: "false",
    autocapitalize: "off",
    required: true,
  });
  const folderFromUrl = parts[0] === "folders" ? parts[1] : "";
  const folder = h("input", {
    type: "text",
    name: "folder",
    value: folderFromUrl || session.folderId,
    required: true,
    autocomplete: "off",
    spellcheck: "false",
  });
  const iam = h("input", { type: "radio", name: "kind", value: "iam", id: nextId("r"), checked: true });
  const oauth = h("input", { type: "radio", name: "kind", value: "oauth", id: nextId("r") });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { method: "post", autocomplete: "off", class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in"),
    h(
      "p",
      { class: "muted" },
      "The token is kept only in this tab's memory: reloading or closing the tab signs you out. Every action runs with this token's roles.",
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Token type"),
      h("div", { class: "check" }, iam, h("label", { for: iam.id }, "IAM token (t1.…)")),
      h(
        "div",
        { class: "check" },
        oauth,
        h("label", { for: oauth.id }, "OAuth token (y0_…), exchanged for an IAM token"),
      ),
    ),
    field("Token", token),
    field("Folder ID", folder, "The folder whose secrets to show, e.g. b1gdemo."),
    error.el,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    const secretToken = token.value.trim();
    const folderId = folder.value.trim();
    const kind = oauth.checked ? "oauth" : "iam";
    if (!secretToken || !folderId) {
      error.show("Enter a token and a folder ID.");
      return;
    }
    submit.disabled = true;
    try {
      let iamToken = secretToken;
      if (kind === "oauth") {
        const res = await api("POST", "/iam/v1/tokens", {
          body: { yandexPassportOauthToken: secretToken },
          auth: false,
        });
        iamToken = res.iamToken;
      }
      // Check the token before keeping it: a refused token is an error, a missing role is not.
      const probe = await fetch(`/lockbox/v1/secrets?folderId=${encodeURIComponent(folderId)}&pageSize=1`, {
        headers: { authorization: `Bearer ${iamToken}` },
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
      if (probe.status === 401) {
        error.show(
          kind === "oauth"
            ? "The IAM token made from this OAuth token was refused. Try again."
            : "This IAM token was not accepted: it is wrong, expired or revoked.",
        );
        return;
      }
      token.value = "";
      session.token = iamToken;
      session.folderId = folderId;
      session.kind = kind === "oauth" ? "signed in with an OAuth token" : "signed in with an IAM token";
      renderSessionNav();
      announce("Signed in.");
      const target = parseHash() ?? [];
      const home = `#/folders/${encodeURIComponent(folderId)}`;
      if ((target[0] === "secrets" && target[1]) || location.hash === home) route();
      else location.hash = home;
    } catch (err) {
      if (err instanceof ApiError && err.code === CODE.UNAUTHENTICATED)
        error.show("This OAuth token was not accepted: it is wrong or has been revoked.");
      else error.show(explain(err, "sign in"));
    } finally {
      submit.disabled = false;
    }
  });
  show("Sign in", form);
}
