import { createPool } from "@ssgbay/database";
import {
  databaseNow,
  insertItem,
  readItem,
  readItems,
  readPurchases,
} from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import type { Pool, PoolConnection, RowDataPacket } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { SettlementError, settleEndedAuctions } from "../src/index.js";
import { createUsers, insertBidsUpdatingItems } from "./fixtures.js";

describe("the highest bid wins", () => {
  const db = useTestPool();

  it("prefers the higher amount, then the earlier bid, then the lower id", async () => {
    const pool = db.pool();
    const [seller, early, late, third] = await createUsers(pool, 4);
    if (!seller || !early || !late || !third) throw new Error("users were not created");
    const t = (ms: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0, ms));

    const byAmount = await insertItem(pool, { sellerId: seller });
    await insertBidsUpdatingItems(pool, [
      { itemId: byAmount, bidderId: early, amount: 5000, createdAt: t(0) },
      { itemId: byAmount, bidderId: late, amount: 5100, createdAt: t(500) },
      { itemId: byAmount, bidderId: third, amount: 4000, createdAt: t(900) },
    ]);
    const byTime = await insertItem(pool, { sellerId: seller });
    // the later bid is inserted first, so the lower id belongs to the later bid
    await insertBidsUpdatingItems(pool, [
      { itemId: byTime, bidderId: late, amount: 7000, createdAt: t(2) },
      { itemId: byTime, bidderId: early, amount: 7000, createdAt: t(1) },
    ]);
    const byId = await insertItem(pool, { sellerId: seller });
    await insertBidsUpdatingItems(pool, [
      { itemId: byId, bidderId: early, amount: 9000, createdAt: t(3) },
      { itemId: byId, bidderId: late, amount: 9000, createdAt: t(3) },
    ]);

    const result = await settleEndedAuctions(pool);

    expect(result).toEqual({ settled: 3, sold: 3, unsold: 0 });
    expect(await readItem(pool, byAmount)).toMatchObject({
      status: "sold",
      winnerId: late,
      finalPrice: 5100,
    });
    expect(await readItem(pool, byTime)).toMatchObject({
      status: "sold",
      winnerId: early,
      finalPrice: 7000,
    });
    expect(await readItem(pool, byId)).toMatchObject({
      status: "sold",
      winnerId: early,
      finalPrice: 9000,
    });
    const purchases = await readPurchases(pool);
    expect(purchases.map(({ itemId, buyerId, price }) => ({ itemId, buyerId, price }))).toEqual([
      { itemId: byAmount, buyerId: late, price: 5100 },
      { itemId: byTime, buyerId: early, price: 7000 },
      { itemId: byId, buyerId: early, price: 9000 },
    ]);
    for (const purchase of purchases) {
      const item = await readItem(pool, purchase.itemId);
      expect(item.settledAt).toEqual(purchase.settledAt);
      expect(item.settledAt?.getTime()).toBeGreaterThanOrEqual(item.endsAt.getTime());
    }
  });
});

