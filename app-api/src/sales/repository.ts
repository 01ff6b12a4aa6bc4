import type { Rating, Sale } from "@ssgbay/contract";
import type { Pool, PoolConnection, RowDataPacket } from "mysql2/promise";

type Db = Pool | PoolConnection;

/** The two parties of a sold item and what the sale says; undefined unless it sold. */
export interface SaleParties {
  itemId: number;
  title: string;
  sellerId: number;
  buyerId: number;
  finalPrice: number;
  settledAt: Date;
  handedOverAt: Date | null;
}

interface PartiesRow extends RowDataPacket {
  item_id: number;
  title: string;
  seller_id: number;
  buyer_id: number;
  price: number;
  settled_at: Date;
  handed_over_at: Date | null;
}

export async function findSaleParties(
  db: Db,
  itemId: number,
  options: { lock?: boolean } = {},
): Promise<SaleParties | undefined> {
  const [rows] = await db.execute<PartiesRow[]>(
    `SELECT p.item_id, i.title, i.seller_id, p.buyer_id, p.price, p.settled_at, p.handed_over_at
     FROM purchases p JOIN items i ON i.id = p.item_id WHERE p.item_id = ?
     ${options.lock ? "FOR UPDATE" : ""}`,
    [itemId],
  );
  const row = rows[0];
  return (
    row && {
      itemId: row.item_id,
      title: row.title,
      sellerId: row.seller_id,
      buyerId: row.buyer_id,
      finalPrice: Number(row.price),
      settledAt: row.settled_at,
      handedOverAt: row.handed_over_at,
    }
  );
}

interface ContactRow extends RowDataPacket {
  id: number;
  nickname: string;
  phone: string;
}

/** The other party's contact: read only for the two parties of a sale (see sales/service). */
export async function readContact(db: Db, userId: number): Promise<Sale["counterpart"]> {
  const [rows] = await db.execute<ContactRow[]>(
    "SELECT id, nickname, phone FROM users WHERE id = ?",
    [userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`user ${userId} of a sale is missing`);
  return { id: row.id, nickname: row.nickname, phone: row.phone };
}

export async function markHandedOver(db: PoolConnection, itemId: number): Promise<void> {
  await db.execute(
    "UPDATE purchases SET handed_over_at = NOW(3) WHERE item_id = ? AND handed_over_at IS NULL",
    [itemId],
  );
}

interface RatingRow extends RowDataPacket {
  item_id: number;
  score: number;
  comment: string;
  rater_id: number;
  rater_nickname: string;
  created_at: Date;
}

export const ratingColumns = `r.item_id, r.score, r.comment, r.rater_id,
  ru.nickname AS rater_nickname, r.created_at`;

export function toRating(row: RatingRow): Rating {
  return {
    itemId: row.item_id,
    score: row.score,
    comment: row.comment,
    rater: { id: row.rater_id, nickname: row.rater_nickname },
    createdAt: row.created_at.toISOString(),
  };
}

export type { RatingRow };

export async function ratingsOfSale(db: Db, itemId: number): Promise<Rating[]> {
  const [rows] = await db.execute<RatingRow[]>(
    `SELECT ${ratingColumns} FROM sale_ratings r JOIN users ru ON ru.id = r.rater_id
     WHERE r.item_id = ?`,
    [itemId],
  );
  return rows.map(toRating);
}

/** Inserts the rating; false when this rater already rated this sale (the primary key). */
export async function insertRating(
  db: PoolConnection,
  rating: { itemId: number; raterId: number; rateeId: number; score: number; comment: string },
): Promise<boolean> {
  try {
    await db.execute(
      `INSERT INTO sale_ratings (item_id, rater_id, ratee_id, score, comment, created_at)
       VALUES (?, ?, ?, ?, ?, NOW(3))`,
      [rating.itemId, rating.raterId, rating.rateeId, rating.score, rating.comment],
    );
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "ER_DUP_ENTRY") return false;
    throw error;
  }
}
