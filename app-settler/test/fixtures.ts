import {
  type BidRow,
  databaseNow,
  insertBids,
  insertItems,
  insertUsers,
} from "@ssgbay/database/testing";
import type { Pool } from "mysql2/promise";

/** Settler-specific rows and the auction rule; the generic table fixtures are in the kit. */

export async function createUsers(pool: Pool, count: number, prefix = "user"): Promise<number[]> {
  return await insertUsers(
    pool,
    Array.from({ length: count }, (_, index) => ({
      username: `${prefix}_${index}`,
      passwordHash: "not-a-real-hash",
      nickname: `${prefix} ${index}`,
      phone: "01012345678",
    })),
  );
}

export interface BidSpec {
  itemId: number;
  bidderId: number;
  amount: number;
  createdAt: Date;
}

/** Inserts bids and keeps each item's current price and bid count in step, as the API does. */
export async function insertBidsUpdatingItems(pool: Pool, bids: BidSpec[]): Promise<void> {
  if (bids.length === 0) return;
  await insertBids(pool, bids);
  await pool.query(
    `UPDATE items i
       JOIN (SELECT item_id, MAX(amount) AS top, COUNT(*) AS n FROM bids GROUP BY item_id) b
         ON b.item_id = i.id
        SET i.current_price = b.top, i.bid_count = b.n
      WHERE i.id IN (?)`,
    [[...new Set(bids.map((bid) => bid.itemId))]],
  );
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

/** Inserts `count` items that ended over the last `count` seconds, oldest first; returns ids. */
export async function insertEndedItems(
  pool: Pool,
  sellerId: number,
  count: number,
): Promise<number[]> {
  const now = await databaseNow(pool);
  return await insertItems(
    pool,
    Array.from({ length: count }, (_, index) => {
      const endsAt = new Date(now.getTime() - (count - index) * 1000);
      const startsAt = new Date(endsAt.getTime() - 86_400_000);
      return {
        sellerId,
        title: `item ${index}`,
        description: "",
        imageKey: "image.png",
        startPrice: 1000,
        startsAt,
        endsAt,
      };
    }),
    count,
  );
}