describe("an auction nobody bid on", () => {
  const db = useTestPool();

  it("becomes unsold with no winner, no price and no purchase", async () => {
    const pool = db.pool();
    const [seller] = await createUsers(pool, 1);
    if (!seller) throw new Error("no user");
    const item = await insertItem(pool, { sellerId: seller, endsInMs: -5 });

    const before = await databaseNow(pool);
    expect(await settleEndedAuctions(pool)).toEqual({ settled: 1, sold: 0, unsold: 1 });

    const settled = await readItem(pool, item);
    expect(settled).toMatchObject({ status: "unsold", winnerId: null, finalPrice: null });
    expect(settled.settledAt?.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(await readPurchases(pool)).toEqual([]);
  });
});

/** A pool whose sessions see the database clock stopped at `instant` (SET timestamp). */
function poolWithClockAt(config: Parameters<typeof createPool>[0], instant: Date): Pool {
  const pool = createPool(config);
  pool.pool.on("connection", (connection) => {
    connection.query(`SET timestamp = ${instant.getTime() / 1000}`);
  });
  return pool;
}

describe("the end instant", () => {
  const db = useTestPool();

  it("settles an item ending exactly at the database's now, but not one a millisecond later", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2);
    if (!seller || !bidder) throw new Error("no users");
    const now = new Date(Date.UTC(2026, 5, 1, 9, 30, 15, 250));
    const endingNow = await insertItem(pool, { sellerId: seller, endsAt: now });
    const endingNext = await insertItem(pool, {
      sellerId: seller,
      endsAt: new Date(now.getTime() + 1),
    });
    await insertBidsUpdatingItems(pool, [
      {
        itemId: endingNow,
        bidderId: bidder,
        amount: 2000,
        createdAt: new Date(now.getTime() - 10),
      },
    ]);

    const stopped = poolWithClockAt(db.database.config, now);
    try {
      expect(await databaseNow(stopped)).toEqual(now);
      expect(await settleEndedAuctions(stopped)).toEqual({ settled: 1, sold: 1, unsold: 0 });
    } finally {
      await stopped.end();
    }

    expect(await readItem(pool, endingNow)).toMatchObject({
      status: "sold",
      winnerId: bidder,
      finalPrice: 2000,
      settledAt: now,
    });
    expect(await readItem(pool, endingNext)).toMatchObject({ status: "open", settledAt: null });
  });

  it("leaves auctions that have not ended open", async () => {
    const pool = db.pool();
    const [seller] = await createUsers(pool, 1, "future");
    if (!seller) throw new Error("no user");
    const later = await insertItem(pool, { sellerId: seller, endsInMs: 60 * 60 * 1000 });

    await settleEndedAuctions(pool);

    expect(await readItem(pool, later)).toMatchObject({ status: "open", settledAt: null });
  });
});

describe("items already settled", () => {
  const db = useTestPool();

  it("are left exactly as they were", async () => {
    const pool = db.pool();
    const [seller, winner, other] = await createUsers(pool, 3);
    if (!seller || !winner || !other) throw new Error("no users");
    const sold = await insertItem(pool, { sellerId: seller, endsInMs: -60_000 });
    const unsold = await insertItem(pool, { sellerId: seller, endsInMs: -60_000 });
    await insertBidsUpdatingItems(pool, [
      { itemId: sold, bidderId: winner, amount: 3000, createdAt: new Date(Date.now() - 90_000) },
    ]);
    const earlierSettlement = new Date(Date.now() - 30_000);
    await pool.query(
      "UPDATE items SET status = 'sold', winner_id = ?, final_price = 3000, settled_at = ? WHERE id = ?",
      [winner, earlierSettlement, sold],
    );
    await pool.query(
      "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (?, ?, 3000, ?)",
      [sold, winner, earlierSettlement],
    );
    await pool.query("UPDATE items SET status = 'unsold', settled_at = ? WHERE id = ?", [
      earlierSettlement,
      unsold,
    ]);
    // A higher bid that somehow arrived later must not reopen the result.
    await pool.query(
      "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, 9999, NOW(3))",
      [sold, other],
    );
    const itemsBefore = await readItems(pool);
    const purchasesBefore = await readPurchases(pool);

    expect(await settleEndedAuctions(pool)).toEqual({ settled: 0, sold: 0, unsold: 0 });

    expect(await readItems(pool)).toEqual(itemsBefore);
    expect(await readPurchases(pool)).toEqual(purchasesBefore);
  });
});

