import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

/**
 * How long before its end a watched auction is announced to its watchers. The settler runs every
 * minute, so a watcher hears of it 9–10 minutes ahead: early enough to come back and bid, late
 * enough to be about the end (a soft-close extension never moves an item out of the window).
 */
export const ENDING_SOON_MINUTES = 10;

/** Held by the run that is announcing; the name is the server's, shared by every settler. */
const SWEEP_LOCK = "ssgbay.ending-soon";

/**
 * Tells every watcher (♡) of an open auction that ends within ENDING_SOON_MINUTES, by the
 * database clock, exactly once per watcher and item: one statement writes an `ending`
 * notification (amount: the current price) for each watcher not yet told. The seller is not told
 * about their own item. Overlapping runs take turns on a named lock (one that finds it held
 * returns 0 at once: the holder is writing the same rows), since two such statements meeting on
 * the unique once-key `ending:<item>:<user>` deadlock; the unique key stays the last defence.
 * Returns how many notifications this run wrote.
 */
export async function notifyEndingWatchers(pool: Pool): Promise<number> {
  const connection = await pool.getConnection();
  try {
    const [locked] = await connection.query<RowDataPacket[]>("SELECT GET_LOCK(?, 0) AS got", [
      SWEEP_LOCK,
    ]);
    if (Number(locked[0]?.got) !== 1) return 0;
    try {
      return await insertEndingNotifications(connection);
    } finally {
      await connection.query("SELECT RELEASE_LOCK(?)", [SWEEP_LOCK]);
    }
  } finally {
    connection.release();
  }
}

async function insertEndingNotifications(connection: PoolConnection): Promise<number> {
  const [result] = await connection.query<ResultSetHeader>(
    `INSERT INTO notifications (user_id, kind, item_id, amount, once_key)
     SELECT w.user_id, 'ending', i.id, i.current_price, CONCAT('ending:', i.id, ':', w.user_id)
       FROM items i
       JOIN watchlist w ON w.item_id = i.id
      WHERE i.status = 'open'
        AND i.ends_at > NOW(3)
        AND i.ends_at <= NOW(3) + INTERVAL ? MINUTE
        AND w.user_id <> i.seller_id
        AND NOT EXISTS (SELECT 1 FROM notifications n
                         WHERE n.once_key = CONCAT('ending:', i.id, ':', w.user_id))
     ON DUPLICATE KEY UPDATE once_key = notifications.once_key`,
    [ENDING_SOON_MINUTES],
  );
  return insertedRows(result);
}

/**
 * Rows an INSERT … SELECT … ON DUPLICATE KEY UPDATE added. Its affected-rows count also counts
 * each duplicate it met (mysql2 connects with CLIENT_FOUND_ROWS), but the server's info line
 * says both: `Records: 3  Duplicates: 1  Warnings: 0` (MySQL and MariaDB alike).
 */
function insertedRows(result: ResultSetHeader): number {
  const match = /Records: (\d+)\s+Duplicates: (\d+)/.exec(result.info);
  if (match === null) return result.affectedRows;
  return Number(match[1]) - Number(match[2]);
}
