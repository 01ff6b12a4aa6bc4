// How many items match a list filter, without a full COUNT(*) on every list request (issue 18).
// A page query asks for one row more than the page: when the matches end on or before that page
// the total is exact from the rows themselves. Only a filter whose matches go on past the page
// is counted, and that count is shared by every request with the same filter for a few seconds.
// A count that has expired is still answered while one request recounts it in the background:
// at 1M items a count takes long enough that every request of a busy filter waiting for it (or
// all of them counting at once) made the list's p99 jump every few seconds and some time out.

import { LRUCache } from "lru-cache";

/** How long one filter's count answers for it. */
export const LIST_COUNT_TTL_MS = 5_000;
/** Filters remembered per pool; the least recently used is forgotten first. */
const MAX_FILTERS = 1_000;

type Count = () => Promise<number>;

export class ListCountCache {
  /**
   * lru-cache's fetch does the rest: concurrent first requests for a filter share one count, an
   * expired count answers while one recount runs behind it (`allowStale`).
   */
  private readonly counts: LRUCache<string, number, Count>;

  constructor(now: () => number = () => performance.now()) {
    this.counts = new LRUCache<string, number, Count>({
      max: MAX_FILTERS,
      ttl: LIST_COUNT_TTL_MS,
      ttlResolution: 0,
      perf: { now },
      allowStale: true,
      fetchMethod: async (_filter, stale, { context: count }) => {
        try {
          return await count();
        } catch (error) {
          // The page query beside it reports a dead database; the old count answers until the
          // next try, one TTL later. A first count that fails fails its requests.
          if (stale === undefined) throw error;
          return stale;
        }
      },
    });
  }

  /**
   * The total for a page that started `offset` rows in and got `rows` rows when it asked for
   * `pageSize + 1`. `count` runs only when the rows cannot tell, at most once per filter and TTL.
   */
  async total(
    filter: string,
    page: { offset: number; pageSize: number; rows: number },
    count: Count,
  ): Promise<number> {
    const seen = page.offset + Math.min(page.rows, page.pageSize);
    if (page.rows <= page.pageSize && (page.rows > 0 || page.offset === 0)) return seen;
    const counted = await this.counts.fetch(filter, { context: count });
    if (counted === undefined) throw new Error(`no count for ${filter}`);
    if (page.rows === 0) return counted;
    // a count from before the newest items can be short of what this very page shows
    return Math.max(counted, page.rows > page.pageSize ? seen + 1 : seen);
  }
}
