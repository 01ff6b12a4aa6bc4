import { settleEndedAuctions } from "@ssgbay/app-settler";
import { insertItem, readItem, readPurchases } from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import { bid, signUp, useApi } from "./support/api.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe("buy-now and the settler agree on what was sold", () => {
  const db = useTestPool();
  const app = useApi(db, { ANTI_SNIPING_SECONDS: "0" });

  it("a bought item is never settled again; an untaken buy-now price changes nothing", async () => {
    const pool = db.pool();
    const [seller, buyer, bidder] = await Promise.all(
      ["bn_seller", "bn_buyer", "bn_bidder"].map((name) => signUp(app(), name)),
    );
    if (!seller || !buyer || !bidder) throw new Error("signup failed");
    const startPrice = 1000;
    const bought = await insertItem(pool, { sellerId: seller.id, endsInMs: 60_000, startPrice });
    const kept = await insertItem(pool, { sellerId: seller.id, endsInMs: 60_000, startPrice });
    await pool.query("UPDATE items SET buy_now_price = start_price * 3 WHERE id IN (?)", [
      [bought, kept],
    ]);

    const answer = await request(app())
      .post(`/api/items/${bought}/buy-now`)
      .set("Authorization", `Bearer ${buyer.token}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((await bid(app(), bidder, kept, startPrice)).status).toBe(201);

    // both end; the settler settles the one still open, and only it
    await pool.query(
      "UPDATE items SET ends_at = NOW(3) - INTERVAL 1 SECOND WHERE id IN (?) AND status = 'open'",
      [[bought, kept]],
    );
    const counts = await Promise.all([
      settleEndedAuctions(pool, { batchSize: 10 }),
      settleEndedAuctions(pool, { batchSize: 10 }),
    ]);
    expect(counts.reduce((sum, run) => sum + run.settled, 0)).toBe(1);
    expect(await readItem(pool, bought)).toMatchObject({ status: "sold", winnerId: buyer.id });
    expect(await readItem(pool, kept)).toMatchObject({ status: "sold", winnerId: bidder.id });
    const purchases = await readPurchases(pool);
    expect(purchases.filter((p) => p.itemId === bought)).toMatchObject([{ buyerId: buyer.id }]);
    expect(purchases.filter((p) => p.itemId === kept)).toMatchObject([{ buyerId: bidder.id }]);
  });
});
