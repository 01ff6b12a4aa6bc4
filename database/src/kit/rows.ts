// Part of the kit shared by `./dev` (demo data) and `./testing` (fixtures, the bench's seed):
// rows written straight into the tables, as the API would have left them. The production
// entry never imports it.
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { z } from "zod";
import { indexItemTexts } from "../item-search.js";

/** A pool, or one of its connections inside a transaction. */
export type Queryable = Pool | PoolConnection;

/** The database's clock, which every auction time is measured against. */
export async function databaseNow(db: Queryable): Promise<Date> {
  const [rows] = await db.query<RowDataPacket[]>("SELECT NOW(3) AS now");
  const now = z.array(z.object({ now: z.date() })).parse(rows)[0]?.now;
  if (!now) throw new Error("SELECT NOW(3) returned nothing");
  return now;
}

/**
 * Runs a multi-row `INSERT ... VALUES ?` in statements of at most `chunkSize` rows and returns
 * the rows' ids in order (a multi-row insert takes consecutive ids starting at insertId).
 */
async function insertRows(
  db: Queryable,
  sql: string,
  rows: readonly unknown[][],
  chunkSize: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const [result] = await db.query<ResultSetHeader>(sql, [chunk]);
    for (let index = 0; index < chunk.length; index++) ids.push(result.insertId + index);
  }
  return ids;
}

const DEFAULT_CHUNK = 1_000;

export interface NewUser {
  username: string;
  passwordHash: string;
  nickname: string;
  phone: string;
}

export async function insertUsers(
  db: Queryable,
  users: readonly NewUser[],
  chunkSize = DEFAULT_CHUNK,
): Promise<number[]> {
  return await insertRows(
    db,
    "INSERT INTO users (username, password_hash, nickname, phone) VALUES ?",
    users.map((user) => [user.username, user.passwordHash, user.nickname, user.phone]),
    chunkSize,
  );
}

export interface NewItem {
  sellerId: number;
  title: string;
  description: string;
  imageKey: string;
  startPrice: number;
  /** The start price unless bids raised it. */
  currentPrice?: number;
  bidCount?: number;
  startsAt: Date;
  endsAt: Date;
}

/** Inserts open items with their search grams; their bids (if any) are the caller's to insert. */
export async function insertItems(
  db: Queryable,
  items: readonly NewItem[],
  chunkSize = DEFAULT_CHUNK,
  /** false: no search grams, for data nothing searches (the settlement bench's ended items). */
  searchable = true,
): Promise<number[]> {
  const ids = await insertRows(
    db,
    `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
                        bid_count, starts_at, ends_at) VALUES ?`,
    items.map((item) => [
      item.sellerId,
      item.title,
      item.description,
      item.imageKey,
      item.startPrice,
      item.currentPrice ?? item.startPrice,
      item.bidCount ?? 0,
      item.startsAt,
      item.endsAt,
    ]),
    chunkSize,
  );
  for (let start = 0; searchable && start < ids.length; start += chunkSize) {
    await indexItemTexts(db, ids.slice(start, start + chunkSize));
  }
  return ids;
}

export interface NewBid {
  itemId: number;
  bidderId: number;
  amount: number;
  createdAt: Date;
}

/** Inserts bid rows only: the items' current price and bid count are the caller's to keep. */
export async function insertBids(
  db: Queryable,
  bids: readonly NewBid[],
  chunkSize = DEFAULT_CHUNK,
): Promise<number[]> {
  return await insertRows(
    db,
    "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES ?",
    bids.map((bid) => [bid.itemId, bid.bidderId, bid.amount, bid.createdAt]),
    chunkSize,
  );
}
