import assert from "node:assert/strict";
import { paginate, type Page } from "../../../provider/client/core/pagination";

function pagesOf(pages: Record<string, Page<number>>) {
  const asked: Array<string | undefined> = [];
  const fetch = (token: string | undefined) => {
    asked.push(token);
    const page = pages[token ?? ""];
    return page === undefined ? Promise.reject(new Error(`no page ${token}`)) : Promise.resolve(page);
  };
  return { asked, fetch };
}

describe("client pagination", () => {
  describe("paginate()", () => {
    it("walks every item of every page in order, passing each nextPageToken back", async () => {
      const { asked, fetch } = pagesOf({
        "": { items: [1, 2], nextPageToken: "b" },
        b: { items: [3], nextPageToken: "c" },
        c: { items: [4, 5], nextPageToken: "" },
      });
      const items: number[] = [];
      for await (const n of paginate(fetch)) items.push(n);
      assert.deepEqual(items, [1, 2, 3, 4, 5]);
      assert.deepEqual(asked, [undefined, "b", "c"]);
    });

    it("stops when nextPageToken is missing", async () => {
      const { asked, fetch } = pagesOf({ "": { items: [1], nextPageToken: undefined } });
      assert.deepEqual(await paginate(fetch).toArray(), [1]);
      assert.equal(asked.length, 1);
    });

    it("yields nothing for an empty first page", async () => {
      const { fetch } = pagesOf({ "": { items: [], nextPageToken: undefined } });
      assert.deepEqual(await paginate(fetch).toArray(), []);
    });

    it("fetches nothing until it is iterated", () => {
      const { asked, fetch } = pagesOf({});
      paginate(fetch);
      assert.equal(asked.length, 0);
    });

    it("starts from a given page token", async () => {
      const { asked, fetch } = pagesOf({ c: { items: [9], nextPageToken: "" } });
      assert.deepEqual(await paginate(fetch, "c").toArray(), [9]);
      assert.deepEqual(asked, ["c"]);
    });

    it("fetches exactly one page with .page()", async () => {
      const { asked, fetch } = pagesOf({
        "": { items: [1], nextPageToken: "b" },
        b: { items: [2], nextPageToken: "" },
      });
      const page = await paginate(fetch).page();
      assert.deepEqual(page, { items: [1], nextPageToken: "b" });
      assert.deepEqual((await paginate(fetch).page("b")).items, [2]);
      assert.deepEqual(asked, [undefined, "b"]);
    });

    it("yields whole pages with .pages()", async () => {
      const { fetch } = pagesOf({
        "": { items: [1], nextPageToken: "b" },
        b: { items: [2, 3], nextPageToken: "" },
      });
      const sizes: number[] = [];
      for await (const p of paginate(fetch).pages()) sizes.push(p.items.length);
      assert.deepEqual(sizes, [1, 2]);
    });

    it("fails instead of looping when the server repeats a page token", async () => {
      const { fetch } = pagesOf({
        "": { items: [1], nextPageToken: "b" },
        b: { items: [2], nextPageToken: "b" },
      });
      await assert.rejects(paginate(fetch).toArray(), /page token "b" twice/);
    });

    it("surfaces a failing page fetch", async () => {
      const { fetch } = pagesOf({ "": { items: [1], nextPageToken: "missing" } });
      await assert.rejects(paginate(fetch).toArray(), /no page missing/);
    });
  });
});
