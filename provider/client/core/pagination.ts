/**
 * The one pagination helper (docs/conventions.md#one-pagination-helper-one-operation-poller): walks
 * `pageToken` / `nextPageToken` (docs/lockbox-api.md#pagination).
 */

/** One page as the API returns it: items under a list key plus an optional `nextPageToken`. */
export interface Page<T> {
  /** Items of this page. */
  readonly items: readonly T[];
  /** Token of the next page; empty or absent at the end. */
  readonly nextPageToken: string | undefined;
}

/** Fetches the page starting at `pageToken` (undefined for the first page). */
export type FetchPage<T> = (pageToken: string | undefined) => Promise<Page<T>>;

/**
 * A List call that has not run yet. Iterate it to walk every item of every page, or call
 * {@link PageIterator.page} for one page.
 *
 * @example
 * for await (const secret of client.secrets.list({ folderId })) console.log(secret.id);
 * const first = await client.secrets.list({ folderId, pageSize: 10 }).page();
 */
export class PageIterator<T> implements AsyncIterable<T> {
  readonly #fetchPage: FetchPage<T>;
  readonly #startToken: string | undefined;

  constructor(fetchPage: FetchPage<T>, startToken?: string) {
    this.#fetchPage = fetchPage;
    this.#startToken = startToken;
  }

  /** Fetches one page: the starting one, or the one `pageToken` names. */
  page(pageToken: string | undefined = this.#startToken): Promise<Page<T>> {
    return this.#fetchPage(pageToken);
  }

  /** Walks the pages one request at a time, stopping at an empty `nextPageToken`. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let token = this.#startToken;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.#fetchPage(token);
      yield page;
      const next = page.nextPageToken;
      if (next === undefined || next === "") return;
      // A server that hands back a token it already gave would loop forever; stop instead.
      if (seen.has(next)) throw new Error(`pagination returned the page token "${next}" twice`);
      seen.add(next);
      token = next;
    }
  }

  /** Every item of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Collects every item of every page into an array. */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

/** Builds a {@link PageIterator} from a page fetcher. */
export function paginate<T>(fetchPage: FetchPage<T>, startToken?: string): PageIterator<T> {
  return new PageIterator(fetchPage, startToken);
}
