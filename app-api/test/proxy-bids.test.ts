import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { itemEventSchemas, minNextBid, routes } from "@ssgbay/contract";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveAutomaticBids } from "../src/bids/proxy.js";
import { useTestApi } from "./support/api.js";
import { createItem, expectContractAnswer, signUp, type TestUser } from "./support/client.js";
import { openEventStream } from "./support/sse.js";

const ctx = useTestApi({ EVENTS_POLL_MS: "100", ANTI_SNIPING_SECONDS: "60" });
let server: Server;
let baseUrl: string;
let seller: TestUser;
let users: TestUser[];

beforeAll(async () => {
  server = createServer(ctx.api.handler).listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  seller = await signUp(ctx.api.handler, "seller");
  users = [];
  for (let index = 0; index < 8; index += 1)
    users.push(await signUp(ctx.api.handler, `proxy${index}`));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const user = (index: number): TestUser => {
  const found = users[index];
  if (!found) throw new Error(`no user ${index}`);
  return found;
};

function placeBid(bidder: TestUser, itemId: number, amount: number, maxAmount?: number) {
  return request(ctx.api.handler)
    .post(`/api/items/${itemId}/bids`)
    .set("Authorization", `Bearer ${bidder.accessToken}`)
    .send(maxAmount === undefined ? { amount } : { amount, maxAmount });
}

async function outbidNotifications(itemId: number): Promise<number[]> {
  const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
    "SELECT user_id FROM notifications WHERE item_id = ? AND kind = 'outbid' ORDER BY id",
    [itemId],
  );
  return rows.map((row) => Number(row.user_id));
}

async function bidsOf(itemId: number): Promise<{ bidderId: number; amount: number }[]> {
  const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
    "SELECT bidder_id, amount FROM bids WHERE item_id = ? ORDER BY id",
    [itemId],
  );
  return rows.map((row) => ({ bidderId: Number(row.bidder_id), amount: Number(row.amount) }));
}

describe("resolveAutomaticBids", () => {
  const state = { startPrice: 10_000, price: 10_100, bidCount: 2, leaderId: 2 };

  it("answers a manual bid with the least accepted step while the maximum covers it", () => {
    // Above 10,000 won the step is 200 (1% rounded up to 100 won).
    expect(resolveAutomaticBids(state, [{ bidderId: 1, maxAmount: 15_550 }])).toEqual([
      { bidderId: 1, amount: 10_300 },
    ]);
    // A maximum below the next step cannot answer.
    expect(resolveAutomaticBids(state, [{ bidderId: 1, maxAmount: 10_299 }])).toEqual([]);
  });

  it("lets two maximums take turns and writes only the last bid of each", () => {
    const bids = resolveAutomaticBids(state, [
      { bidderId: 1, maxAmount: 15_550 },
      { bidderId: 2, maxAmount: 13_050 },
    ]);
    // 10,300 (1), 10,500 (2), … 12,900 (2), 13,100 (1); 2 cannot pay 13,300.
    expect(bids).toEqual([
      { bidderId: 2, amount: 12_900 },
      { bidderId: 1, amount: 13_100 },
    ]);
    for (const bid of bids) expect([15_550, 13_050]).not.toContain(bid.amount);
  });

  it("keeps going with the next strongest rival, amounts always a valid step up", () => {
    const bids = resolveAutomaticBids({ ...state, leaderId: 3 }, [
      { bidderId: 1, maxAmount: 12_000 },
      { bidderId: 2, maxAmount: 20_000 },
      { bidderId: 3, maxAmount: 10_100 },
    ]);
    expect(bids.at(-1)?.bidderId).toBe(2);
    let price = state.price;
    for (const bid of bids) {
      expect(bid.amount).toBeGreaterThanOrEqual(
        minNextBid({ startPrice: 10_000, currentPrice: price, bidCount: 1 }),
      );
      price = bid.amount;
    }
    expect(price).toBeLessThanOrEqual(20_000);
    expect(minNextBid({ startPrice: 10_000, currentPrice: price, bidCount: 1 })).toBeGreaterThan(
      12_000,
    );
  });
});

