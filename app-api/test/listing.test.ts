import { readdir } from "node:fs/promises";
import { routes } from "@ssgbay/contract";
import { solidPng } from "@ssgbay/database/testing";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import {
  bid,
  createItem,
  expectContractAnswer,
  minutesFromNow,
  signUp,
  type TestUser,
} from "./support/client.js";

const ctx = useTestApi();

interface Listing {
  title?: string;
  startPrice?: string;
  photos?: Buffer[];
  fields?: Record<string, string>;
}

function postListing(token: string, listing: Listing = {}) {
  const req = request(ctx.api.handler)
    .post("/api/items")
    .set("Authorization", `Bearer ${token}`)
    .field("title", listing.title ?? "미러리스 카메라")
    .field("description", "렌즈 포함")
    .field("startPrice", listing.startPrice ?? "10000")
    .field("endsAt", minutesFromNow(60));
  for (const [name, value] of Object.entries(listing.fields ?? {})) req.field(name, value);
  for (const [index, photo] of (listing.photos ?? [solidPng(4, 3)]).entries()) {
    req.attach("image", photo, `photo-${index}.png`);
  }
  return req;
}

async function list(token: string, listing: Listing = {}) {
  const response = await postListing(token, listing);
  expectContractAnswer(routes.createItem, response);
  return response.body.item as {
    id: number;
    imageUrl: string;
    images: string[];
    category: string;
    condition: string;
    tradeMethod: string;
    tradeArea: string | null;
    buyNowPrice: number | null;
  };
}

const buyNow = (token: string, itemId: number) =>
  request(ctx.api.handler)
    .post(`/api/items/${itemId}/buy-now`)
    .set("Authorization", `Bearer ${token}`);