describe("a bid in flight", () => {
  const db = useTestPool();

  it("is skipped rather than waited for, and its item is settled by the next run", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2);
    if (!seller || !bidder) throw new Error("no users");
    const busy = await insertItem(pool, { sellerId: seller, endsInMs: -1 });
    const free = await insertItem(pool, { sellerId: seller, endsInMs: -1 });

    // Holds the item row the way the API's bid transaction does (SELECT ... FOR UPDATE).
    const bidTransaction: PoolConnection = await pool.getConnection();
    try {
      await bidTransaction.beginTransaction();
      await bidTransaction.query<RowDataPacket[]>("SELECT id FROM items WHERE id = ? FOR UPDATE", [
        busy,
      ]);

      expect(await settleEndedAuctions(pool)).toEqual({ settled: 1, sold: 0, unsold: 1 });
      expect(await readItem(pool, busy)).toMatchObject({ status: "open" });
      expect(await readItem(pool, free)).toMatchObject({ status: "unsold" });

      await bidTransaction.query(
        "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, 1500, NOW(3))",
        [busy, bidder],
      );
      await bidTransaction.query(
        "UPDATE items SET current_price = 1500, bid_count = 1 WHERE id = ?",
        [busy],
      );
      await bidTransaction.commit();
    } finally {
      bidTransaction.release();
    }

    expect(await settleEndedAuctions(pool)).toEqual({ settled: 1, sold: 1, unsold: 0 });
    expect(await readItem(pool, busy)).toMatchObject({
      status: "sold",
      winnerId: bidder,
      finalPrice: 1500,
    });
  });

  it("that extended the end time is honoured: the item stays open until the new end", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2, "extended");
    if (!seller || !bidder) throw new Error("no users");
    const item = await insertItem(pool, { sellerId: seller, endsInMs: -1 });

    const bidTransaction = await pool.getConnection();
    try {
      await bidTransaction.beginTransaction();
      await bidTransaction.query("SELECT id FROM items WHERE id = ? FOR UPDATE", [item]);
      const settling = settleEndedAuctions(pool);
      // soft close: the bid moves endsAt a minute ahead and commits while the settler runs
      await bidTransaction.query(
        "INSERT INTO bids (item_id, bidder_id, amount, created_at) VALUES (?, ?, 1500, NOW(3))",
        [item, bidder],
      );
      await bidTransaction.query(
        `UPDATE items SET current_price = 1500, bid_count = 1,
                          ends_at = NOW(3) + INTERVAL 60 SECOND WHERE id = ?`,
        [item],
      );
      await bidTransaction.commit();
      await settling;
    } finally {
      bidTransaction.release();
    }
    await settleEndedAuctions(pool);

    expect(await readItem(pool, item)).toMatchObject({ status: "open", settledAt: null });
  });
});

describe("batches", () => {
  const db = useTestPool();

  it("settle everything across several transactions and count each outcome", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2);
    if (!seller || !bidder) throw new Error("no users");
    const items: number[] = [];
    for (let index = 0; index < 23; index += 1) {
      items.push(await insertItem(pool, { sellerId: seller, endsInMs: -1000 - index }));
    }
    const withBids = items.filter((_, index) => index % 3 === 0);
    await insertBidsUpdatingItems(
      pool,
      withBids.map((itemId) => ({ itemId, bidderId: bidder, amount: 1200, createdAt: new Date() })),
    );

    expect(await settleEndedAuctions(pool, { batchSize: 5 })).toEqual({
      settled: 23,
      sold: withBids.length,
      unsold: 23 - withBids.length,
    });
    expect((await readItems(pool)).filter((item) => item.status === "open")).toEqual([]);
    expect((await readPurchases(pool)).map((purchase) => purchase.itemId)).toEqual(withBids);
  });

  it("refuses a batch size that is not a positive integer, changing nothing", async () => {
    const pool = db.pool();
    const [seller] = await createUsers(pool, 1, "badbatch");
    if (!seller) throw new Error("no user");
    const item = await insertItem(pool, { sellerId: seller });
    for (const batchSize of [0, -1, 1.5, Number.NaN]) {
      await expect(settleEndedAuctions(pool, { batchSize })).rejects.toThrow(
        new RangeError("batchSize: must be an integer from 1 to 10000"),
      );
    }
    expect(await readItem(pool, item)).toMatchObject({ status: "open" });
  });

  it("reports the batches that committed when a later one fails", async () => {
    const pool = db.pool();
    const [seller] = await createUsers(pool, 1, "partial");
    if (!seller) throw new Error("no user");
    const items: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      items.push(await insertItem(pool, { sellerId: seller, endsInMs: -10_000 + index }));
    }
    const failing = items[2];
    await pool.query(
      `CREATE TRIGGER fail_unsold BEFORE UPDATE ON items FOR EACH ROW
         IF NEW.id = ${failing} AND NEW.status = 'unsold' THEN
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure';
         END IF`,
    );
    try {
      // One claimer, so the batches run in id order (parallel claimers' failures are tested apart).
      const error = await settleEndedAuctions(pool, { batchSize: 2, claimers: 1 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SettlementError);
      expect((error as SettlementError).committed).toEqual({ settled: 2, sold: 0, unsold: 2 });
      expect((error as SettlementError).message).toContain("injected failure");
    } finally {
      await pool.query("DROP TRIGGER fail_unsold");
    }
    expect((await readItems(pool, items)).map((item) => item.status)).toEqual([
      "unsold",
      "unsold",
      "open",
      "open",
    ]);
  });
});
