import type { PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

interface LockedItemRow extends RowDataPacket {
  seller_id: number;
  status: "open" | "sold" | "unsold";
  start_price: number;
  current_price: number;
  bid_count: number;
  is_before_end: 0 | 1;
  now: Date;
}

export interface LockedItem {
  sellerId: number;
  status: "open" | "sold" | "unsold";
  startPrice: number;
  currentPrice: number;
  bidCount: number;
  /** Whether the database clock is still before endsAt. */
  beforeEnd: boolean;
  /** The database clock when the lock was taken: the bid's time and the base of soft close. */
  now: Date;
}

/** Locks the item row for the rest of the transaction; every bid rule is judged under it. */
export async function lockItemForBid(
  db: PoolConnection,
  itemId: number,
): Promise<LockedItem | undefined> {
  const [rows] = await db.execute<LockedItemRow[]>(
    `SELECT seller_id, status, start_price, current_price, bid_count,
       NOW(3) < ends_at AS is_before_end, NOW(3) AS now
     FROM items WHERE id = ? FOR UPDATE`,
    [itemId],
  );
  const row = rows[0];
  return (
    row && {
      sellerId: row.seller_id,
      status: row.status,
      startPrice: row.start_price,
      currentPrice: row.current_price,
      bidCount: row.bid_count,
      beforeEnd: Number(row.is_before_end) === 1,
      now: row.now,
    }
  );
}

interface BidResultRow extends RowDataPacket {
  created_at: Date;
  current_price: number;
  bid_count: number;
  ends_at: Date;
}

export interface RecordedBid {
  bidId: number;
  createdAt: Date;
  currentPrice: number;
  bidCount: number;
  endsAt: Date;
}

/**
 * Writes the bid and the item's new price and count together. Soft close: a bid in the last
 * `antiSnipingSeconds` pushes endsAt to that many seconds after the database's now (as read
 * under the item lock).
 */
export async function recordBid(
  db: PoolConnection,
  bid: {
    itemId: number;
    bidderId: number;
    amount: number;
    antiSnipingSeconds: number;
    now: Date;
  },
): Promise<RecordedBid> {
  const [inserted] = await db.execute<ResultSetHeader>(
    "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, ?, ?)",
    [bid.itemId, bid.bidderId, bid.amount, bid.now],
  );
  await db.execute(
    `UPDATE items SET current_price = ?, bid_count = bid_count + 1,
       ends_at = GREATEST(ends_at, ? + INTERVAL ? SECOND)
     WHERE id = ?`,
    [bid.amount, bid.now, bid.antiSnipingSeconds, bid.itemId],
  );
  const [rows] = await db.execute<BidResultRow[]>(
    `SELECT b.created_at, i.current_price, i.bid_count, i.ends_at
     FROM bids b JOIN items i ON i.id = b.item_id WHERE b.id = ?`,
    [inserted.insertId],
  );
  const row = rows[0];
  if (!row) throw new Error(`bid ${inserted.insertId} vanished inside its own transaction`);
  return {
    bidId: inserted.insertId,
    createdAt: row.created_at,
    currentPrice: row.current_price,
    bidCount: row.bid_count,
    endsAt: row.ends_at,
  };
}
