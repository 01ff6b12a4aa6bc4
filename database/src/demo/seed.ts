import {
  type ItemCondition,
  itemConditions,
  minNextBid,
  nicknameKey,
  type TradeMethod,
} from "@ssgbay/contract";
import type { Pool, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { indexItemTexts } from "../item-search.js";
import { insertBids } from "../kit/rows.js";
import { demoItems, demoListingDetails, demoTradeAreas, demoUsers } from "./catalog.js";
import { demoPhoto } from "./photos.js";

export interface SeedDependencies {
  /** The API's password hasher, so demo users can log in. */
  hashPassword(password: string): Promise<string>;
  /** Stores a JPEG image the way the API does and returns its key. */
  saveImage(bytes: Buffer): Promise<string>;
}

export interface SeedResult {
  loaded: boolean;
  users: number;
  items: number;
}

/** Every demo account's password, shown in the README and by `npm start`. */
export const DEMO_PASSWORD = "ssgbay-demo-1234";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Plan = { endsIn: number; bids: number; settled: boolean };

/**
 * The shape of the demo: most auctions open for hours or days, a few ending within minutes
 * (so the settler can be watched), some with bids, some already sold or unsold.
 */
function planFor(index: number): Plan {
  if (index < 5)
    return {
      endsIn: (3 + index * 3) * MINUTE,
      bids: index % 2 === 0 ? 2 + index : 0,
      settled: false,
    };
  if (index < 21)
    return {
      endsIn: (index - 3) * 7 * HOUR,
      bids: index % 3 === 0 ? 0 : index % 5,
      settled: false,
    };
  if (index < 27) return { endsIn: -(index - 20) * 5 * HOUR, bids: 1 + (index % 4), settled: true };
  return { endsIn: -(index - 26) * 3 * HOUR, bids: 0, settled: true };
}

interface NowRow extends RowDataPacket {
  now: Date;
  users: number;
}

/** Loads demo users and items, only into a database that has no users yet. */
export async function seedDemoData(pool: Pool, deps: SeedDependencies): Promise<SeedResult> {
  const [[state]] = await pool.query<NowRow[]>(
    "SELECT NOW(3) AS now, (SELECT COUNT(*) FROM users) AS users",
  );
  if (!state || Number(state.users) > 0) return { loaded: false, users: 0, items: 0 };
  const now = state.now.getTime();
  const passwordHash = await deps.hashPassword(DEMO_PASSWORD);

  // each item's photos, drawn from its product drawing (the first is the cover)
  // (drawn all at once: sharp renders on its own thread pool)
  const images: string[][] = await Promise.all(
    demoItems.map(async (_item, index) => {
      const details = demoListingDetails[index];
      if (!details) throw new Error(`demo item ${index} has no listing details`);
      const photos = await Promise.all(
        Array.from({ length: details.photos }, (_shot, shot) =>
          demoPhoto(details.drawing, (index * 47) % 360, shot),
        ),
      );
      const keys: string[] = [];
      for (const photo of photos) keys.push(await deps.saveImage(photo));
      return keys;
    }),
  );

  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const userIds: number[] = [];
    for (const user of demoUsers) {
      const [result] = await connection.query<ResultSetHeader>(
        `INSERT INTO users (username, password_hash, nickname, nickname_key, phone)
         VALUES (?, ?, ?, ?, ?)`,
        [user.username, passwordHash, user.nickname, nicknameKey(user.nickname), user.phone],
      );
      userIds.push(result.insertId);
    }

    for (const [index, [title, description]] of demoItems.entries()) {
      const plan = planFor(index);
      const sellerId = userIds[index % userIds.length] ?? 0;
      const startPrice = (5 + ((index * 7) % 40)) * 1_000;
      const endsAt = new Date(now + plan.endsIn);
      const startsAt = new Date(Math.min(now, endsAt.getTime()) - 3 * 24 * HOUR);

      const bids: { bidderId: number; amount: number; at: Date }[] = [];
      let price = startPrice;
      for (let b = 0; b < plan.bids; b++) {
        // the least accepted bid, sometimes a little more
        const amount = minNextBid({ startPrice, currentPrice: price, bidCount: b }) + 500 * (b % 3);
        const bidderId = userIds[(index + 1 + (b % (userIds.length - 1))) % userIds.length] ?? 0;
        const at = new Date(startsAt.getTime() + (b + 1) * HOUR);
        bids.push({ bidderId, amount, at });
        price = amount;
      }
      const winner = bids.at(-1);
      const details = demoListingDetails[index];
      const condition: ItemCondition =
        itemConditions[(index * 3) % itemConditions.length] ?? "used";
      const tradeMethod: TradeMethod =
        (["meetup", "delivery", "both"] as const)[index % 3] ?? "delivery";
      const tradeArea =
        tradeMethod === "delivery" ? null : (demoTradeAreas[index % demoTradeAreas.length] ?? null);
      // every fourth open auction can also be bought at once, while bids are below it
      const buyNowPrice = !plan.settled && index % 4 === 1 ? Math.max(startPrice, price) * 3 : null;
      const photoKeys = images[index] ?? [];
      const status = !plan.settled ? "open" : winner ? "sold" : "unsold";
      const settledAt = plan.settled ? endsAt : null;

      const [item] = await connection.query<ResultSetHeader>(
        `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
           bid_count, starts_at, ends_at, status, winner_id, final_price, settled_at, created_at,
           category, item_condition, trade_method, trade_area, buy_now_price)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          sellerId,
          title,
          description,
          photoKeys[0],
          startPrice,
          price,
          bids.length,
          startsAt,
          endsAt,
          status,
          status === "sold" ? (winner?.bidderId ?? null) : null,
          status === "sold" ? price : null,
          settledAt,
          startsAt,
          details?.category ?? "etc",
          condition,
          tradeMethod,
          tradeArea,
          buyNowPrice,
        ],
      );
      await connection.query("INSERT INTO item_images (item_id, position, image_key) VALUES ?", [
        photoKeys.map((key, position) => [item.insertId, position, key]),
      ]);
      await indexItemTexts(connection, [item.insertId]);
      await insertBids(
        connection,
        bids.map(({ bidderId, amount, at }) => ({
          itemId: item.insertId,
          bidderId,
          amount,
          createdAt: at,
        })),
      );
      if (status === "sold" && winner) {
        await connection.query(
          "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (?, ?, ?, ?)",
          [item.insertId, winner.bidderId, price, settledAt],
        );
      }
    }
    await connection.commit();
    return { loaded: true, users: userIds.length, items: demoItems.length };
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}
