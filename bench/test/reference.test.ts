import { settleEndedAuctions } from "@ssgbay/app-settler";
import { createPool } from "@ssgbay/database";
import { databaseNow } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type ItemPlan, insertPlannedItems, planItems, seedUsers } from "../lib/seed.js";
import { legacySettle } from "../reference/legacy-settle.js";
import { setBasedSettle } from "../reference/set-based-settle.js";

const DAY = 86_400_000;
const database = useTestDatabase();
let pool: Pool;
let ids: number[];
let plans: ItemPlan[];

beforeAll(async () => {
  pool = createPool(database.config);
  const users = await seedUsers(pool, { count: 20, prefix: "ref", passwordHash: "!no-login" });
  plans = planItems({
    count: 60,
    users,
    imageKeys: [],
    now: await databaseNow(pool),
    endsIn: { min: -3 * DAY, max: -60_000 },
    bidsPerItem: { min: 0, max: 5 },
    seed: 3,
  });
  ids = await insertPlannedItems(pool, plans, ["0123456789abcdef0123456789abcdef.png"], 3);
});
afterAll(async () => {
  await pool.end();
});

/** item id → [buyer, price] of the last (highest) planned bid. */
function expectedWinners(): Map<number, [number, number]> {
  const winners = new Map<number, [number, number]>();
  plans.forEach((plan, n) => {
    const last = plan.bids.at(-1);
    if (last) winners.set(ids[n] as number, [last.bidderId, last.amount]);
  });
  return winners;
}

async function purchases(): Promise<Map<number, [number, number]>> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT item_id AS itemId, buyer_id AS buyerId, price FROM purchases",
  );
  const parsed = z
    .array(z.object({ itemId: z.number(), buyerId: z.number(), price: z.number() }))
    .parse(rows);
  return new Map(parsed.map((row) => [row.itemId, [row.buyerId, row.price]]));
}

describe("seeded auctions", () => {
  it("store each item's price and bid count as its bid rows say", async () => {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS wrong FROM items i
        WHERE i.bid_count <> (SELECT COUNT(*) FROM bids b WHERE b.item_id = i.id)
           OR i.current_price <> COALESCE((SELECT MAX(b.amount) FROM bids b WHERE b.item_id = i.id), i.start_price)
           OR i.seller_id IN (SELECT b.bidder_id FROM bids b WHERE b.item_id = i.id)`,
    );
    expect(z.array(z.object({ wrong: z.coerce.number() })).parse(rows)[0]?.wrong).toBe(0);
    expect(plans.some((plan) => plan.bids.length === 0)).toBe(true);
    expect(plans.some((plan) => plan.bids.length === 5)).toBe(true);
  });
});

describe("the original settlement approach (the settle benchmark's reference)", () => {
  it("finds the same winners as the real settler, so comparing their cost is fair", async () => {
    const winners = expectedWinners();
    const legacy = await legacySettle(pool);
    expect(legacy.items).toBe(winners.size);
    expect(legacy.bidRows).toBe(plans.reduce((sum, plan) => sum + plan.bids.length, 0));
    expect(await purchases()).toEqual(winners);

    await pool.query("DELETE FROM purchases");
    const counts = await settleEndedAuctions(pool);
    expect(counts).toEqual({ settled: 60, sold: winners.size, unsold: 60 - winners.size });
    expect(await purchases()).toEqual(winners);
  });
});

/** What a settlement leaves, without its clock times and row ids. */
async function settledRows(): Promise<unknown> {
  const [items] = await pool.query<RowDataPacket[]>(
    `SELECT id, status, winner_id AS winnerId, final_price AS finalPrice,
            settled_at IS NOT NULL AS settled FROM items ORDER BY id`,
  );
  const [bought] = await pool.query<RowDataPacket[]>(
    "SELECT item_id AS itemId, buyer_id AS buyerId, price FROM purchases ORDER BY item_id",
  );
  const [notified] = await pool.query<RowDataPacket[]>(
    `SELECT user_id AS userId, kind, item_id AS itemId, amount, once_key AS onceKey, read_at AS readAt
       FROM notifications ORDER BY once_key`,
  );
  return { items, bought, notified };
}

async function resetSettlement(): Promise<void> {
  await pool.query("DELETE FROM purchases");
  await pool.query("DELETE FROM notifications");
  await pool.query(
    `UPDATE items SET status = 'open', winner_id = NULL, final_price = NULL, settled_at = NULL
      WHERE status <> 'open'`,
  );
}

describe("the set-based SQL settlement (the settle benchmark's limit)", () => {
  it("leaves exactly the rows the real settler leaves", async () => {
    await resetSettlement();
    const counts = await settleEndedAuctions(pool);
    const bySettler = await settledRows();
    await resetSettlement();
    const reference = await setBasedSettle(pool);
    expect(reference).toEqual({ settled: counts.settled, sold: counts.sold });
    expect(await settledRows()).toEqual(bySettler);
    expect(await purchases()).toEqual(expectedWinners());
  });
});
