import { createPool } from "@ssgbay/database";
import { insertItem } from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { ENDING_SOON_MINUTES, notifyEndingWatchers } from "../src/index.js";
import { createUsers, insertBidsUpdatingItems } from "./fixtures.js";

const minutes = (count: number) => count * 60_000;

async function watch(pool: Pool, userIds: number[], itemId: number): Promise<void> {
  await pool.query("INSERT INTO watchlist (user_id, item_id) VALUES ?", [
    userIds.map((userId) => [userId, itemId]),
  ]);
}

/** Every `ending` notification as `user item amount`, sorted. */
async function endingNotifications(pool: Pool): Promise<string[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT user_id, item_id, amount, read_at FROM notifications WHERE kind = 'ending'",
  );
  return rows.map((row) => `${row.user_id} ${row.item_id} ${row.amount}`).sort();
}

describe("watchers of an auction that is ending", () => {
  const db = useTestPool();

  it("are told once each, with the current price, and only within the window", async () => {
    const pool = db.pool();
    const [seller, watcher, bidder, other] = await createUsers(pool, 4);
    if (!seller || !watcher || !bidder || !other) throw new Error("users were not created");

    const ending = await insertItem(pool, { sellerId: seller, endsInMs: minutes(5) });
    await insertBidsUpdatingItems(pool, [
      { itemId: ending, bidderId: bidder, amount: 4200, createdAt: new Date() },
    ]);
    const almost = await insertItem(pool, {
      sellerId: seller,
      endsInMs: minutes(ENDING_SOON_MINUTES) - 5_000,
    });
    const later = await insertItem(pool, {
      sellerId: seller,
      endsInMs: minutes(ENDING_SOON_MINUTES) + 60_000,
    });
    const ended = await insertItem(pool, { sellerId: seller, endsInMs: -1_000 });
    const unwatched = await insertItem(pool, { sellerId: seller, endsInMs: minutes(3) });
    // The seller watching their own item is not told about it.
    await watch(pool, [watcher, bidder, seller], ending);
    await watch(pool, [other], almost);
    await watch(pool, [watcher, other], later);
    await watch(pool, [watcher], ended);

    expect(await notifyEndingWatchers(pool)).toBe(3);
    expect(await endingNotifications(pool)).toEqual(
      [`${watcher} ${ending} 4200`, `${bidder} ${ending} 4200`, `${other} ${almost} 1000`].sort(),
    );

    // Later runs, and a watcher who leaves and comes back, add nothing.
    expect(await notifyEndingWatchers(pool)).toBe(0);
    await pool.query("DELETE FROM watchlist WHERE user_id = ? AND item_id = ?", [watcher, ending]);
    await watch(pool, [watcher], ending);
    expect(await notifyEndingWatchers(pool)).toBe(0);
    // A new watcher of an ending item is told on the next run.
    await watch(pool, [other], ending);
    expect(await notifyEndingWatchers(pool)).toBe(1);
    expect(await endingNotifications(pool)).toHaveLength(4);
    expect(unwatched).toBeGreaterThan(0);
  });
});

describe("overlapping runs", () => {
  const db = useTestPool();

  it("write exactly one notification per watcher and item between them", async () => {
    const pool = db.pool();
    const [seller, ...watchers] = await createUsers(pool, 31);
    if (seller === undefined) throw new Error("no seller");
    const items: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      const itemId = await insertItem(pool, { sellerId: seller, endsInMs: minutes(2) + index });
      await watch(pool, watchers, itemId);
      items.push(itemId);
    }
    const pools = [1, 2, 3, 4].map(() => createPool(db.database.config));
    try {
      const rounds = await Promise.all(
        pools.map(async (own) => {
          let written = 0;
          for (let round = 0; round < 3; round += 1) written += await notifyEndingWatchers(own);
          return written;
        }),
      );
      const expected = items.length * watchers.length;
      expect(rounds.reduce((total, count) => total + count, 0)).toBe(expected);
      const written = await endingNotifications(pool);
      expect(written).toHaveLength(expected);
      expect(new Set(written).size).toBe(expected);
    } finally {
      await Promise.all(pools.map((own) => own.end()));
    }
  });
});