describe("proxy bidding through the API", () => {
  it("answers a manual bid for the maximum's owner and never shows the maximum to others", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "10000" });
    const [owner, rival] = [user(0), user(1)];
    const stream = await openEventStream(
      `${baseUrl}/api/items/${item.id}/events`,
      itemEventSchemas,
    );
    try {
      const opened = await placeBid(owner, item.id, 10_000, 15_550);
      expectContractAnswer(routes.placeBid, opened);
      expect(opened.body).toMatchObject({ leading: true, maxAmount: 15_550 });

      const answered = await placeBid(rival, item.id, 10_100);
      expectContractAnswer(routes.placeBid, answered);
      expect(answered.body).toMatchObject({
        leading: false,
        maxAmount: null,
        bid: { amount: 10_100 },
        item: { currentPrice: 10_300, bidCount: 3, minNextBid: 10_500 },
      });
      // The owner kept the lead: nobody was displaced, nobody is told.
      expect(await outbidNotifications(item.id)).toEqual([]);

      const overtaken = await placeBid(rival, item.id, 16_000);
      expect(overtaken.body).toMatchObject({ leading: true, item: { currentPrice: 16_000 } });
      expect(await outbidNotifications(item.id)).toEqual([owner.id]);

      const seenByOthers = [
        answered.body,
        overtaken.body,
        (await request(ctx.api.handler).get(`/api/items/${item.id}`)).body,
        (await request(ctx.api.handler).get("/api/items?status=all&pageSize=60")).body,
        (
          await request(ctx.api.handler)
            .get("/api/me/bids")
            .set("Authorization", `Bearer ${rival.accessToken}`)
        ).body,
        (
          await request(ctx.api.handler)
            .get("/api/me/notifications")
            .set("Authorization", `Bearer ${owner.accessToken}`)
        ).body,
        (
          await request(ctx.api.handler)
            .get("/api/me/items")
            .set("Authorization", `Bearer ${seller.accessToken}`)
        ).body,
      ];
      await stream.nextOf("price");
      while (await stream.next(700)) {
        // drain the price events of the three bids
      }
      seenByOthers.push(...stream.seen.map((event) => event.data));
      expect(stream.seen.length).toBeGreaterThan(1);
      for (const answer of seenByOthers) expect(JSON.stringify(answer)).not.toContain("15550");
    } finally {
      stream.close();
    }
  });

  it("resolves two proxy bidders racing: the higher maximum leads one step over the other", async () => {
    for (const round of [0, 1, 2]) {
      const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "5000" });
      const low = { bidder: user(3), max: 21_750 + round * 10 };
      const high = { bidder: user(4), max: 48_330 + round * 10 };
      // Both start at once with the least accepted bid they saw, retrying on BID_TOO_LOW as the
      // web app does, until their bid with its maximum is accepted.
      const outcomes = await Promise.all(
        (round % 2 === 0 ? [low, high] : [high, low]).map(async (side) => {
          for (let attempt = 0; attempt < 10; attempt += 1) {
            const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
            const least: number = detail.body.item.minNextBid;
            if (least > side.max) return "priced out";
            const answer = await placeBid(side.bidder, item.id, least, side.max);
            if (answer.status === 201) return "accepted";
            expect(answer.body.error.code).toBe("BID_TOO_LOW");
          }
          return "gave up";
        }),
      );
      expect(outcomes).not.toContain("gave up");
      expect(outcomes).toContain("accepted");
      const bids = await bidsOf(item.id);
      const last = bids.at(-1);
      expect(last?.bidderId).toBe(high.bidder.id);
      const price = last?.amount ?? 0;
      expect(price).toBeLessThanOrEqual(high.max);
      expect(minNextBid({ startPrice: 5_000, currentPrice: price, bidCount: 1 })).toBeGreaterThan(
        low.max,
      );
      for (let index = 1; index < bids.length; index += 1) {
        const before = bids[index - 1]?.amount ?? 0;
        expect(bids[index]?.amount).toBeGreaterThanOrEqual(
          minNextBid({ startPrice: 5_000, currentPrice: before, bidCount: 1 }),
        );
      }
      const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
      expect(detail.body.item.currentPrice).toBe(price);
      expect(detail.body.item.bidCount).toBe(bids.length);
      expect(JSON.stringify(detail.body)).not.toContain(String(high.max));
    }
  });

  it("honours soft close when automatic bids answer in the last seconds", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    expect((await placeBid(user(5), item.id, 1_000, 9_990)).status).toBe(201);
    await ctx.api.pool.query("UPDATE items SET ends_at = NOW(3) + INTERVAL 5 SECOND WHERE id = ?", [
      item.id,
    ]);
    const answered = await placeBid(user(6), item.id, 1_100);
    expect(answered.body.leading).toBe(false);
    const secondsLeft = (Date.parse(answered.body.item.endsAt) - Date.now()) / 1000;
    expect(secondsLeft).toBeGreaterThan(50);
    expect(secondsLeft).toBeLessThanOrEqual(61);
  });

  it("writes exactly one outbid notification per displaced leader when bidders race", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const racers = users.slice(0, 8);
    await Promise.all(
      racers.map(async (racer) => {
        let accepted = 0;
        for (let attempt = 0; attempt < 40 && accepted < 3; attempt += 1) {
          const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
          const answer = await placeBid(racer, item.id, detail.body.item.minNextBid);
          if (answer.status === 201) accepted += 1;
        }
      }),
    );
    const bids = await bidsOf(item.id);
    expect(bids.length).toBeGreaterThan(8);
    const displaced: number[] = [];
    for (let index = 1; index < bids.length; index += 1) {
      const before = bids[index - 1];
      const after = bids[index];
      if (before && after && before.bidderId !== after.bidderId) displaced.push(before.bidderId);
    }
    const notified = await outbidNotifications(item.id);
    expect(notified).toEqual(displaced);
  });
});
