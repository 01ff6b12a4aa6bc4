import {
  type ItemCategory,
  type ItemCondition,
  type ItemDetail,
  type ItemSummary,
  imageUrl,
  type ListItemsQuery,
  limits,
  minNextBid,
  type TradeMethod,
} from "@ssgbay/contract";
import {
  indexItemTexts,
  itemTextCondition,
  type SearchPlan,
  SearchPlanner,
} from "@ssgbay/database";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { ListCountCache } from "./list-count.js";

type Db = Pool | PoolConnection;

export interface ItemSummaryRow extends RowDataPacket {
  id: number;
  title: string;
  image_key: string;
  start_price: number;
  current_price: number;
  bid_count: number;
  ends_at: Date;
  status: ItemSummary["status"];
  seller_id: number;
  seller_nickname: string;
  category: string;
  item_condition: ItemCondition;
  trade_method: TradeMethod;
  trade_area: string | null;
  buy_now_price: number | null;
}

/** The columns every ItemSummary is read from; `i` is items and `s` the seller. */
export const summaryColumns = `i.id, i.title, i.image_key, i.start_price, i.current_price,
  i.bid_count, i.ends_at, i.status, i.seller_id, s.nickname AS seller_nickname,
  i.category, i.item_condition, i.trade_method, i.trade_area, i.buy_now_price`;

export function toSummary(row: ItemSummaryRow): ItemSummary {
  return {
    id: row.id,
    title: row.title,
    imageUrl: imageUrl(row.image_key),
    startPrice: row.start_price,
    currentPrice: row.current_price,
    bidCount: row.bid_count,
    endsAt: row.ends_at.toISOString(),
    status: row.status,
    seller: { id: row.seller_id, nickname: row.seller_nickname },
    // the column is text so a category can be added without a migration; the contract's list rules
    category: row.category as ItemCategory,
    condition: row.item_condition,
    tradeMethod: row.trade_method,
    tradeArea: row.trade_area,
    buyNowPrice: row.buy_now_price === null ? null : Number(row.buy_now_price),
  };
}

// Each order is one index walked in one direction (ix_items_price_id, ix_items_status_ends, the
// primary key), so a page stops after its rows instead of sorting every match.
const orderBy: Record<ListItemsQuery["sort"], string> = {
  latest: "i.id DESC",
  ending: "i.ends_at ASC, i.id ASC",
  price_desc: "i.current_price DESC, i.id DESC",
  price_asc: "i.current_price ASC, i.id ASC",
};

/**
 * The index each order walks. Named for the open list with no other filter (home and its deep
 * pages): the range `ends_at > NOW(3)` on ix_items_status_ends otherwise looks cheaper to the
 * optimizer (MariaDB and MySQL 8 alike) than a sorted walk, and it reads every open row and
 * filesorts them for any page; the walk stops after offset + pageSize + 1 entries, nine in ten of
 * which match. A migration that drops one of these must change this first
 * (test/list-plans.test.ts fails on the missing index).
 */
export const sortIndex: Record<ListItemsQuery["sort"], string> = {
  latest: "PRIMARY",
  ending: "ix_items_status_ends",
  price_desc: "ix_items_price_id",
  price_asc: "ix_items_price_id",
};

// "open" means still taking bids: an ended item is closed even before the settler runs.
const statusFilter: Record<ListItemsQuery["status"], string | undefined> = {
  open: "i.status = 'open' AND i.ends_at > NOW(3)",
  closed: "(i.status <> 'open' OR i.ends_at <= NOW(3))",
  all: undefined,
};

interface CountRow extends RowDataPacket {
  total: number;
}

/** One count cache and search planner per pool (a test process may hold pools on several databases). */
const countCaches = new WeakMap<Db, ListCountCache>();
const searchPlanners = new WeakMap<Db, SearchPlanner>();

function perPool<T>(caches: WeakMap<Db, T>, db: Db, create: () => T): T {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = create();
    caches.set(db, cache);
  }
  return cache;
}

/** The WHERE clause of a list filter (empty for none) and its parameters. */
export interface ListFilter {
  where: string;
  params: (string | number)[];
  /** Walk the sort's index: the open list with no filter but, perhaps, a common search term. */
  walkSortIndex: boolean;
}

