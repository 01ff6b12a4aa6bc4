import type { ItemSummary, MyBid, MyPurchase } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { type ItemSummaryRow, summaryColumns, toSummary } from "../items/repository.js";

export async function itemsSoldBy(pool: Pool, sellerId: number): Promise<ItemSummary[]> {
  const [rows] = await pool.execute<ItemSummaryRow[]>(
    `SELECT ${summaryColumns} FROM items i JOIN users s ON s.id = i.seller_id
     WHERE i.seller_id = ? ORDER BY i.id DESC`,
    [sellerId],
  );
  return rows.map(toSummary);
}

interface PurchaseRow extends ItemSummaryRow {
  price: number;
  purchase_settled_at: Date;
}

export async function purchasesOf(pool: Pool, buyerId: number): Promise<MyPurchase[]> {
  const [rows] = await pool.execute<PurchaseRow[]>(
    `SELECT ${summaryColumns}, p.price, p.settled_at AS purchase_settled_at
     FROM purchases p JOIN items i ON i.id = p.item_id JOIN users s ON s.id = i.seller_id
     WHERE p.buyer_id = ? ORDER BY p.settled_at DESC, p.id DESC`,
    [buyerId],
  );
  return rows.map((row) => ({
    ...toSummary(row),
    finalPrice: row.price,
    settledAt: row.purchase_settled_at.toISOString(),
  }));
}

interface MyBidRow extends ItemSummaryRow {
  my_max_bid: number;
}

export async function bidsOf(pool: Pool, bidderId: number): Promise<MyBid[]> {
  const [rows] = await pool.execute<MyBidRow[]>(
    `SELECT ${summaryColumns}, mine.my_max_bid
     FROM (SELECT item_id, MAX(amount) AS my_max_bid, MAX(id) AS last_bid_id
           FROM bids WHERE bidder_id = ? GROUP BY item_id) mine
     JOIN items i ON i.id = mine.item_id JOIN users s ON s.id = i.seller_id
     ORDER BY mine.last_bid_id DESC`,
    [bidderId],
  );
  // Every accepted bid beats the one before it, so the highest bid is the current price.
  return rows.map((row) => ({
    ...toSummary(row),
    myMaxBid: row.my_max_bid,
    leading: row.my_max_bid === row.current_price,
  }));
}
