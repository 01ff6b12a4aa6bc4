import type { Pool, RowDataPacket } from "mysql2/promise";
import { z } from "zod";

const expiredBidRows = z.array(
  z.object({
    itemId: z.number().int(),
    bidderId: z.number().int(),
    amount: z.number().int(),
  }),
);
const resultRows = z.array(z.object({ price: z.number().int() }));

/**
 * The original product's settlement, kept as the reference: select every bid row of every
 * expired auction, then for each row select the auction's result row and update or insert it,
 * committing per row. It writes only the result (purchases) and never closes the item, so it
 * does less work than the real settler; the comparison flatters it.
 */
export async function legacySettle(pool: Pool): Promise<{ bidRows: number; items: number }> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT b.item_id AS itemId, b.bidder_id AS bidderId, b.amount
       FROM bids b JOIN items i ON i.id = b.item_id
      WHERE i.ends_at <= NOW(3) AND i.status = 'open'`,
  );
  const bids = expiredBidRows.parse(rows);
  const items = new Set<number>();
  for (const bid of bids) {
    items.add(bid.itemId);
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const [found] = await connection.query<RowDataPacket[]>(
        "SELECT price FROM purchases WHERE item_id = ?",
        [bid.itemId],
      );
      const result = resultRows.parse(found)[0];
      if (result === undefined) {
        await connection.query(
          "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (?, ?, ?, NOW(3))",
          [bid.itemId, bid.bidderId, bid.amount],
        );
      } else if (bid.amount > result.price) {
        await connection.query(
          "UPDATE purchases SET buyer_id = ?, price = ?, settled_at = NOW(3) WHERE item_id = ?",
          [bid.bidderId, bid.amount, bid.itemId],
        );
      }
      await connection.commit();
    } catch (error) {
      await connection.rollback();
      throw error;
    } finally {
      connection.release();
    }
  }
  return { bidRows: bids.length, items: items.size };
}
