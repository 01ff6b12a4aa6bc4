import { type ClosedEvent, minNextBid, type PriceEvent } from "@ssgbay/contract";
import type { Pool, RowDataPacket } from "mysql2/promise";

/** What the item's next `price` event says, and its `closed` event once it is settled. */
export interface WatchedItemState {
  price: PriceEvent;
  closed: ClosedEvent | undefined;
}

interface StateRow extends RowDataPacket {
  id: number;
  start_price: number;
  current_price: number;
  bid_count: number;
  ends_at: Date;
  status: "open" | "sold" | "unsold";
  winner_id: number | null;
  winner_nickname: string | null;
  final_price: number | null;
}

/** The live state of the watched items, in one query however many clients watch them. */
export async function readItemStates(
  pool: Pool,
  ids: number[],
): Promise<Map<number, WatchedItemState>> {
  const states = new Map<number, WatchedItemState>();
  if (ids.length === 0) return states;
  const [rows] = await pool.query<StateRow[]>(
    `SELECT i.id, i.start_price, i.current_price, i.bid_count, i.ends_at, i.status,
       i.winner_id, i.final_price, w.nickname AS winner_nickname
     FROM items i LEFT JOIN users w ON w.id = i.winner_id WHERE i.id IN (?)`,
    [ids],
  );
  for (const row of rows) {
    const item = {
      startPrice: row.start_price,
      currentPrice: row.current_price,
      bidCount: row.bid_count,
    };
    states.set(row.id, {
      price: {
        currentPrice: row.current_price,
        bidCount: row.bid_count,
        endsAt: row.ends_at.toISOString(),
        minNextBid: minNextBid(item),
        status: row.status,
      },
      closed:
        row.status === "open"
          ? undefined
          : {
              status: row.status,
              winner:
                row.winner_id === null
                  ? null
                  : { id: row.winner_id, nickname: row.winner_nickname ?? "" },
              finalPrice: row.final_price,
            },
    });
  }
  return states;
}
