// How many items match a list filter, without a full COUNT(*) on every list request (issue 18).
// A page query asks for one row more than the page: when the matches end on or before that page
// the total is exact from the rows themselves. Only a filter whose matches go on past the page
// is counted, and that count is shared by every request with the same filter for a few seconds.
// A count that has expired is still answered while one request recounts it in the background:
// at 1M items a count takes long enough that every request of a busy filter waiting for it (or
// all of them counting at once) made the list's p99 jump every few seconds and some time out.

/** How long one filter's count answers for it. */
export const LIST_COUNT_TTL_MS = 5_000;
/** Filters remembered per pool; the oldest is forgotten first. */
const MAX_FILTERS = 1_000;

interface CachedCount {
  total: number;
  expiresAt: number;
  /** A recount is under way: one per filter at a time. */
  recounting?: true;
}

export class ListCountCache {
  private readonly counts = new Map<string, CachedCount>();
  /** Concurrent first requests for a filter share one count. */
  private readonly firstCounts = new Map<string, Promise<number>>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * The total for a page that started `offset` rows in and got `rows` rows when it asked for
   * `pageSize + 1`. `count` runs only when the rows cannot tell, at most once per filter and TTL.
   */
  async total(
    filter: string,
    page: { offset: number; pageSize: number; rows: number },
    count: () => Promise<number>,
  ): Promise<number> {
    const seen = page.offset + Math.min(page.rows, page.pageSize);
    if (page.rows <= page.pageSize && (page.rows > 0 || page.offset === 0)) return seen;
    const counted = await this.cachedCount(filter, count);
    if (page.rows === 0) return counted;
    // a count from before the newest items can be short of what this very page shows
    return Math.max(counted, page.rows > page.pageSize ? seen + 1 : seen);
  }

  private async cachedCount(filter: string, count: () => Promise<number>): Promise<number> {
    const cached = this.counts.get(filter);
    if (cached === undefined) {
      return this.firstCounts.get(filter) ?? this.countFirst(filter, count);
    }
    if (cached.expiresAt <= this.now() && !cached.recounting) {
      cached.recounting = true;
      count().then(
        (total) => this.remember(filter, total),
        () => {
          // The page query beside it reports a dead database; the old count answers until
          // the next try, one TTL later.
          cached.expiresAt = this.now() + LIST_COUNT_TTL_MS;
          cached.recounting = undefined;
        },
      );
    }
    return cached.total;
  }

  private async countFirst(filter: string, count: () => Promise<number>): Promise<number> {
    const counting = count();
    this.firstCounts.set(filter, counting);
    try {
      const total = await counting;
      this.remember(filter, total);
      return total;
    } finally {
      this.firstCounts.delete(filter);
    }
  }

  private remember(filter: string, total: number): void {
    this.counts.delete(filter);
    this.counts.set(filter, { total, expiresAt: this.now() + LIST_COUNT_TTL_MS });
    if (this.counts.size > MAX_FILTERS) {
      const oldest = this.counts.keys().next().value;
      if (oldest !== undefined) this.counts.delete(oldest);
    }
  }
}