describe("richer listings", () => {
  it("keeps up to 8 photos in the seller's order, the first as the cover", async () => {
    const seller = await signUp(ctx.api.handler, "photos");
    // different sizes, so each stored photo can be told apart after re-encoding
    const photos = [solidPng(30, 20), solidPng(10, 10), solidPng(20, 40)];
    const item = await list(seller.accessToken, { photos });
    expect(item.images).toHaveLength(3);
    expect(item.images[0]).toBe(item.imageUrl);
    const widths = [];
    for (const url of item.images) {
      const image = await request(ctx.api.handler).get(url).buffer(true);
      expect(image.status).toBe(200);
      widths.push((image.body as Buffer).readUInt32BE(16));
    }
    expect(widths).toEqual([30, 10, 20]);
    const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
    expect(detail.body.item.images).toEqual(item.images);

    const nine = await postListing(seller.accessToken, {
      photos: Array.from({ length: 9 }, () => solidPng(2, 2)),
    });
    expect(nine.status).toBe(413);
  });

  it("lets the seller reorder the photos, and choose the cover, until the first bid", async () => {
    const seller = await signUp(ctx.api.handler, "reorder");
    const bidder = await signUp(ctx.api.handler, "reorderbid");
    const item = await list(seller.accessToken, {
      photos: [solidPng(30, 20), solidPng(10, 10), solidPng(20, 40)],
    });
    const reorder = (token: string | undefined, order: unknown, id = item.id) => {
      const req = request(ctx.api.handler).post(`/api/items/${id}/photo-order`).send({ order });
      return token === undefined ? req : req.set("Authorization", `Bearer ${token}`);
    };

    const moved = await reorder(seller.accessToken, [2, 0, 1]);
    expectContractAnswer(routes.reorderPhotos, moved);
    const [first, second, third] = item.images;
    expect(moved.body.item.images).toEqual([third, first, second]);
    expect(moved.body.item.imageUrl).toBe(third);
    // The list's cards show the new cover too.
    const listed = await request(ctx.api.handler).get(`/api/items?seller=${seller.id}`);
    expect(listed.body.items[0].imageUrl).toBe(third);

    for (const order of [
      [0, 1],
      [0, 0, 1],
      [0, 1, 2, 3],
      [0, 1, 7],
    ]) {
      const wrong = await reorder(seller.accessToken, order);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details).toEqual([
        { field: "body.order", message: "must list each of the item's 3 photos once" },
      ]);
    }
    expect((await reorder(seller.accessToken, [])).status).toBe(400);
    expect((await reorder(seller.accessToken, [0, 1, 8])).status).toBe(400);
    expect((await reorder(bidder.accessToken, [0, 1, 2])).status).toBe(403);
    expect((await reorder(undefined, [0, 1, 2])).status).toBe(401);
    expect((await reorder(seller.accessToken, [0], 999_999)).status).toBe(404);

    expect((await bid(ctx.api.handler, bidder.accessToken, item.id, 10000)).status).toBe(201);
    const late = await reorder(seller.accessToken, [1, 2, 0]);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("HAS_BIDS");
    const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
    expect(detail.body.item.images).toEqual([third, first, second]);

    const ended = await list(seller.accessToken, { photos: [solidPng(2, 2), solidPng(3, 3)] });
    await ctx.api.pool.query(
      "UPDATE items SET starts_at = NOW(3) - INTERVAL 1 HOUR, ends_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?",
      [ended.id],
    );
    const closed = await reorder(seller.accessToken, [1, 0], ended.id);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe("AUCTION_CLOSED");
  });

  it("stores category, condition, trade method and area, and an optional buy-now price", async () => {
    const seller = await signUp(ctx.api.handler, "details");
    const item = await list(seller.accessToken, {
      fields: {
        category: "camera",
        condition: "like_new",
        tradeMethod: "both",
        tradeArea: " 서울 마포구 합정역 ",
        buyNowPrice: "50000",
      },
    });
    expect(item).toMatchObject({
      category: "camera",
      condition: "like_new",
      tradeMethod: "both",
      tradeArea: "서울 마포구 합정역",
      buyNowPrice: 50000,
    });
    // a client that predates the fields gets the defaults
    const plain = await list(seller.accessToken);
    expect(plain).toMatchObject({
      category: "etc",
      condition: "used",
      tradeMethod: "delivery",
      tradeArea: null,
      buyNowPrice: null,
    });
  });

  it("refuses a meet-up without an area, a buy-now price not above the start, an unknown category", async () => {
    const seller = await signUp(ctx.api.handler, "rules");
    const cases: [Record<string, string>, string][] = [
      [{ tradeMethod: "meetup" }, "body.tradeArea"],
      [{ buyNowPrice: "10000" }, "body.buyNowPrice"],
      [{ category: "weapons" }, "body.category"],
      [{ condition: "mint" }, "body.condition"],
    ];
    for (const [fields, field] of cases) {
      const response = await postListing(seller.accessToken, { fields });
      expect(response.status, field).toBe(400);
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it("filters the listing by category and by seller", async () => {
    const seller = await signUp(ctx.api.handler, "filter");
    const book = await list(seller.accessToken, { title: "소설책", fields: { category: "books" } });
    const other = await signUp(ctx.api.handler, "filter2");
    await list(other.accessToken, { title: "다른 책", fields: { category: "books" } });
    const books = await request(ctx.api.handler).get("/api/items?category=books");
    expectContractAnswer(routes.listItems, books);
    expect(books.body.items.every((item: { category: string }) => item.category === "books")).toBe(
      true,
    );
    const mine = await request(ctx.api.handler).get(
      `/api/items?category=books&seller=${seller.id}&status=all`,
    );
    expect(mine.body.items.map((item: { id: number }) => item.id)).toEqual([book.id]);
    const bad = await request(ctx.api.handler).get("/api/items?category=weapons");
    expect(bad.status).toBe(400);
  });

  it("deletes every photo with its item", async () => {
    const seller = await signUp(ctx.api.handler, "delphotos");
    const before = new Set(await readdir(ctx.uploadDir));
    const item = await list(seller.accessToken, { photos: [solidPng(3, 3), solidPng(5, 5)] });
    const added = (await readdir(ctx.uploadDir)).filter((name) => !before.has(name));
    expect(added.filter((name) => name !== ".incoming")).toHaveLength(2);
    const removed = await request(ctx.api.handler)
      .delete(`/api/items/${item.id}`)
      .set("Authorization", `Bearer ${seller.accessToken}`);
    expect(removed.status).toBe(204);
    const left = (await readdir(ctx.uploadDir)).filter((name) => added.includes(name));
    expect(left).toEqual([]);
  });
});

interface OutcomeRow extends RowDataPacket {
  status: string;
  winner_id: number | null;
  final_price: number | null;
  bids: number;
  purchases: number;
}

async function outcome(itemId: number) {
  const [rows] = await ctx.api.pool.query<OutcomeRow[]>(
    `SELECT status, winner_id, final_price,
       (SELECT COUNT(*) FROM bids WHERE item_id = i.id) AS bids,
       (SELECT COUNT(*) FROM purchases WHERE item_id = i.id) AS purchases
     FROM items i WHERE id = ?`,
    [itemId],
  );
  const row = rows[0];
  return row && { ...row, bids: Number(row.bids), purchases: Number(row.purchases) };
}

describe("buy now", () => {
  let seller: TestUser;
  it("sells the item at once to the buyer, as a settled sale", async () => {
    seller = await signUp(ctx.api.handler, "bnseller");
    const buyer = await signUp(ctx.api.handler, "bnbuyer");
    const item = await list(seller.accessToken, { fields: { buyNowPrice: "30000" } });
    expect((await bid(ctx.api.handler, buyer.accessToken, item.id, 12000)).status).toBe(201);
    const response = await buyNow(buyer.accessToken, item.id);
    expectContractAnswer(routes.buyNow, response);
    expect(response.body.item).toMatchObject({
      status: "sold",
      winner: { id: buyer.id },
      finalPrice: 30000,
      currentPrice: 30000,
      bidCount: 2,
    });
    expect(Date.parse(response.body.item.endsAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await outcome(item.id)).toMatchObject({
      status: "sold",
      winner_id: buyer.id,
      final_price: 30000,
      bids: 2,
      purchases: 1,
    });
    const purchases = await request(ctx.api.handler)
      .get("/api/me/purchases")
      .set("Authorization", `Bearer ${buyer.accessToken}`);
    expect(purchases.body.items).toMatchObject([{ id: item.id, finalPrice: 30000 }]);
    // no second sale, no bid after it
    expect((await buyNow(buyer.accessToken, item.id)).body.error.code).toBe("AUCTION_CLOSED");
    expect((await bid(ctx.api.handler, buyer.accessToken, item.id, 40000)).body.error.code).toBe(
      "AUCTION_CLOSED",
    );
  });

  it("is refused once the highest bid reaches it, without one, and to the seller", async () => {
    const buyer = await signUp(ctx.api.handler, "bnlate");
    const reached = await list(seller.accessToken, { fields: { buyNowPrice: "20000" } });
    expect((await bid(ctx.api.handler, buyer.accessToken, reached.id, 20000)).status).toBe(201);
    const late = await buyNow(buyer.accessToken, reached.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("BUY_NOW_UNAVAILABLE");

    const none = await list(seller.accessToken);
    expect((await buyNow(buyer.accessToken, none.id)).body.error.code).toBe("BUY_NOW_UNAVAILABLE");
    const own = await list(seller.accessToken, { fields: { buyNowPrice: "20000" } });
    expect((await buyNow(seller.accessToken, own.id)).status).toBe(403);
    expect(await outcome(own.id)).toMatchObject({ status: "open", bids: 0, purchases: 0 });
    expect((await request(ctx.api.handler).post(`/api/items/${own.id}/buy-now`)).status).toBe(401);
  });

  it("has exactly one winner when buyers and bidders race under the item lock", async () => {
    const item = await list(seller.accessToken, { fields: { buyNowPrice: "25000" } });
    const racers = await Promise.all(
      Array.from({ length: 6 }, (_, index) => signUp(ctx.api.handler, `racer${index}`)),
    );
    const answers = await Promise.all(
      racers.map((racer, index) =>
        index % 2 === 0
          ? buyNow(racer.accessToken, item.id)
          : bid(ctx.api.handler, racer.accessToken, item.id, 24000),
      ),
    );
    const bought = answers.filter((answer) => answer.status === 200);
    expect(bought.length).toBeLessThanOrEqual(1);
    const row = await outcome(item.id);
    if (bought.length === 1) {
      expect(row).toMatchObject({ status: "sold", final_price: 25000, purchases: 1 });
      // any bid accepted came before the sale, below the price
      const acceptedBids = answers.filter((answer) => answer.status === 201).length;
      expect(row?.bids).toBe(acceptedBids + 1);
    } else {
      // a bid got there first: every buy-now was refused, nothing was sold
      expect(row).toMatchObject({ status: "open", purchases: 0 });
    }
    for (const answer of answers) expect([200, 201, 409]).toContain(answer.status);
  });
});

describe("watchlist", () => {
  it("watches once however often asked, lists the watched items and counts the watchers", async () => {
    const seller = await signUp(ctx.api.handler, "wseller");
    const watcher = await signUp(ctx.api.handler, "watcher");
    const first = await createItem(ctx.api.handler, seller.accessToken, { title: "첫째" });
    const second = await createItem(ctx.api.handler, seller.accessToken, { title: "둘째" });
    const auth = { Authorization: `Bearer ${watcher.accessToken}` };
    for (const id of [first.id, first.id, second.id]) {
      const response = await request(ctx.api.handler).post(`/api/items/${id}/watch`).set(auth);
      expect(response.status).toBe(204);
    }
    const listed = await request(ctx.api.handler).get("/api/me/watchlist").set(auth);
    expectContractAnswer(routes.myWatchlist, listed);
    expect(listed.body.items.map((item: { id: number }) => item.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const detail = await request(ctx.api.handler).get(`/api/items/${first.id}`);
    expect(detail.body.item.watchCount).toBe(1);

    expect(
      (await request(ctx.api.handler).delete(`/api/items/${first.id}/watch`).set(auth)).status,
    ).toBe(204);
    const after = await request(ctx.api.handler).get("/api/me/watchlist").set(auth);
    expect(after.body.items.map((item: { id: number }) => item.id)).toEqual([second.id]);
    expect((await request(ctx.api.handler).post("/api/items/999999/watch").set(auth)).status).toBe(
      404,
    );
    expect((await request(ctx.api.handler).post(`/api/items/${first.id}/watch`)).status).toBe(401);
  });
});
