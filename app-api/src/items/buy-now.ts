import type { PoolConnection, RowDataPacket } from "mysql2/promise";
import { HttpError } from "../http/errors.js";

interface LockedRow extends RowDataPacket {
  seller_id: number;
  status: "open" | "sold" | "unsold";
  current_price: number;
  buy_now_price: number | null;
  is_before_end: 0 | 1;
  now: Date;
}

/**
 * Takes the item at its buy-now price, in the caller's transaction with the item row locked (the
 * lock a bid takes, so a bid and a buy-now never both win): the buyer's bid at that price is
 * recorded and the item is settled as sold to them at once, with its purchase, exactly as the
 * settler would have settled it (so it is never settled again: its status is no longer open and
 * purchases has one row per item).
 */
export async function buyNowInTransaction(
  db: PoolConnection,
  itemId: number,
  buyerId: number,
): Promise<void> {
  const [rows] = await db.execute<LockedRow[]>(
    `SELECT seller_id, status, current_price, buy_now_price,
       NOW(3) < ends_at AS is_before_end, NOW(3) AS now
     FROM items WHERE id = ? FOR UPDATE`,
    [itemId],
  );
  const item = rows[0];
  if (!item) throw new HttpError("NOT_FOUND", "No such item.");
  if (item.seller_id === buyerId) throw new HttpError("OWN_ITEM", "You cannot buy your own item.");
  if (item.status !== "open" || Number(item.is_before_end) !== 1) {
    throw new HttpError("AUCTION_CLOSED", "This auction has ended.");
  }
  const price = item.buy_now_price === null ? null : Number(item.buy_now_price);
  // the start price is below the buy-now price (a CHECK), so this also covers "no bids yet"
  if (price === null || item.current_price >= price) {
    throw new HttpError(
      "BUY_NOW_UNAVAILABLE",
      price === null
        ? "This item has no buy-now price."
        : "The highest bid has reached the buy-now price.",
    );
  }
  await db.execute(
    "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, ?, ?)",
    [itemId, buyerId, price, item.now],
  );
  // ends now (never at or before its start, which a CHECK forbids)
  await db.execute(
    `UPDATE items SET current_price = ?, bid_count = bid_count + 1,
       ends_at = GREATEST(?, starts_at + INTERVAL 1000 MICROSECOND),
       status = 'sold', winner_id = ?, final_price = ?, settled_at = ?
     WHERE id = ?`,
    [price, item.now, buyerId, price, item.now, itemId],
  );
  await db.execute(
    "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (?, ?, ?, ?)",
    [itemId, buyerId, price, item.now],
  );
}
