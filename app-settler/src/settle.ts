import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { z } from "zod";
import { batchSizeSchema, claimersSchema, DEFAULT_BATCH_SIZE, DEFAULT_CLAIMERS } from "./env.js";

export interface SettlementCounts {
  settled: number;
  sold: number;
  unsold: number;
}

export interface SettleOptions {
  /** Items claimed and settled per transaction (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /**
   * Claimers working side by side in this run, each on its own connection (default
   * DEFAULT_CLAIMERS). They split the work as overlapping processes do: SKIP LOCKED.
   */
  claimers?: number;
  /** When aborted, no further batch is claimed; the batch in hand still commits. */
  signal?: AbortSignal;
}

/** A batch failed and was rolled back; `committed` counts the earlier batches that stand. */
export class SettlementError extends Error {
  override name = "SettlementError";
  constructor(
    readonly committed: SettlementCounts,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`settlement failed after ${committed.settled} items were settled: ${reason}`);
  }
}

/**
 * Settles every open item whose auction has ended by the database clock, in batches that each
 * commit or roll back as a whole. Safe to run in several processes at once, and runs several
 * claimers itself: each batch claims its rows with FOR UPDATE SKIP LOCKED, so claimers and
 * overlapping runs split the work, and the unique purchase per item stops any double
 * settlement the locks did not.
 */
