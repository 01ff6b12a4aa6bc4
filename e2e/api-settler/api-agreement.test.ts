import { settleEndedAuctions } from "@ssgbay/app-settler";
import { insertItem, readPurchases } from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import { bid, type Client, signUp, useApi, waitForEnd } from "./support/api.js";

// The timeouts these tests had in the app-settler project.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe("the settler and the API", () => {
  const db = useTestPool();
  const app = useApi(db, { ANTI_SNIPING_SECONDS: "0" });

  it("agree on the winner shown by GET /api/items/:id and GET /api/me/purchases", async () => {
    const pool = db.pool();
    const [seller, alice, bob, carol] = await Promise.all(
      ["seller", "alice", "bob", "carol"].map((name) => signUp(app(), name)),
    );
    if (!seller || !alice || !bob || !carol) throw new Error("signup failed");
    const aliceWins = await insertItem(pool, { sellerId: seller.id, endsInMs: 4000 });
    const bobWins = await insertItem(pool, { sellerId: seller.id, endsInMs: 4000 });
    const nobodyBids = await insertItem(pool, { sellerId: seller.id, endsInMs: 4000 });

    for (const [bidder, itemId, amount] of [
      [alice, aliceWins, 1000],
      [bob, aliceWins, 1100],
      [alice, aliceWins, 1200],
      [carol, bobWins, 1000],
      [bob, bobWins, 1500],
    ] as const) {
      const response = await bid(app(), bidder, itemId, amount);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    for (const itemId of [aliceWins, bobWins, nobodyBids]) await waitForEnd(pool, itemId);

    expect(await settleEndedAuctions(pool)).toEqual({ settled: 3, sold: 2, unsold: 1 });

    const purchases = await readPurchases(pool);
    const settledAt = (itemId: number) =>
      purchases.find((purchase) => purchase.itemId === itemId)?.settledAt.toISOString();

    const shown = async (itemId: number) => {
      const response = await request(app()).get(`/api/items/${itemId}`);
      expect(response.status).toBe(200);
      return response.body.item;
    };
    expect(await shown(aliceWins)).toMatchObject({
      status: "sold",
      winner: { id: alice.id, nickname: alice.nickname },
      finalPrice: 1200,
      currentPrice: 1200,
      bidCount: 3,
    });
    expect(await shown(bobWins)).toMatchObject({
      status: "sold",
      winner: { id: bob.id, nickname: bob.nickname },
      finalPrice: 1500,
    });
    expect(await shown(nobodyBids)).toMatchObject({
      status: "unsold",
      winner: null,
      finalPrice: null,
    });

    const purchasesOf = async (client: Client) => {
      const response = await request(app())
        .get("/api/me/purchases")
        .set("Authorization", `Bearer ${client.token}`);
      expect(response.status).toBe(200);
      return response.body.items;
    };
    expect(await purchasesOf(alice)).toEqual([
      expect.objectContaining({
        id: aliceWins,
        status: "sold",
        finalPrice: 1200,
        settledAt: settledAt(aliceWins),
      }),
    ]);
    expect(await purchasesOf(bob)).toEqual([
      expect.objectContaining({
        id: bobWins,
        status: "sold",
        finalPrice: 1500,
        settledAt: settledAt(bobWins),
      }),
    ]);
    expect(await purchasesOf(carol)).toEqual([]);

    const late = await bid(app(), carol, aliceWins, 5000);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("AUCTION_CLOSED");
  });
});
