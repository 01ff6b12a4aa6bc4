import { maxNextBid, routes } from "@ssgbay/contract";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import {
  bid,
  createItem,
  expectContractAnswer,
  rowCounts,
  signUp,
  type TestUser,
} from "./support/client.js";

const ctx = useTestApi();
let seller: TestUser;
let bidders: TestUser[];

beforeAll(async () => {
  seller = await signUp(ctx.api.handler, "seller");
  bidders = [];
  for (let index = 0; index < 10; index += 1) {
    bidders.push(await signUp(ctx.api.handler, `bidder${index}`));
  }
});

const bidder = (index: number): TestUser => {
  const found = bidders[index];
  if (!found) throw new Error(`no bidder ${index}`);
  return found;
};

async function endItemAt(itemId: number, sql: string) {
  await ctx.api.pool.query(
    `UPDATE items SET starts_at = NOW(3) - INTERVAL 1 HOUR, ends_at = ${sql} WHERE id = ?`,
    [itemId],
  );
}

describe("POST /api/items/:id/bids", () => {
  it("accepts a first bid at the start price, then requires the increment", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "500000" });
    const first = await bid(ctx.api.handler, bidder(0).accessToken, item.id, 500000);
    expectContractAnswer(routes.placeBid, first);
    expect(first.body).toMatchObject({
      bid: { amount: 500000, bidder: { id: bidder(0).id } },
      item: { currentPrice: 500000, bidCount: 1, minNextBid: 505000 },
    });

    const tooLow = await bid(ctx.api.handler, bidder(1).accessToken, item.id, 504999);
    expect(tooLow.status).toBe(409);
    expect(tooLow.body.error).toMatchObject({
      code: "BID_TOO_LOW",
      details: { minNextBid: 505000 },
    });

    const second = await bid(ctx.api.handler, bidder(1).accessToken, item.id, 2_000_000);
    expect(second.status).toBe(201);
    // 1% of 2,000,000 is 20,000.
    expect(second.body.item).toMatchObject({
      currentPrice: 2_000_000,
      bidCount: 2,
      minNextBid: 2_020_000,
    });

    const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
    expect(detail.body.item).toMatchObject({
      currentPrice: 2_000_000,
      bidCount: 2,
      minNextBid: 2_020_000,
    });
    expect(detail.body.item.bids.map((b: { amount: number }) => b.amount)).toEqual([
      2_000_000, 500000,
    ]);
    expect(detail.body.item.bids[0].bidder).toEqual({
      id: bidder(1).id,
      nickname: bidder(1).nickname,
    });
  });

  it("rounds the 1% increment up to 100 won", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "123456" });
    await bid(ctx.api.handler, bidder(0).accessToken, item.id, 123456);
    const tooLow = await bid(ctx.api.handler, bidder(1).accessToken, item.id, 124756 - 1);
    // 1% of 123,456 is 1,234.56, rounded up to 1,300.
    expect(tooLow.body.error.details.minNextBid).toBe(124756);
    expect((await bid(ctx.api.handler, bidder(1).accessToken, item.id, 124756)).status).toBe(201);
  });

  it("refuses a first bid under the start price", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "5000" });
    const response = await bid(ctx.api.handler, bidder(0).accessToken, item.id, 4999);
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: "BID_TOO_LOW",
      details: { minNextBid: 5000 },
    });
  });

  it("authorization matrix: anonymous 401, the owner 403 OWN_ITEM, another user 201", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const before = await rowCounts(ctx.api);
    const anonymous = await bid(ctx.api.handler, undefined, item.id, 1000);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");
    const owner = await bid(ctx.api.handler, seller.accessToken, item.id, 1000);
    expect(owner.status).toBe(403);
    expect(owner.body.error.code).toBe("OWN_ITEM");
    expect(await rowCounts(ctx.api)).toEqual(before);
    expect((await bid(ctx.api.handler, bidder(2).accessToken, item.id, 1000)).status).toBe(201);
  });

  it("refuses a bid that would freeze the auction (2^53 - 1 on a 1,000-won item) with BID_TOO_HIGH", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const before = await rowCounts(ctx.api);
    const frozen = await bid(
      ctx.api.handler,
      bidder(0).accessToken,
      item.id,
      Number.MAX_SAFE_INTEGER,
    );
    expect(frozen.status).toBe(409);
    expect(frozen.body.error).toMatchObject({
      code: "BID_TOO_HIGH",
      details: { maxNextBid: 10_000 },
    });
    expect(await rowCounts(ctx.api)).toEqual(before);

    // The cap itself is accepted, and the auction stays biddable above it.
    const atCap = await bid(ctx.api.handler, bidder(0).accessToken, item.id, 10_000);
    expectContractAnswer(routes.placeBid, atCap);
    const next = atCap.body.item;
    expect(next.minNextBid).toBe(10_100);
    expect(maxNextBid({ startPrice: 1000, ...next })).toBe(100_000);
    const outbid = await bid(ctx.api.handler, bidder(1).accessToken, item.id, next.minNextBid);
    expect(outbid.status).toBe(201);
  });

  it("answers 404 for an unknown item", async () => {
    const response = await bid(ctx.api.handler, bidder(0).accessToken, 987654, 1000);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("NOT_FOUND");
  });

  it.each([
    ["a float", 1000.5],
    ["a negative", -1000],
    ["zero", 0],
    ["a string", "1000"],
    ["an exponent string", "1e4"],
    ["beyond MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER + 1],
    ["null", null],
    ["an object", { $gt: 0 }],
    ["an array", [1000]],
    ["true", true],
  ])(
    "refuses %s as an amount with 400 VALIDATION_FAILED and writes nothing",
    async (_name, amount) => {
      const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
      const before = await rowCounts(ctx.api);
      const response = await bid(ctx.api.handler, bidder(0).accessToken, item.id, amount);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_FAILED");
      expect(await rowCounts(ctx.api)).toEqual(before);
    },
  );

  it("refuses a missing amount, extra fields and a raw overflow literal", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const before = await rowCounts(ctx.api);
    const post = () =>
      request(ctx.api.handler)
        .post(`/api/items/${item.id}/bids`)
        .set("Authorization", `Bearer ${bidder(0).accessToken}`)
        .set("Content-Type", "application/json");
    for (const body of [
      "{}",
      '{"amount":1000,"bidderId":1}',
      '{"amount":1e400}',
      '{"amount":99999999999999999999999}',
    ]) {
      const response = await post().send(body);
      expect(response.status, body).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_FAILED");
    }
    expect(await rowCounts(ctx.api)).toEqual(before);
  });

  it("refuses a bid after endsAt and at endsAt with 409 AUCTION_CLOSED (database clock)", async () => {
    const after = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    await endItemAt(after.id, "NOW(3) - INTERVAL 1 SECOND");
    const at = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    await endItemAt(at.id, "NOW(3)");
    const before = await rowCounts(ctx.api);
    for (const item of [after, at]) {
      const response = await bid(ctx.api.handler, bidder(0).accessToken, item.id, 5000);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe("AUCTION_CLOSED");
    }
    expect(await rowCounts(ctx.api)).toEqual(before);
  });

  it("refuses a bid on a settled item with 409 AUCTION_CLOSED", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    await ctx.api.pool.query(
      "UPDATE items SET status = 'unsold', settled_at = NOW(3) WHERE id = ?",
      [item.id],
    );
    const response = await bid(ctx.api.handler, bidder(0).accessToken, item.id, 5000);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("AUCTION_CLOSED");
  });

  it("refuses a too-low bid and a bid on one's own item without waiting for a held row lock", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    expect((await bid(ctx.api.handler, bidder(0).accessToken, item.id, 1000)).status).toBe(201);
    // Another transaction holds the item's row lock, as a winning bid does while it commits.
    const holder = await ctx.api.pool.getConnection();
    try {
      await holder.beginTransaction();
      await holder.query("SELECT id FROM items WHERE id = ? FOR UPDATE", [item.id]);
      const started = performance.now();
      const tooLow = await bid(ctx.api.handler, bidder(1).accessToken, item.id, 1000);
      const own = await bid(ctx.api.handler, seller.accessToken, item.id, 5000);
      const waitedMs = performance.now() - started;
      expect(tooLow.status).toBe(409);
      expect(tooLow.body.error).toMatchObject({
        code: "BID_TOO_LOW",
        details: { minNextBid: 1100 },
      });
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe("OWN_ITEM");
      expect(waitedMs).toBeLessThan(500);
      // A bid that could win does need the lock: it is still waiting while the lock is held.
      let settled = false;
      const winning = bid(ctx.api.handler, bidder(1).accessToken, item.id, 1100).then(
        (response) => {
          settled = true;
          return response;
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await holder.commit();
      expect((await winning).status).toBe(201);
    } finally {
      holder.release();
    }
  });

  it("soft close: a bid in the last minute moves endsAt to a minute after the database's now", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    await endItemAt(item.id, "NOW(3) + INTERVAL 10 SECOND");
    const response = await bid(ctx.api.handler, bidder(0).accessToken, item.id, 1000);
    expect(response.status).toBe(201);
    const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT TIMESTAMPDIFF(MICROSECOND, b.created_at, i.ends_at) AS gap FROM items i JOIN bids b ON b.item_id = i.id WHERE i.id = ?",
      [item.id],
    );
    expect(Number(rows[0]?.gap)).toBe(60_000_000);
    expect(response.body.item.endsAt).toBe(
      new Date(Date.parse(response.body.bid.createdAt) + 60_000).toISOString(),
    );

    // A bid well before the last minute leaves endsAt alone.
    const early = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const detail = await request(ctx.api.handler).get(`/api/items/${early.id}`);
    const placed = await bid(ctx.api.handler, bidder(0).accessToken, early.id, 1000);
    expect(placed.body.item.endsAt).toBe(detail.body.item.endsAt);
  });

  it("50 concurrent bids: final price is the highest accepted bid and the count matches the 201s", async () => {
    // Every amount within the 10× cap of the start price, so only order decides.
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "10000" });
    const amounts = Array.from({ length: 50 }, (_, index) => 10000 + ((index * 7919) % 50) * 500);
    const responses = await Promise.all(
      amounts.map((amount, index) =>
        bid(ctx.api.handler, bidder(index % bidders.length).accessToken, item.id, amount),
      ),
    );
    const accepted = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status !== 201);
    expect(accepted.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.status).toBe(409);
      expect(["BID_TOO_LOW", "AUCTION_CLOSED"]).toContain(response.body.error.code);
    }
    const highestAccepted = Math.max(
      ...accepted.map((response) => response.body.bid.amount as number),
    );
    const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
    expect(detail.body.item.currentPrice).toBe(highestAccepted);
    expect(detail.body.item.bidCount).toBe(accepted.length);
    const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n, MAX(amount) AS top FROM bids WHERE item_id = ?",
      [item.id],
    );
    expect(Number(rows[0]?.n)).toBe(accepted.length);
    expect(Number(rows[0]?.top)).toBe(highestAccepted);
    // Every accepted bid beat the one accepted before it, so accepted amounts are distinct.
    expect(new Set(accepted.map((response) => response.body.bid.amount)).size).toBe(
      accepted.length,
    );
  });
});
