import { routes } from "@ssgbay/contract";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { bid, createItem, expectContractAnswer, signUp, type TestUser } from "./support/client.js";

const ctx = useTestApi();
let seller: TestUser;
let alice: TestUser;
let bob: TestUser;
let items: { first: number; second: number; won: number };

/** Settles an item the way the settler does, so the `me` lists can be read back. */
async function settleAsSold(itemId: number, buyerId: number, price: number) {
  await ctx.api.pool.query(
    `UPDATE items SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR,
       status = 'sold', winner_id = ?, final_price = ?, settled_at = NOW(3) WHERE id = ?`,
    [buyerId, price, itemId],
  );
  await ctx.api.pool.query(
    "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (?, ?, ?, NOW(3))",
    [itemId, buyerId, price],
  );
}

beforeAll(async () => {
  seller = await signUp(ctx.api.handler, "seller");
  alice = await signUp(ctx.api.handler, "alice");
  bob = await signUp(ctx.api.handler, "bob");
  const first = await createItem(ctx.api.handler, seller.accessToken, {
    title: "first",
    startPrice: "1000",
  });
  const second = await createItem(ctx.api.handler, seller.accessToken, {
    title: "second",
    startPrice: "1000",
  });
  const won = await createItem(ctx.api.handler, seller.accessToken, {
    title: "won",
    startPrice: "1000",
  });
  // first: alice leads; second: alice was outbid by bob; won: alice wins it.
  expect((await bid(ctx.api.handler, alice.accessToken, first.id, 1000)).status).toBe(201);
  expect((await bid(ctx.api.handler, alice.accessToken, second.id, 1000)).status).toBe(201);
  expect((await bid(ctx.api.handler, bob.accessToken, second.id, 5000)).status).toBe(201);
  expect((await bid(ctx.api.handler, alice.accessToken, won.id, 7000)).status).toBe(201);
  await settleAsSold(won.id, alice.id, 7000);
  items = { first: first.id, second: second.id, won: won.id };
});

const get = (path: string, user?: TestUser) => {
  const req = request(ctx.api.handler).get(path);
  if (user) req.set("Authorization", `Bearer ${user.accessToken}`);
  return req;
};

describe("/api/me", () => {
  it("items: my listings in every status, newest first; nobody else's", async () => {
    const mine = await get("/api/me/items", seller);
    expectContractAnswer(routes.myItems, mine);
    expect(mine.body.items.map((item: { id: number }) => item.id)).toEqual([
      items.won,
      items.second,
      items.first,
    ]);
    expect(mine.body.items[0]).toMatchObject({ status: "sold", seller: { id: seller.id } });
    const theirs = await get("/api/me/items", alice);
    expect(theirs.body.items).toEqual([]);
  });

  it("bids: the items I bid on with my highest bid and whether I lead", async () => {
    const mine = await get("/api/me/bids", alice);
    expectContractAnswer(routes.myBids, mine);
    const byId = new Map(
      mine.body.items.map((item: { id: number; myMaxBid: number; leading: boolean }) => [
        item.id,
        item,
      ]),
    );
    expect(byId.size).toBe(3);
    expect(byId.get(items.first)).toMatchObject({ myMaxBid: 1000, leading: true });
    expect(byId.get(items.second)).toMatchObject({
      myMaxBid: 1000,
      leading: false,
      currentPrice: 5000,
    });
    expect(byId.get(items.won)).toMatchObject({ myMaxBid: 7000, leading: true, status: "sold" });
    const bobs = await get("/api/me/bids", bob);
    expect(bobs.body.items.map((item: { id: number }) => item.id)).toEqual([items.second]);
    expect((await get("/api/me/bids", seller)).body.items).toEqual([]);
  });

  it("purchases: only the auctions I won, with final price and settlement time", async () => {
    const mine = await get("/api/me/purchases", alice);
    expectContractAnswer(routes.myPurchases, mine);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ id: items.won, finalPrice: 7000, status: "sold" });
    expect(Date.parse(mine.body.items[0].settledAt)).not.toBeNaN();
    expect((await get("/api/me/purchases", bob)).body.items).toEqual([]);
    expect((await get("/api/me/purchases", seller)).body.items).toEqual([]);

    const detail = await get(`/api/items/${items.won}`);
    expect(detail.body.item).toMatchObject({
      status: "sold",
      winner: { id: alice.id, nickname: alice.nickname },
      finalPrice: 7000,
    });
  });

  it("anonymous callers get 401 on every me route; the user id never comes from the client", async () => {
    for (const path of ["/api/me/items", "/api/me/bids", "/api/me/purchases"]) {
      const anonymous = await get(path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");
    }
    const spoofedPurchases = await get(`/api/me/purchases?userId=${alice.id}`, bob);
    expect(spoofedPurchases.body.items).toEqual([]);
  });
});
