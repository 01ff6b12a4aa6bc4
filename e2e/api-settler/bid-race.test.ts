import { settleEndedAuctions } from "@ssgbay/app-settler";
import { createPool } from "@ssgbay/database";
import {
  databaseNow,
  insertItem,
  readBids,
  readItem,
  readPurchases,
} from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { bid, type Client, signUp, useApi } from "./support/api.js";

// The timeouts these tests had in the app-settler project.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const acceptedSchema = z.object({
  bid: z.object({ amount: z.number(), createdAt: z.iso.datetime() }),
  item: z.object({ minNextBid: z.number(), endsAt: z.iso.datetime() }),
});
const refusedSchema = z.object({
  error: z.object({
    code: z.string(),
    details: z.object({ minNextBid: z.number() }).optional(),
  }),
});

interface Accepted {
  bidderId: number;
  amount: number;
  createdAt: Date;
}

describe.each([
  { antiSnipingSeconds: 0, scenario: "bids race the end until refused" },
  { antiSnipingSeconds: 1, scenario: "soft-close extensions keep the auction open" },
])("with ANTI_SNIPING_SECONDS=$antiSnipingSeconds, $scenario", ({ antiSnipingSeconds }) => {
  const db = useTestPool();
  const app = useApi(db, { ANTI_SNIPING_SECONDS: String(antiSnipingSeconds) });

  it("every bid is either accepted before settlement or refused, never both", async () => {
    const pool = db.pool();
    const [seller, ...bidders] = await Promise.all(
      ["seller", "b1", "b2", "b3", "b4"].map((name) => signUp(app(), name)),
    );
    if (!seller || bidders.length !== 4) throw new Error("signup failed");
    const itemId = await insertItem(pool, { sellerId: seller.id, endsInMs: 1500 });
    const originalEnd = (await readItem(pool, itemId)).endsAt;

    const accepted: Accepted[] = [];
    const refusals = new Map<string, number>();
    let minNextBid = 1000;
    let settled = false;
    let settlerRuns = 0;

    // The settler runs over and over on its own pool while the bids come in.
    const settlerPool = createPool(db.database.config);
    const settling = (async () => {
      try {
        while (!settled) {
          await settleEndedAuctions(settlerPool, { batchSize: 10 });
          settlerRuns += 1;
          settled = (await readItem(pool, itemId)).status !== "open";
        }
      } finally {
        await settlerPool.end();
      }
    })();

    const keepBidding = async (bidder: Client, offset: number) => {
      for (;;) {
        const response = await bid(app(), bidder, itemId, minNextBid + offset);
        if (response.status === 201) {
          const body = acceptedSchema.parse(response.body);
          accepted.push({
            bidderId: bidder.id,
            amount: body.bid.amount,
            createdAt: new Date(body.bid.createdAt),
          });
          minNextBid = Math.max(minNextBid, body.item.minNextBid);
        } else {
          expect(response.status, JSON.stringify(response.body)).toBe(409);
          const { code, details } = refusedSchema.parse(response.body).error;
          refusals.set(code, (refusals.get(code) ?? 0) + 1);
          if (code === "AUCTION_CLOSED") return;
          expect(code).toBe("BID_TOO_LOW");
          minNextBid = Math.max(minNextBid, details?.minNextBid ?? minNextBid);
        }
        // With soft close the bidders stop half a second past the original end, so it can end.
        if (antiSnipingSeconds > 0) {
          const now = await databaseNow(pool);
          if (now.getTime() > originalEnd.getTime() + 500) return;
        }
      }
    };
    await Promise.all(bidders.map((bidder, index) => keepBidding(bidder, index * 100)));
    await settling;

    const late = await bid(app(), bidders[0] as Client, itemId, minNextBid + 1_000_000);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("AUCTION_CLOSED");

    // Every accepted bid, and no other, is recorded, and the highest accepted one won.
    const recorded = (await readBids(pool)).filter((row) => row.itemId === itemId);
    expect(recorded.map((row) => row.amount).sort((a, b) => a - b)).toEqual(
      accepted.map((row) => row.amount).sort((a, b) => a - b),
    );
    const highest = accepted.reduce((best, row) => (row.amount > best.amount ? row : best));
    const item = await readItem(pool, itemId);
    expect(item).toMatchObject({
      status: "sold",
      winnerId: highest.bidderId,
      finalPrice: highest.amount,
    });
    expect(await readPurchases(pool)).toEqual([
      { itemId, buyerId: highest.bidderId, price: highest.amount, settledAt: item.settledAt },
    ]);
    expect(item.settledAt?.getTime()).toBeGreaterThanOrEqual(item.endsAt.getTime());
    expect(settlerRuns).toBeGreaterThan(1);

    if (antiSnipingSeconds === 0) {
      // The race crossed the end: some bids were refused as closed while others had been taken.
      expect(refusals.get("AUCTION_CLOSED")).toBeGreaterThan(0);
      expect(item.endsAt).toEqual(originalEnd);
    } else {
      // Bids accepted after the original end moved it, and the settler waited for the new end.
      const afterOriginalEnd = accepted.filter((row) => row.createdAt > originalEnd);
      expect(afterOriginalEnd.length).toBeGreaterThan(0);
      expect(item.endsAt.getTime()).toBeGreaterThan(originalEnd.getTime());
    }
  });
});
