/**
 * The console's static files over HTTP on a real lockbox-local: the page, its module and style
 * sheet with a strict Content-Security-Policy, HEAD, conditional GET, unknown files, other verbs,
 * the API beside it untouched (and never cacheable), and the files found from the built `dist/`.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONSOLE_CSP, staticDir } from "../../../server/console";
import { startLocalServer, type LocalServer } from "../../helpers/server";

describe("lockbox-local serves the web console at /console", () => {
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer();
  });

  it("serves the page with a strict CSP and no caching; /console/ is the same page", async () => {
    for (const p of ["/console", "/console/"]) {
      const res = await fetch(`${server.url}${p}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(res.headers.get("content-security-policy"), CONSOLE_CSP);
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const html = await res.text();
      assert.match(html, /<script type="module" src="\/console\/app\.js"><\/script>/);
      assert.doesNotMatch(
        html,
        /<script>|<style|style="|\son[a-z]+="/i,
        "no inline script, style or handler",
      );
    }
    for (const d of [
      "default-src 'none'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ])
      assert.ok(CONSOLE_CSP.includes(d), d);
    assert.doesNotMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval|https?:/);
  });

  it("serves the module and style sheet with ETags; a matching If-None-Match answers 304", async () => {
    const js = await fetch(`${server.url}/console/app.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
    const body = await js.text();
    assert.equal(body, fs.readFileSync(path.join(staticDir(), "app.js"), "utf8"));
    assert.doesNotMatch(
      body,
      /localStorage|sessionStorage|document\.cookie|indexedDB|console\.log|innerHTML/,
    );
    const etag = js.headers.get("etag")!;
    assert.match(etag, /^"[\w-]+"$/);
    const again = await fetch(`${server.url}/console/app.js`, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), "");
    const css = await fetch(`${server.url}/console/app.css`);
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  });

  it("serves every module app.js imports, transitively, as JavaScript under the CSP; none touches storage or innerHTML", async () => {
    const seen = new Set<string>();
    const queue = ["app.js"];
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const res = await fetch(`${server.url}/console/${name}`);
      assert.equal(res.status, 200, name);
      // A module script needs a JavaScript type; the CSP's script-src 'self' covers its imports.
      assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8", name);
      assert.equal(res.headers.get("content-security-policy"), CONSOLE_CSP, name);
      const body = await res.text();
      assert.doesNotMatch(
        body,
        /localStorage|sessionStorage|document\.cookie|indexedDB|console\.log|innerHTML/,
        name,
      );
      assert.ok(body.split("\n").length < 400, `${name} is under 400 lines`);
      for (const m of body.matchAll(/^import [^;]+ from "\.\/([a-z0-9-]+\.js)";$/gm)) queue.push(m[1]!);
      assert.doesNotMatch(
        body,
        /import\(|from "(?!\.\/)/,
        `${name} imports only sibling modules, statically`,
      );
    }
    const onDisk = fs.readdirSync(staticDir()).filter((f) => f.endsWith(".js"));
    assert.deepEqual([...seen].sort(), onDisk.sort(), "every module on disk is reachable from app.js");
  });

  it("answers HEAD with the headers only", async () => {
    const res = await fetch(`${server.url}/console/app.css`, { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(
      Number(res.headers.get("content-length")),
      fs.statSync(path.join(staticDir(), "app.css")).size,
    );
    assert.equal(await res.text(), "");
  });

  it("answers 404 for unknown files and 405 for other verbs, and leaves other paths to the API", async () => {
    for (const p of ["/console/nope.js", "/console/../server/app.ts", "/console/static/app.js"]) {
      const res = await fetch(`${server.url}${p}`);
      // fetch normalises "..": the request for /server/app.ts goes to the API router (404 JSON).
      assert.equal(res.status, 404, p);
    }
    const nope = await fetch(`${server.url}/console/nope.js`);
    assert.equal(nope.headers.get("content-security-policy"), CONSOLE_CSP);
    const post = await fetch(`${server.url}/console`, { method: "POST", body: "token=t1.x" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD");
    const lookalike = await fetch(`${server.url}/consoles`);
    assert.equal(lookalike.status, 404);
    assert.equal(
      ((await lookalike.json()) as { code: number }).code,
      5,
      "a path that only starts with /console is the API's",
    );
  });

  it("marks API answers as never cacheable", async () => {
    const res = await fetch(`${server.url}/lockbox/v1/secrets?folderId=b1gx`, {
      headers: { authorization: `Bearer ${server.rootToken}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const err = await fetch(`${server.url}/lockbox/v1/secrets?folderId=b1gx`);
    assert.equal(err.status, 401);
    assert.equal(err.headers.get("cache-control"), "no-store");
  });

  it("finds the static files from the built dist/ (the package ships server/console/static)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as {
      files: string[];
    };
    assert.ok(pkg.files.includes("server/console/static"));
    const built = path.resolve(__dirname, "../../../dist/server/console/index.js");
    assert.ok(fs.existsSync(built), "npm run build ran");
    const fromDist = (require(built) as { staticDir(): string }).staticDir();
    assert.equal(fs.realpathSync(fromDist), fs.realpathSync(staticDir()));
  });
});
