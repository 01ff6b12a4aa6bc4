// Search over item texts at scale (issue 18): every two-character piece of an item's title and
// description lives in item_ngrams (migration 0005), written with the item in its transaction.
// A search narrows to the items holding some of the query's grams through that table's primary
// key, then LIKE decides, so the contract's case-insensitive substring semantics stay LIKE's own.
import { LRUCache } from "lru-cache";
import type { Pool, PoolConnection, RowDataPacket } from "mysql2/promise";

type Db = Pool | PoolConnection;

/** Characters per gram: the VARCHAR(2) of item_ngrams.gram. */
const GRAM_LENGTH = 2;
/** Grams of a longer query used to narrow: any subset gives a superset of LIKE's matches. */
const MAX_NARROWING_GRAMS = 3;

/**
 * Writes the n-grams of the given items (none of which has any yet), in the caller's
 * transaction when `db` is a connection inside one. The same statement as migration 0005's
 * backfill: SUBSTRING over text_positions, so SQL's idea of a character decides.
 */
export async function indexItemTexts(db: Db, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length === 0) return;
  await db.query(
    `INSERT INTO item_ngrams (gram, item_id)
     SELECT SUBSTRING(i.title, p.n, ${GRAM_LENGTH}), i.id
       FROM items i JOIN text_positions p ON p.n <= CHAR_LENGTH(i.title)
      WHERE i.id IN (?)
     UNION
     SELECT SUBSTRING(i.description, p.n, ${GRAM_LENGTH}), i.id
       FROM items i JOIN text_positions p ON p.n <= CHAR_LENGTH(i.description)
      WHERE i.id IN (?)`,
    [itemIds, itemIds],
  );
}

/** `text` as a LIKE pattern matching it literally anywhere (backslash is LIKE's escape). */
export function substringPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export interface SqlCondition {
  sql: string;
  params: string[];
}

/**
 * The WHERE condition for "title or description contains `query`" on items aliased `alias`:
 * up to three of the query's grams (first, middle, last) must be the item's, then LIKE on the
 * few candidates. A one-character query is a prefix range over the grams (every character
 * starts one, the last one stands alone).
 */
export function itemTextCondition(
  query: string,
  alias = "i",
  plan: SearchPlan = "grams",
): SqlCondition {
  const narrowing = plan === "grams" ? narrowingConditions(query) : [];
  const pattern = substringPattern(query);
  return {
    sql: [
      ...narrowing.map(
        (gram) => `${alias}.id IN (SELECT item_id FROM item_ngrams WHERE ${gram.sql})`,
      ),
      `(${alias}.title LIKE ? OR ${alias}.description LIKE ?)`,
    ].join(" AND "),
    params: [...narrowing.map((gram) => gram.param), pattern, pattern],
  };
}

/** The n-gram table conditions that hold for every item whose text contains `query`. */
function narrowingConditions(query: string): { sql: string; param: string }[] {
  const characters = Array.from(query);
  return characters.length < GRAM_LENGTH
    ? [{ sql: "gram LIKE ?", param: `${escapeLike(query)}%` }]
    : narrowingGrams(characters).map((gram) => ({ sql: "gram = ?", param: gram }));
}

/**
 * How a search reads its page: `grams` first collects the items holding the query's grams
 * (fast when few do), `scan` walks the listing's own order and lets LIKE pick (fast when many
 * do: a page of matches comes soon, where collecting and sorting every match does not).
 * Both find exactly LIKE's matches; only the cost differs.
 */
export type SearchPlan = "grams" | "scan";

/** A term is common from this many gram rows on (capped counts: never more are read). */
const COMMON_TERM_GRAM_ROWS = 5_000;
/** How long a term's plan is remembered. */
const PLAN_TTL_MS = 60_000;
const MAX_TERMS = 1_000;

/**
 * Chooses each search's plan from how many gram rows its rarest narrowing gram has, counted
 * up to a cap through the table's primary key and remembered for a minute per query
 * (concurrent first searches for a term share one count).
 */
export class SearchPlanner {
  private readonly plans: LRUCache<string, SearchPlan, { db: Db }>;

  constructor(
    private readonly commonTermGramRows = COMMON_TERM_GRAM_ROWS,
    now: () => number = () => performance.now(),
  ) {
    this.plans = new LRUCache<string, SearchPlan, { db: Db }>({
      max: MAX_TERMS,
      ttl: PLAN_TTL_MS,
      ttlResolution: 0,
      perf: { now },
      fetchMethod: async (query, _stale, { context: { db } }) =>
        (await this.rarestGramRows(db, query)) >= this.commonTermGramRows ? "scan" : "grams",
    });
  }

  async planFor(db: Db, query: string): Promise<SearchPlan> {
    const plan = await this.plans.fetch(query, { context: { db } });
    if (plan === undefined) throw new Error(`no search plan for ${query}`);
    return plan;
  }

  private async rarestGramRows(db: Db, query: string): Promise<number> {
    const conditions = narrowingConditions(query);
    const [rows] = await db.query<RowDataPacket[]>(
      conditions
        .map(
          ({ sql }) =>
            `SELECT COUNT(*) AS n FROM (SELECT 1 FROM item_ngrams WHERE ${sql} LIMIT ?) AS g`,
        )
        .join(" UNION ALL "),
      conditions.flatMap(({ param }) => [param, this.commonTermGramRows]),
    );
    return Math.min(...rows.map((row) => Number(row.n)));
  }
}

function narrowingGrams(characters: string[]): string[] {
  const last = characters.length - GRAM_LENGTH;
  const starts = new Set([0, Math.floor(last / 2), last].slice(0, MAX_NARROWING_GRAMS));
  return [...starts].map((start) => characters.slice(start, start + GRAM_LENGTH).join(""));
}
