import type { Pool, RowDataPacket } from "mysql2/promise";
import { z } from "zod";

const countRows = z.array(z.object({ ended: z.coerce.number(), sold: z.coerce.number() }));

/**
 * The settlement's row changes written by hand as set-based SQL, the limit the settler is
 * measured against: in one transaction, every ended open item into a temporary table, the
 * winners (highest amount, then the earlier bid, then the lower id) into another, then one
 * statement each for the purchases, the sold items, the unsold items and the notifications
 * (`sold`/`won`/`unsold`, with their once-keys). Exactly the rows the settler leaves; nothing
 * about batches, claimers or locks for concurrent runs.
 */
export async function setBasedSettle(pool: Pool): Promise<{ settled: number; sold: number }> {
  const connection = await pool.getConnection();
  try {
    await connection.query("DROP TEMPORARY TABLE IF EXISTS ref_ended, ref_winners");
    await connection.query(`CREATE TEMPORARY TABLE ref_ended (
        item_id BIGINT UNSIGNED NOT NULL PRIMARY KEY, seller_id BIGINT UNSIGNED NOT NULL)`);
    await connection.query(`CREATE TEMPORARY TABLE ref_winners (
        item_id BIGINT UNSIGNED NOT NULL PRIMARY KEY, buyer_id BIGINT UNSIGNED NOT NULL,
        price BIGINT UNSIGNED NOT NULL)`);
    await connection.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    await connection.beginTransaction();
    try {
      await connection.query("SET @settled_at = NOW(3)");
      await connection.query(
        `INSERT INTO ref_ended (item_id, seller_id)
         SELECT id, seller_id FROM items WHERE status = 'open' AND ends_at <= @settled_at
            FOR UPDATE`,
      );
      await connection.query(
        `INSERT INTO ref_winners (item_id, buyer_id, price)
         SELECT e.item_id, b.bidder_id, b.amount
           FROM ref_ended e
           JOIN bids b ON b.id = (SELECT r.id FROM bids r WHERE r.item_id = e.item_id
                                   ORDER BY r.amount DESC, r.created_at ASC, r.id ASC LIMIT 1)`,
      );
      await connection.query(
        `INSERT INTO purchases (item_id, buyer_id, price, settled_at)
         SELECT item_id, buyer_id, price, @settled_at FROM ref_winners`,
      );
      await connection.query(
        `UPDATE ref_winners w STRAIGHT_JOIN items i ON i.id = w.item_id
            SET i.status = 'sold', i.settled_at = @settled_at, i.winner_id = w.buyer_id,
                i.final_price = w.price`,
      );
      await connection.query(
        `UPDATE ref_ended e LEFT JOIN ref_winners w ON w.item_id = e.item_id
            STRAIGHT_JOIN items i ON i.id = e.item_id
            SET i.status = 'unsold', i.settled_at = @settled_at
          WHERE w.item_id IS NULL`,
      );
      await connection.query(
        `INSERT INTO notifications (user_id, kind, item_id, amount, once_key)
         SELECT e.seller_id, 'sold', e.item_id, w.price, CONCAT('sold:', e.item_id)
           FROM ref_ended e JOIN ref_winners w ON w.item_id = e.item_id`,
      );
      await connection.query(
        `INSERT INTO notifications (user_id, kind, item_id, amount, once_key)
         SELECT buyer_id, 'won', item_id, price, CONCAT('won:', item_id) FROM ref_winners`,
      );
      await connection.query(
        `INSERT INTO notifications (user_id, kind, item_id, amount, once_key)
         SELECT e.seller_id, 'unsold', e.item_id, NULL, CONCAT('unsold:', e.item_id)
           FROM ref_ended e LEFT JOIN ref_winners w ON w.item_id = e.item_id
          WHERE w.item_id IS NULL`,
      );
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT (SELECT COUNT(*) FROM ref_ended) AS ended, (SELECT COUNT(*) FROM ref_winners) AS sold`,
      );
      await connection.commit();
      const counts = countRows.parse(rows)[0];
      return { settled: counts?.ended ?? 0, sold: counts?.sold ?? 0 };
    } catch (error) {
      await connection.rollback();
      throw error;
    }
  } finally {
    await connection.query("DROP TEMPORARY TABLE IF EXISTS ref_ended, ref_winners");
    connection.release();
  }
}
