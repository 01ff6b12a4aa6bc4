import type { Pool, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { z } from "zod";
import { indexItemTexts } from "../item-search.js";

/** Test fixtures on the tables: one item placed against the database clock, and read-backs. */

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
  await indexItemTexts(pool, [result.insertId]);
  return result.insertId;
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