export function listFilter(query: ListItemsQuery, plan: SearchPlan = "grams"): ListFilter {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const status = statusFilter[query.status];
  if (status) conditions.push(status);
  if (query.category) {
    conditions.push("i.category = ?");
    params.push(query.category);
  }
  if (query.seller) {
    conditions.push("i.seller_id = ?");
    params.push(query.seller);
  }
  if (query.q) {
    const text = itemTextCondition(query.q, "i", plan);
    conditions.push(text.sql);
    params.push(...text.params);
  }
  const walkSortIndex =
    query.status === "open" && !query.category && !query.seller && (!query.q || plan === "scan");
  return {
    where: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "",
    params,
    walkSortIndex,
  };
}

/**
 * The statement that reads one list page, one row more than the page (which says whether the
 * matches go on past it). A deferred join: the inner query walks the sort's index for the page's
 * ids alone (the rows skipped by OFFSET never join their seller); only those ids fetch their
 * columns and seller. The outer ORDER BY puts at most pageSize + 1 rows back in the page's order.
 */
export function listPageStatement(
  query: ListItemsQuery,
  { where, params, walkSortIndex }: ListFilter = listFilter(query),
): {
  sql: string;
  params: (string | number)[];
} {
  const offset = (query.page - 1) * query.pageSize;
  const hint = walkSortIndex ? `FORCE INDEX (${sortIndex[query.sort]})` : "";
  return {
    sql: `SELECT ${summaryColumns}
     FROM (SELECT i.id FROM items i ${hint} ${where}
           ORDER BY ${orderBy[query.sort]} LIMIT ? OFFSET ?) AS page
     JOIN items i ON i.id = page.id JOIN users s ON s.id = i.seller_id
     ORDER BY ${orderBy[query.sort]}`,
    params: [...params, query.pageSize + 1, offset],
  };
}

/**
 * One list page and the total. A search term held by many items reads its page by walking the
 * sort order (the `scan` plan); its count still narrows by grams, which reads every match once
 * instead of every item.
 */
export async function listItems(
  db: Db,
  query: ListItemsQuery,
  planner: SearchPlanner = perPool(searchPlanners, db, () => new SearchPlanner()),
): Promise<{ items: ItemSummary[]; total: number }> {
  const plan = query.q ? await planner.planFor(db, query.q) : "grams";
  const filter = listFilter(query);
  const { where, params } = filter;
  const offset = (query.page - 1) * query.pageSize;
  const page = listPageStatement(query, plan === "grams" ? filter : listFilter(query, plan));
  const [rows] = await db.query<ItemSummaryRow[]>(page.sql, page.params);
  const total = await perPool(countCaches, db, () => new ListCountCache()).total(
    JSON.stringify([where, params]),
    { offset, pageSize: query.pageSize, rows: rows.length },
    async () => {
      const [countRows] = await db.query<CountRow[]>(
        `SELECT COUNT(*) AS total FROM items i ${where}`,
        params,
      );
      return Number(countRows[0]?.total ?? 0);
    },
  );
  return { items: rows.slice(0, query.pageSize).map(toSummary), total };
}

interface ItemDetailRow extends ItemSummaryRow {
  description: string;
  starts_at: Date;
  winner_id: number | null;
  winner_nickname: string | null;
  final_price: number | null;
  /** The photo keys in their order, comma-separated (a key is hex and a dot: no commas). */
  image_keys: string | null;
  watchers: number;
}

interface BidRow extends RowDataPacket {
  amount: number;
  bidder_id: number;
  bidder_nickname: string;
  created_at: Date;
}

