import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

interface BidItemRow extends RowDataPacket {
  seller_id: number;
  status: "open" | "sold" | "unsold";
  start_price: number;
  current_price: number;
  bid_count: number;
  is_before_end: 0 | 1;
}

interface LockedItemRow extends BidItemRow {
  ends_at: Date;
  now: Date;
}

/** What the bid rules judge, as the database sees it now. */
export interface BidItem {
  sellerId: number;
  status: "open" | "sold" | "unsold";
  startPrice: number;
  currentPrice: number;
  bidCount: number;
  /** Whether the database clock is still before endsAt. */
  beforeEnd: boolean;
}

export interface LockedItem extends BidItem {
  endsAt: Date;
  /** The database clock when the lock was taken: the bid's time and the base of soft close. */
  now: Date;
}

const bidItemColumns = `seller_id, status, start_price, current_price, bid_count,
  NOW(3) < ends_at AS is_before_end`;

function toBidItem(row: BidItemRow): BidItem {
  return {
    sellerId: row.seller_id,
    status: row.status,
    startPrice: row.start_price,
    currentPrice: row.current_price,
    bidCount: row.bid_count,
    beforeEnd: Number(row.is_before_end) === 1,
  };
}

/** Locks the item row for the rest of the transaction; every bid rule is judged under it. */
export async function lockItemForBid(
  db: PoolConnection,
  itemId: number,
): Promise<LockedItem | undefined> {
  const [rows] = await db.execute<LockedItemRow[]>(
    `SELECT ${bidItemColumns}, ends_at, NOW(3) AS now FROM items WHERE id = ? FOR UPDATE`,
    [itemId],
  );
  const row = rows[0];
  return row && { ...toBidItem(row), endsAt: row.ends_at, now: row.now };
}

/** The item as committed right now, without a lock: for refusals no later change can undo. */
export async function peekItemForBid(db: Pool, itemId: number): Promise<BidItem | undefined> {
  const [rows] = await db.execute<BidItemRow[]>(
    `SELECT ${bidItemColumns} FROM items WHERE id = ?`,
    [itemId],
  );
  const row = rows[0];
  return row && toBidItem(row);
}

export interface RecordedBid {
  bidId: number;
  createdAt: Date;
  currentPrice: number;
  bidCount: number;
  endsAt: Date;
}

/**
 * Writes the bid and the item's new price, count and end together. Soft close: a bid in the
 * last `antiSnipingSeconds` pushes endsAt to that many seconds after the database's now (as
 * read under the item lock). The result is derived from the locked row, so the lock is held
 * for two statements only.
 */
export async function recordBid(
  db: PoolConnection,
  locked: LockedItem,
  bid: { itemId: number; bidderId: number; amount: number; antiSnipingSeconds: number },
): Promise<RecordedBid> {
  const softCloseEnd = locked.now.getTime() + bid.antiSnipingSeconds * 1000;
  const endsAt = new Date(Math.max(locked.endsAt.getTime(), softCloseEnd));
  const [inserted] = await db.execute<ResultSetHeader>(
    "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, ?, ?)",
    [bid.itemId, bid.bidderId, bid.amount, locked.now],
  );
  await db.execute(
    "UPDATE items SET current_price = ?, bid_count = bid_count + 1, ends_at = ? WHERE id = ?",
    [bid.amount, endsAt, bid.itemId],
  );
  return {
    bidId: inserted.insertId,
    createdAt: locked.now,
    currentPrice: bid.amount,
    bidCount: locked.bidCount + 1,
    endsAt,
  };
}

interface LeaderRow extends RowDataPacket {
  bidder_id: number;
}

/** Who holds the highest bid (the settler's ranking: amount, then the earlier bid), if anyone. */
export async function findLeader(db: PoolConnection, itemId: number): Promise<number | undefined> {
  const [rows] = await db.execute<LeaderRow[]>(
    `SELECT bidder_id FROM bids WHERE item_id = ?
     ORDER BY amount DESC, created_at ASC, id ASC LIMIT 1`,
    [itemId],
  );
  return rows[0]?.bidder_id;
}

interface StandingMaxRow extends RowDataPacket {
  bidder_id: number;
  max_amount: number;
}

/**
 * Stores the bidder's maximum (replacing an earlier one) and reads every standing maximum of
 * the item, oldest first; under the item lock, so no other bid sees them half-way.
 */
export async function saveAndReadStandingMaxima(
  db: PoolConnection,
  input: { itemId: number; bidderId: number; maxAmount: number | undefined; now: Date },
): Promise<{ bidderId: number; maxAmount: number }[]> {
  if (input.maxAmount !== undefined) {
    await db.execute(
      `INSERT INTO proxy_bids (item_id, bidder_id, max_amount, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE max_amount = VALUES(max_amount), updated_at = VALUES(updated_at)`,
      [input.itemId, input.bidderId, input.maxAmount, input.now, input.now],
    );
  }
  const [rows] = await db.execute<StandingMaxRow[]>(
    `SELECT bidder_id, max_amount FROM proxy_bids WHERE item_id = ?
     ORDER BY created_at ASC, bidder_id ASC`,
    [input.itemId],
  );
  return rows.map((row) => ({ bidderId: row.bidder_id, maxAmount: Number(row.max_amount) }));
}

/**
 * Writes the automatic bids that answered a bid (same time, rising amounts) and moves the
 * item's price and count along; endsAt was already set by recordBid's soft close.
 */
export async function recordAutomaticBids(
  db: PoolConnection,
  input: { itemId: number; at: Date; bids: { bidderId: number; amount: number }[] },
): Promise<void> {
  const last = input.bids.at(-1);
  if (!last) return;
  for (const bid of input.bids) {
    await db.execute(
      "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, ?, ?)",
      [input.itemId, bid.bidderId, bid.amount, input.at],
    );
  }
  await db.execute("UPDATE items SET current_price = ?, bid_count = bid_count + ? WHERE id = ?", [
    last.amount,
    input.bids.length,
    input.itemId,
  ]);
}
