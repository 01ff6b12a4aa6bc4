import { createPool } from "@ssgbay/database";
import { readBids, readItems, readPurchases, seededRandom } from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { settleEndedAuctions } from "../src/index.js";
import {
  type BidSpec,
  createUsers,
  expectedWinners,
  insertBidsUpdatingItems,
  insertEndedItems,
} from "./fixtures.js";
import { parseRunLines, runSettler } from "./settler-process.js";

const ITEM_COUNT = 2000;

/** 2,000 ended items with 0-5 bids each, drawn from few amounts and times so ties are common. */
async function seedEndedAuctions(pool: Pool, seed: number): Promise<number[]> {
  const [seller, ...bidders] = await createUsers(pool, 21);
  if (seller === undefined) throw new Error("no seller");
  const items = await insertEndedItems(pool, seller, ITEM_COUNT);
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => {
    const value = values[Math.floor(random() * values.length)];
    if (value === undefined) throw new Error("empty choice");
    return value;
  };
  const base = Date.UTC(2026, 0, 1);
  const bids: BidSpec[] = items.flatMap((itemId) =>
    Array.from({ length: Math.floor(random() * 6) }, () => ({
      itemId,
      bidderId: pick(bidders),
      amount: pick([1000, 1100, 1200]),
      createdAt: new Date(base + pick([0, 1, 2]) * 1000),
    })),
  );
  await insertBidsUpdatingItems(pool, bids);
  return items;
}

/** Every item settled exactly once, by the auction rule, with one purchase per item with bids. */
async function expectSettledExactlyOnce(pool: Pool, items: number[]): Promise<number> {
  const bids = await readBids(pool);
  const winners = expectedWinners(bids);
  const purchases = await readPurchases(pool);
  const settled = await readItems(pool, items);

  expect(settled.filter((item) => item.status === "open")).toEqual([]);
  expect(purchases).toHaveLength(winners.size);
  expect(new Set(purchases.map((purchase) => purchase.itemId)).size).toBe(purchases.length);
  const purchaseByItem = new Map(purchases.map((purchase) => [purchase.itemId, purchase]));
  for (const item of settled) {
    const winner = winners.get(item.id);
    const purchase = purchaseByItem.get(item.id);
    if (winner === undefined) {
      expect({ item, purchase }).toMatchObject({
        item: { status: "unsold", winnerId: null, finalPrice: null },
        purchase: undefined,
      });
    } else {
      expect({ item, purchase }).toMatchObject({
        item: { status: "sold", winnerId: winner.bidderId, finalPrice: winner.amount },
        purchase: { buyerId: winner.bidderId, price: winner.amount, settledAt: item.settledAt },
      });
    }
  }
  await expectNotifiedExactlyOnce(pool, settled, winners);
  return winners.size;
}

/** Exactly one notification per item and party: the seller's sold/unsold, the winner's won. */
async function expectNotifiedExactlyOnce(
  pool: Pool,
  settled: { id: number }[],
  winners: Map<number, { bidderId: number; amount: number }>,
): Promise<void> {
  const [sellers] = await pool.query<RowDataPacket[]>(
    "SELECT id, seller_id AS sellerId FROM items WHERE id IN (?)",
    [settled.map((item) => item.id)],
  );
  const sellerOf = new Map(sellers.map((row) => [Number(row.id), Number(row.sellerId)]));
  const expected = settled.flatMap((item) => {
    const winner = winners.get(item.id);
    const seller = sellerOf.get(item.id);
    return winner === undefined
      ? [`${seller} unsold ${item.id} null`]
      : [
          `${seller} sold ${item.id} ${winner.amount}`,
          `${winner.bidderId} won ${item.id} ${winner.amount}`,
        ];
  });
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT user_id, kind, item_id, amount FROM notifications ORDER BY id",
  );
  const written = rows.map((row) => `${row.user_id} ${row.kind} ${row.item_id} ${row.amount}`);
  expect(written.length).toBe(expected.length);
  expect(written.sort()).toEqual(expected.sort());
}

describe("three settler processes started at once", () => {
  const db = useTestPool();

  it("settle 2,000 ended items exactly once between them", async () => {
    const pool = db.pool();
    const items = await seedEndedAuctions(pool, 20261122);

    const env = { DATABASE_URL: db.database.url, SETTLER_BATCH_SIZE: "50" };
    const runs = await Promise.all([runSettler([], env), runSettler([], env), runSettler([], env)]);

    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const lines = runs.flatMap((run) => parseRunLines(run.stdout));
    expect(lines).toHaveLength(3);
    const withBids = await expectSettledExactlyOnce(pool, items);
    expect(withBids).toBeGreaterThan(ITEM_COUNT / 2);
    expect(withBids).toBeLessThan(ITEM_COUNT);
    const sum = (key: "settled" | "sold" | "unsold") =>
      lines.reduce((total, line) => total + line[key], 0);
    expect({ settled: sum("settled"), sold: sum("sold"), unsold: sum("unsold") }).toEqual({
      settled: ITEM_COUNT,
      sold: withBids,
      unsold: ITEM_COUNT - withBids,
    });
  });
});

describe("three settlers in one process, each with its own pool", () => {
  const db = useTestPool();

  it("settle 2,000 ended items exactly once between them", async () => {
    const pool = db.pool();
    const items = await seedEndedAuctions(pool, 7);
    const pools = [1, 2, 3].map(() => createPool(db.database.config));
    try {
      const results = await Promise.all(
        pools.map((own) => settleEndedAuctions(own, { batchSize: 25 })),
      );
      const withBids = await expectSettledExactlyOnce(pool, items);
      expect(results.reduce((total, result) => total + result.settled, 0)).toBe(ITEM_COUNT);
      expect(results.reduce((total, result) => total + result.sold, 0)).toBe(withBids);
      // Started together, they share the work rather than queueing behind one another.
      expect(results.filter((result) => result.settled > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(pools.map((own) => own.end()));
    }
  });
});