/** Two statements: the item with its photos and watch count, then its latest bids. */
export async function findItemDetail(db: Db, id: number): Promise<ItemDetail | undefined> {
  const [rows] = await db.execute<ItemDetailRow[]>(
    `SELECT ${summaryColumns}, i.description, i.starts_at, i.winner_id, i.final_price,
       w.nickname AS winner_nickname,
       (SELECT GROUP_CONCAT(p.image_key ORDER BY p.position SEPARATOR ',')
          FROM item_images p WHERE p.item_id = i.id) AS image_keys,
       (SELECT COUNT(*) FROM watchlist l WHERE l.item_id = i.id) AS watchers
     FROM items i JOIN users s ON s.id = i.seller_id LEFT JOIN users w ON w.id = i.winner_id
     WHERE i.id = ?`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const [bids] = await db.query<BidRow[]>(
    `SELECT b.amount, b.bidder_id, u.nickname AS bidder_nickname, b.created_at
     FROM bids b JOIN users u ON u.id = b.bidder_id
     WHERE b.item_id = ? ORDER BY b.id DESC LIMIT ?`,
    [id, limits.detailBidCount],
  );
  const summary = toSummary(row);
  const imageKeys = row.image_keys ? row.image_keys.split(",") : [row.image_key];
  return {
    ...summary,
    description: row.description,
    startsAt: row.starts_at.toISOString(),
    minNextBid: minNextBid(summary),
    winner:
      row.winner_id === null ? null : { id: row.winner_id, nickname: row.winner_nickname ?? "" },
    finalPrice: row.final_price,
    bids: bids.map((bid) => ({
      amount: bid.amount,
      bidder: { id: bid.bidder_id, nickname: bid.bidder_nickname },
      createdAt: bid.created_at.toISOString(),
    })),
    images: imageKeys.map(imageUrl),
    watchCount: Number(row.watchers),
  };
}

interface ImageRow extends RowDataPacket {
  image_key: string;
}

/** Every photo key of an item in its order; an item listed before photos had an order has its one. */
export async function imageKeysOf(db: Db, itemId: number, cover: string): Promise<string[]> {
  const [rows] = await db.execute<ImageRow[]>(
    "SELECT image_key FROM item_images WHERE item_id = ? ORDER BY position",
    [itemId],
  );
  return rows.length > 0 ? rows.map((row) => row.image_key) : [cover];
}

interface NowRow extends RowDataPacket {
  now: Date;
}

/** The database clock: every time rule is judged by it, never by this container's clock. */
export async function databaseNow(db: Db): Promise<Date> {
  const [rows] = await db.query<NowRow[]>("SELECT NOW(3) AS now");
  const row = rows[0];
  if (!row) throw new Error("SELECT NOW(3) returned no row");
  return row.now;
}

export interface NewItemRow {
  sellerId: number;
  title: string;
  description: string;
  /** Every photo in order; the first is the cover. */
  imageKeys: [string, ...string[]];
  startPrice: number;
  startsAt: Date;
  endsAt: Date;
  category: ItemCategory;
  condition: ItemCondition;
  tradeMethod: TradeMethod;
  tradeArea: string | null;
  buyNowPrice: number | null;
}

/** The item and its photos, in the caller's transaction. */
export async function insertItem(db: PoolConnection, item: NewItemRow): Promise<number> {
  const [result] = await db.execute<ResultSetHeader>(
    `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
       starts_at, ends_at, category, item_condition, trade_method, trade_area, buy_now_price)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      item.sellerId,
      item.title,
      item.description,
      item.imageKeys[0],
      item.startPrice,
      item.startPrice,
      item.startsAt,
      item.endsAt,
      item.category,
      item.condition,
      item.tradeMethod,
      item.tradeArea,
      item.buyNowPrice,
    ],
  );
  await db.query("INSERT INTO item_images (item_id, position, image_key) VALUES ?", [
    item.imageKeys.map((key, position) => [result.insertId, position, key]),
  ]);
  await indexItemTexts(db, [result.insertId]);
  return result.insertId;
}

interface OwnershipRow extends RowDataPacket {
  seller_id: number;
  bid_count: number;
  image_key: string;
  open: number;
}

/**
 * Locks an item for a change by its seller (deleting it, reordering its photos): who sells it,
 * whether it has bids, its photos, and whether it is still open by the database clock.
 */
export async function lockItemForSeller(
  db: PoolConnection,
  id: number,
): Promise<{ sellerId: number; bidCount: number; imageKeys: string[]; open: boolean } | undefined> {
  const [rows] = await db.execute<OwnershipRow[]>(
    `SELECT seller_id, bid_count, image_key, (status = 'open' AND NOW(3) < ends_at) AS open
       FROM items WHERE id = ? FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const imageKeys = await imageKeysOf(db, id, row.image_key);
  return { sellerId: row.seller_id, bidCount: row.bid_count, imageKeys, open: row.open === 1 };
}

/** Stores the photos in a new order, the first as the cover, in the caller's transaction. */
export async function replaceImageOrder(
  db: PoolConnection,
  id: number,
  imageKeys: [string, ...string[]],
): Promise<void> {
  await db.execute("DELETE FROM item_images WHERE item_id = ?", [id]);
  await db.query("INSERT INTO item_images (item_id, position, image_key) VALUES ?", [
    imageKeys.map((key, position) => [id, position, key]),
  ]);
  await db.execute("UPDATE items SET image_key = ? WHERE id = ?", [imageKeys[0], id]);
}

export async function deleteItem(db: PoolConnection, id: number): Promise<void> {
  await db.execute("DELETE FROM items WHERE id = ?", [id]);
}
