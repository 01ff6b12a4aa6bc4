import type { ItemSummary } from "@ssgbay/contract";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { type ItemSummaryRow, summaryColumns, toSummary } from "./repository.js";

/** Watches an item (♡); watching it again changes nothing. */
export async function watch(pool: Pool, userId: number, itemId: number): Promise<void> {
  const [found] = await pool.execute<RowDataPacket[]>("SELECT 1 FROM items WHERE id = ?", [itemId]);
  if (found.length === 0) throw new HttpError("NOT_FOUND", "No such item.");
  // an item deleted in between fails the foreign key: the same answer
  try {
    await pool.execute(
      `INSERT INTO watchlist (user_id, item_id) VALUES (?, ?)
       ON DUPLICATE KEY UPDATE item_id = item_id`,
      [userId, itemId],
    );
  } catch (error) {
    if ((error as { code?: string }).code === "ER_NO_REFERENCED_ROW_2") {
      throw new HttpError("NOT_FOUND", "No such item.");
    }
    throw error;
  }
}

export async function unwatch(pool: Pool, userId: number, itemId: number): Promise<void> {
  await pool.execute("DELETE FROM watchlist WHERE user_id = ? AND item_id = ?", [userId, itemId]);
}

export async function watchlistOf(pool: Pool, userId: number): Promise<ItemSummary[]> {
  const [rows] = await pool.execute<ItemSummaryRow[]>(
    `SELECT ${summaryColumns}
     FROM watchlist w JOIN items i ON i.id = w.item_id JOIN users s ON s.id = i.seller_id
     WHERE w.user_id = ? ORDER BY w.created_at DESC, i.id DESC`,
    [userId],
  );
  return rows.map(toSummary);
}