export async function settleEndedAuctions(
  pool: Pool,
  options: SettleOptions = {},
): Promise<SettlementCounts> {
  const batchSize = readBatchSize(options.batchSize);
  const claimers = readClaimers(options.claimers);
  const total: SettlementCounts = { settled: 0, sold: 0, unsold: 0 };
  // One claimer's failure stops the others from claiming more; their batches in hand commit.
  const failed = new AbortController();
  const stop = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  const claim = async (): Promise<void> => {
    while (!stop.aborted) {
      const batch = await settleOneBatch(pool, batchSize);
      if (batch.settled === 0) return;
      total.settled += batch.settled;
      total.sold += batch.sold;
      total.unsold += batch.unsold;
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: claimers }, () =>
      claim().catch((error: unknown) => {
        failed.abort();
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure) throw new SettlementError({ ...total }, failure.reason);
  return total;
}

function readBatchSize(given: number | undefined): number {
  const parsed = batchSizeSchema.safeParse(given ?? DEFAULT_BATCH_SIZE);
  if (!parsed.success) throw new RangeError(`batchSize: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function readClaimers(given: number | undefined): number {
  const parsed = claimersSchema.safeParse(given ?? DEFAULT_CLAIMERS);
  if (!parsed.success) throw new RangeError(`claimers: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

async function settleOneBatch(pool: Pool, batchSize: number): Promise<SettlementCounts> {
  const connection = await pool.getConnection();
  let reusable = true;
  try {
    // READ COMMITTED: the winner query must see every bid committed before we took the item
    // locks (a REPEATABLE READ snapshot could be older), and the claim takes no gap locks that
    // would block new listings.
    try {
      // Created outside the transaction (CREATE TEMPORARY TABLE inside one is refused under
      // some MySQL GTID settings); private to this connection, so no other settler sees it.
      await connection.query(`CREATE TEMPORARY TABLE IF NOT EXISTS settle_winners (
          item_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
          buyer_id BIGINT UNSIGNED NOT NULL,
          price    BIGINT UNSIGNED NOT NULL
        ) ENGINE=InnoDB`);
      await connection.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      await connection.beginTransaction();
      const counts = await settleClaimedItems(connection, batchSize);
      await connection.commit();
      return counts;
    } catch (error) {
      reusable = await rollbackQuietly(connection);
      throw error;
    }
  } finally {
    if (reusable) connection.release();
    else connection.destroy();
  }
}

async function rollbackQuietly(connection: PoolConnection): Promise<boolean> {
  try {
    await connection.rollback();
    return true;
  } catch {
    // The connection is broken; the server rolls the transaction back when it notices.
    return false;
  }
}

async function settleClaimedItems(
  connection: PoolConnection,
  batchSize: number,
): Promise<SettlementCounts> {
  const claimed = await claimEndedItems(connection, batchSize);
  const first = claimed[0];
  if (first === undefined) return { settled: 0, sold: 0, unsold: 0 };
  const settledAt = first.settledAt;
  const itemIds = claimed.map((item) => item.id);

  const winners = await findWinners(connection, itemIds);
  const soldIds = new Set(winners.map((winner) => winner.itemId));
  const unsoldIds = itemIds.filter((id) => !soldIds.has(id));

  if (winners.length > 0) await markSold(connection, winners.length, settledAt);
  if (unsoldIds.length > 0) await markUnsold(connection, unsoldIds, settledAt);
  await notifyParties(connection, claimed, winners);
  return { settled: itemIds.length, sold: winners.length, unsold: unsoldIds.length };
}

const claimedRowSchema = z.object({
  id: z.number().int().positive(),
  sellerId: z.number().int().positive(),
  settledAt: z.date(),
});
type ClaimedItem = z.infer<typeof claimedRowSchema>;

/**
 * Locks up to `batchSize` open items that have ended, skipping rows another transaction holds
 * (another settler's batch, or a bid in flight that may still extend endsAt).
 *
 * Ended means `ends_at <= NOW(3)`: the exact complement of the bid rule (accepted only while
 * `NOW(3) < ends_at`, checked under the same row lock), so at any instant exactly one of
 * "bid accepted" and "settled" is possible. `NOW(3)` is constant within the statement, so it
 * is also the settlement time of the whole batch.
 */
async function claimEndedItems(
  connection: PoolConnection,
  batchSize: number,
): Promise<ClaimedItem[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT id, seller_id AS sellerId, NOW(3) AS settledAt
       FROM items
      WHERE status = 'open' AND ends_at <= NOW(3)
      ORDER BY ends_at, id
      LIMIT ?
        FOR UPDATE SKIP LOCKED`,
    [batchSize],
  );
  return z.array(claimedRowSchema).parse(rows);
}

const winnerRowSchema = z.object({
  itemId: z.number().int().positive(),
  buyerId: z.number().int().positive(),
  price: z.number().int().nonnegative(),
});
type Winner = z.infer<typeof winnerRowSchema>;

/**
 * The highest bid per item (amount, then the earlier bid, then the lower id) into this
 * connection's settle_winners, and read back for the notifications. One index probe per item
 * on ix_bids_item_rank, however many bids the item has. Items without bids have none.
 */
async function findWinners(connection: PoolConnection, itemIds: number[]): Promise<Winner[]> {
  await connection.query("DELETE FROM settle_winners");
  await connection.query(
    `INSERT INTO settle_winners (item_id, buyer_id, price)
     SELECT ranked.item_id, b.bidder_id, b.amount
       FROM (SELECT i.id AS item_id,
                    (SELECT r.id
                       FROM bids r
                      WHERE r.item_id = i.id
                      ORDER BY r.amount DESC, r.created_at ASC, r.id ASC
                      LIMIT 1) AS bid_id
               FROM items i
              WHERE i.id IN (?)) AS ranked
       JOIN bids b ON b.id = ranked.bid_id`,
    [itemIds],
  );
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT item_id AS itemId, buyer_id AS buyerId, price FROM settle_winners",
  );
  return z.array(winnerRowSchema).parse(rows);
}

/**
 * Purchases and the sold items from settle_winners, set-based. The UPDATE joins only this
 * connection's temporary table (joining purchases would read other settlers' uncommitted
 * purchase rows and deadlock with them), and STRAIGHT_JOIN makes it start there: driven from
 * items, it could walk the open rows by index and wait on another claimer's locked ones.
 */
async function markSold(
  connection: PoolConnection,
  expected: number,
  settledAt: Date,
): Promise<void> {
  // A duplicate item_id here fails the whole batch: the unique purchase is the last defence.
  await connection.query(
    `INSERT INTO purchases (item_id, buyer_id, price, settled_at)
     SELECT item_id, buyer_id, price, ? FROM settle_winners`,
    [settledAt],
  );
  const [result] = await connection.query<ResultSetHeader>(
    `UPDATE settle_winners w STRAIGHT_JOIN items i ON i.id = w.item_id
        SET i.status = 'sold', i.settled_at = ?, i.winner_id = w.buyer_id, i.final_price = w.price
      WHERE i.status = 'open'`,
    [settledAt],
  );
  expectAffected(result, expected, "sold");
}

async function markUnsold(
  connection: PoolConnection,
  itemIds: number[],
  settledAt: Date,
): Promise<void> {
  const [result] = await connection.query<ResultSetHeader>(
    // By primary key only: once most items are settled, `status = 'open'` looks selective and
    // the optimizer would walk ix_items_status_ends into rows another claimer holds (deadlock).
    `UPDATE items FORCE INDEX (PRIMARY) SET status = 'unsold', settled_at = ?
      WHERE id IN (?) AND status = 'open'`,
    [settledAt, itemIds],
  );
  expectAffected(result, itemIds.length, "unsold");
}

/**
 * Tells each party in the batch's own transaction: the seller `sold` or `unsold`, the winner
 * `won`. Each row carries a once-key (`won:<item>`, …) under a unique index, so a second
 * notification for the same item and party fails the batch just as a second purchase would.
 */
async function notifyParties(
  connection: PoolConnection,
  claimed: ClaimedItem[],
  winners: Winner[],
): Promise<void> {
  const winnerByItem = new Map(winners.map((winner) => [winner.itemId, winner]));
  const rows: [number, string, number, number | null, string][] = [];
  for (const item of claimed) {
    const winner = winnerByItem.get(item.id);
    if (winner) {
      rows.push([item.sellerId, "sold", item.id, winner.price, `sold:${item.id}`]);
      rows.push([winner.buyerId, "won", item.id, winner.price, `won:${item.id}`]);
    } else {
      rows.push([item.sellerId, "unsold", item.id, null, `unsold:${item.id}`]);
    }
  }
  if (rows.length === 0) return;
  await connection.query(
    "INSERT INTO notifications (user_id, kind, item_id, amount, once_key) VALUES ?",
    [rows],
  );
}

/** The rows are locked by this transaction, so a shortfall means something is badly wrong. */
function expectAffected(result: ResultSetHeader, expected: number, outcome: string): void {
  if (result.affectedRows !== expected) {
    throw new Error(
      `marked ${result.affectedRows} of ${expected} claimed items ${outcome}; rolling back the batch`,
    );
  }
}
