import type { Pool, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { z } from "zod";

/** Rows written straight into the tables, as the API would have left them. */

export async function createUsers(pool: Pool, count: number, prefix = "user"): Promise<number[]> {
  const rows = Array.from({ length: count }, (_, index) => [
    `${prefix}_${index}`,
    "not-a-real-hash",
    `${prefix} ${index}`,
    "01012345678",
  ]);
  const [result] = await pool.query<ResultSetHeader>(
    "INSERT INTO users (username, password_hash, nickname, phone) VALUES ?",
    [rows],
  );
  // A multi-row insert takes consecutive ids starting at insertId.
  return Array.from({ length: count }, (_, index) => result.insertId + index);
}

export interface ItemSpec {
  sellerId: number;
  /** When the auction ends, in milliseconds relative to the database's NOW(3). */
  endsInMs?: number;
  /** An exact end time, instead of endsInMs. */
  endsAt?: Date;
  startPrice?: number;
}

export async function insertItem(pool: Pool, spec: ItemSpec): Promise<number> {
  const startPrice = spec.startPrice ?? 1000;
  const endsAt =
    spec.endsAt === undefined
      ? ["NOW(3) + INTERVAL ? MICROSECOND", (spec.endsInMs ?? -1000) * 1000]
      : ["?", spec.endsAt];
  const [result] = await pool.query<ResultSetHeader>(
    `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
                        starts_at, ends_at)
     VALUES (?, 'an item', 'a description', 'image.png', ?, ?,
             ${endsAt[0]} - INTERVAL 1 DAY, ${endsAt[0]})`,
    [spec.sellerId, startPrice, startPrice, endsAt[1], endsAt[1]],
  );
  return result.insertId;
}

export interface BidSpec {
  itemId: number;
  bidderId: number;
  amount: number;
  createdAt: Date;
}

/** Inserts bids and keeps each item's current price and bid count in step, as the API does. */
export async function insertBids(pool: Pool, bids: BidSpec[]): Promise<void> {
  if (bids.length === 0) return;
  await pool.query("INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES ?", [
    bids.map((bid) => [bid.itemId, bid.bidderId, bid.amount, bid.createdAt]),
  ]);
  await pool.query(
    `UPDATE items i
       JOIN (SELECT item_id, MAX(amount) AS top, COUNT(*) AS n FROM bids GROUP BY item_id) b
         ON b.item_id = i.id
        SET i.current_price = b.top, i.bid_count = b.n
      WHERE i.id IN (?)`,
    [[...new Set(bids.map((bid) => bid.itemId))]],
  );
}

const itemRowSchema = z.object({
  id: z.number(),
  status: z.enum(["open", "sold", "unsold"]),
  winnerId: z.number().nullable(),
  finalPrice: z.number().nullable(),
  settledAt: z.date().nullable(),
  endsAt: z.date(),
});
export type ItemRow = z.infer<typeof itemRowSchema>;

export async function readItems(pool: Pool, ids?: number[]): Promise<ItemRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT id, status, winner_id AS winnerId, final_price AS finalPrice,
            settled_at AS settledAt, ends_at AS endsAt
       FROM items ${ids ? "WHERE id IN (?)" : ""} ORDER BY id`,
    ids ? [ids] : [],
  );
  return z.array(itemRowSchema).parse(rows);
}

export async function readItem(pool: Pool, id: number): Promise<ItemRow> {
  const [item] = await readItems(pool, [id]);
  if (!item) throw new Error(`item ${id} does not exist`);
  return item;
}

const purchaseRowSchema = z.object({
  itemId: z.number(),
  buyerId: z.number(),
  price: z.number(),
  settledAt: z.date(),
});
export type PurchaseRow = z.infer<typeof purchaseRowSchema>;

export async function readPurchases(pool: Pool): Promise<PurchaseRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT item_id AS itemId, buyer_id AS buyerId, price, settled_at AS settledAt
       FROM purchases ORDER BY item_id`,
  );
  return z.array(purchaseRowSchema).parse(rows);
}

const bidRowSchema = z.object({
  id: z.number(),
  itemId: z.number(),
  bidderId: z.number(),
  amount: z.number(),
  createdAt: z.date(),
});
export type BidRow = z.infer<typeof bidRowSchema>;

export async function readBids(pool: Pool): Promise<BidRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT id, item_id AS itemId, bidder_id AS bidderId, amount, created_at AS createdAt
       FROM bids ORDER BY id`,
  );
  return z.array(bidRowSchema).parse(rows);
}

/** The auction rule, computed independently of the settler's SQL: amount, earlier, lower id. */
export function expectedWinners(bids: BidRow[]): Map<number, BidRow> {
  const winners = new Map<number, BidRow>();
  for (const bid of bids) {
    const best = winners.get(bid.itemId);
    if (best === undefined || outbids(bid, best)) winners.set(bid.itemId, bid);
  }
  return winners;
}

function outbids(bid: BidRow, best: BidRow): boolean {
  if (bid.amount !== best.amount) return bid.amount > best.amount;
  const timeDifference = bid.createdAt.getTime() - best.createdAt.getTime();
  if (timeDifference !== 0) return timeDifference < 0;
  return bid.id < best.id;
}

export async function databaseNow(pool: Pool): Promise<Date> {
  const [rows] = await pool.query<RowDataPacket[]>("SELECT NOW(3) AS now");
  return z.object({ now: z.date() }).parse(rows[0]).now;
}

/** Inserts `count` items that ended over the last `count` seconds, oldest first; returns ids. */
export async function insertEndedItems(
  pool: Pool,
  sellerId: number,
  count: number,
): Promise<number[]> {
  const now = await databaseNow(pool);
  const rows = Array.from({ length: count }, (_, index) => {
    const endsAt = new Date(now.getTime() - (count - index) * 1000);
    const startsAt = new Date(endsAt.getTime() - 86_400_000);
    return [sellerId, `item ${index}`, "", "image.png", 1000, 1000, startsAt, endsAt];
  });
  const [result] = await pool.query<ResultSetHeader>(
    `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
                        starts_at, ends_at) VALUES ?`,
    [rows],
  );
  return Array.from({ length: count }, (_, index) => result.insertId + index);
}

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
