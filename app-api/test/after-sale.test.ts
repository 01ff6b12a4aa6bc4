import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterSaleRoutes, myEventSchemas, routes } from "@ssgbay/contract";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { bid, createItem, expectContractAnswer, signUp, type TestUser } from "./support/client.js";
import { openEventStream } from "./support/sse.js";

const ctx = useTestApi({ EVENTS_POLL_MS: "100", EVENTS_HEARTBEAT_MS: "1000" });
let server: Server;
let baseUrl: string;
let seller: TestUser;
let buyer: TestUser;
let stranger: TestUser;
/** The phone every test user signs up with (support/client.ts), in its stored form. */
const PHONE = "01012345678";

beforeAll(async () => {
  server = createServer(ctx.api.handler).listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  seller = await signUp(ctx.api.handler, "seller");
  buyer = await signUp(ctx.api.handler, "buyer");
  stranger = await signUp(ctx.api.handler, "stranger");
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const auth = (user: TestUser) => ({ Authorization: `Bearer ${user.accessToken}` });

/** An item the buyer won at `price`, settled as the settler does (sold + purchase row). */
async function soldItem(price = 12_000, soldBy = seller): Promise<number> {
  const item = await createItem(ctx.api.handler, soldBy.accessToken, { startPrice: String(price) });
  expect((await bid(ctx.api.handler, buyer.accessToken, item.id, price)).status).toBe(201);
  await ctx.api.pool.query(
    `UPDATE items SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR,
       status = 'sold', winner_id = ?, final_price = ?, settled_at = NOW(3) WHERE id = ?`,
    [buyer.id, price, item.id],
  );
  await ctx.api.pool.query(
    "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (?, ?, ?, NOW(3))",
    [item.id, buyer.id, price],
  );
  return item.id;
}

describe("GET /api/items/:id/sale", () => {
  it("shows each party its role and the other's contact, and nobody else anything", async () => {
    const itemId = await soldItem();
    const asBuyer = await request(ctx.api.handler)
      .get(`/api/items/${itemId}/sale`)
      .set(auth(buyer));
    expectContractAnswer(afterSaleRoutes.getSale, asBuyer);
    expect(asBuyer.body.sale).toMatchObject({
      role: "buyer",
      finalPrice: 12_000,
      handedOverAt: null,
      counterpart: { id: seller.id, nickname: seller.nickname, phone: PHONE },
      myRating: null,
      theirRating: null,
    });
    const asSeller = await request(ctx.api.handler)
      .get(`/api/items/${itemId}/sale`)
      .set(auth(seller));
    expect(asSeller.body.sale).toMatchObject({
      role: "seller",
      counterpart: { id: buyer.id, phone: PHONE },
    });

    const asStranger = await request(ctx.api.handler)
      .get(`/api/items/${itemId}/sale`)
      .set(auth(stranger));
    expect(asStranger.status).toBe(403);
    expect(asStranger.body.error.code).toBe("FORBIDDEN");
    expect(JSON.stringify(asStranger.body)).not.toContain(PHONE);
    expect((await request(ctx.api.handler).get(`/api/items/${itemId}/sale`)).status).toBe(401);

    const open = await createItem(ctx.api.handler, seller.accessToken);
    const notSold = await request(ctx.api.handler)
      .get(`/api/items/${open.id}/sale`)
      .set(auth(seller));
    expect(notSold.status).toBe(404);
  });

  it("never puts the phone number in a public response", async () => {
    const itemId = await soldItem();
    const publicAnswers = await Promise.all([
      request(ctx.api.handler).get(`/api/items/${itemId}`),
      request(ctx.api.handler).get("/api/items?status=all"),
      request(ctx.api.handler).get(`/api/users/${seller.id}`),
      request(ctx.api.handler).get(`/api/users/${buyer.id}`),
      request(ctx.api.handler).get("/api/auth/me").set(auth(buyer)),
      request(ctx.api.handler).get("/api/me/bids").set(auth(stranger)),
    ]);
    for (const answer of publicAnswers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(PHONE);
      expect(JSON.stringify(answer.body)).not.toContain("010-1234-5678");
    }
  });
});

describe("handover and ratings", () => {
  it("lets only the seller mark the handover, then each party rate once", async () => {
    const itemId = await soldItem(30_000);
    const early = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/rating`)
      .set(auth(buyer))
      .send({ score: 5, comment: "좋아요" });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("HANDOVER_PENDING");

    const byBuyer = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/handover`)
      .set(auth(buyer));
    expect(byBuyer.status).toBe(403);
    const handover = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/handover`)
      .set(auth(seller));
    expectContractAnswer(afterSaleRoutes.markHandedOver, handover);
    expect(handover.body.sale.handedOverAt).not.toBeNull();

    const rated = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/rating`)
      .set(auth(buyer))
      .send({ score: 5, comment: "  친절해요  " });
    expectContractAnswer(afterSaleRoutes.rateSale, rated);
    expect(rated.body.rating).toMatchObject({
      score: 5,
      comment: "친절해요",
      rater: { id: buyer.id },
    });
    const again = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/rating`)
      .set(auth(buyer))
      .send({ score: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("ALREADY_RATED");
    const bad = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/rating`)
      .set(auth(seller))
      .send({ score: 6 });
    expect(bad.status).toBe(400);
    const strangerRates = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/sale/rating`)
      .set(auth(stranger))
      .send({ score: 1 });
    expect(strangerRates.status).toBe(403);
    expect(
      (
        await request(ctx.api.handler)
          .post(`/api/items/${itemId}/sale/rating`)
          .set(auth(seller))
          .send({ score: 4, comment: "빠른 입금" })
      ).status,
    ).toBe(201);

    const sale = await request(ctx.api.handler).get(`/api/items/${itemId}/sale`).set(auth(seller));
    expect(sale.body.sale.myRating).toMatchObject({ score: 4 });
    expect(sale.body.sale.theirRating).toMatchObject({ score: 5, comment: "친절해요" });

    const profile = await request(ctx.api.handler).get(`/api/users/${seller.id}`);
    expectContractAnswer(afterSaleRoutes.userProfile, profile);
    expect(profile.body.user).toMatchObject({
      id: seller.id,
      username: seller.username,
      nickname: seller.nickname,
      ratings: { count: 1, average: 5 },
    });
    expect(profile.body.user.ratings.recent[0]).toMatchObject({
      itemId,
      score: 5,
      rater: { id: buyer.id, nickname: buyer.nickname },
    });
    expect((await request(ctx.api.handler).get("/api/users/999999")).status).toBe(404);
    expect((await request(ctx.api.handler).get("/api/users/abc")).status).toBe(400);
  });
});

describe("messages", () => {
  it("are stored, paged newest first, visible to the two parties only, and notify the other", async () => {
    const itemId = await soldItem();
    for (let index = 1; index <= 5; index += 1) {
      const from = index % 2 === 0 ? seller : buyer;
      const sent = await request(ctx.api.handler)
        .post(`/api/items/${itemId}/messages`)
        .set(auth(from))
        .send({ body: `메시지 ${index}\n두 번째 줄` });
      expectContractAnswer(afterSaleRoutes.sendMessage, sent);
    }
    const first = await request(ctx.api.handler)
      .get(`/api/items/${itemId}/messages?limit=2`)
      .set(auth(seller));
    expectContractAnswer(afterSaleRoutes.listMessages, first);
    expect(first.body.messages.map((m: { body: string }) => m.body)).toEqual([
      "메시지 5\n두 번째 줄",
      "메시지 4\n두 번째 줄",
    ]);
    const rest = await request(ctx.api.handler)
      .get(`/api/items/${itemId}/messages?limit=10&before=${first.body.nextBefore}`)
      .set(auth(buyer));
    expect(rest.body.messages).toHaveLength(3);
    expect(rest.body.nextBefore).toBeNull();

    const script = "<script>alert(1)</script>";
    const stored = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/messages`)
      .set(auth(buyer))
      .send({ body: script });
    expect(stored.body.message.body).toBe(script);
    expect(stored.headers["content-type"]).toMatch(/^application\/json/);

    const denied = await request(ctx.api.handler)
      .get(`/api/items/${itemId}/messages`)
      .set(auth(stranger));
    expect(denied.status).toBe(403);
    const deniedSend = await request(ctx.api.handler)
      .post(`/api/items/${itemId}/messages`)
      .set(auth(stranger))
      .send({ body: "hi" });
    expect(deniedSend.status).toBe(403);
    for (const body of ["", "   ", "a\u0000b", "x".repeat(1001)]) {
      const refused = await request(ctx.api.handler)
        .post(`/api/items/${itemId}/messages`)
        .set(auth(buyer))
        .send({ body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }

    const sellerNotes = await request(ctx.api.handler)
      .get("/api/me/notifications?limit=100")
      .set(auth(seller));
    const messageNotes = sellerNotes.body.notifications.filter(
      (n: { kind: string; item: { id: number } }) => n.kind === "message" && n.item.id === itemId,
    );
    // The buyer wrote messages 1, 3, 5 and the <script> one.
    expect(messageNotes).toHaveLength(4);
  });

  it("refuses more than 20 messages a minute from one sender", async () => {
    const chatty = await signUp(ctx.api.handler, "chatty");
    const itemId = await soldItem(12_000, chatty);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        request(ctx.api.handler)
          .post(`/api/items/${itemId}/messages`)
          .set(auth(chatty))
          .send({ body: `spam ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    const limited = answers.find((answer) => answer.status === 429);
    expect(limited?.body.error.code).toBe("RATE_LIMITED");
  });
});

describe("notifications", () => {
  it("lists mine with the unread count and marks only mine read", async () => {
    const itemId = await soldItem();
    await request(ctx.api.handler)
      .post(`/api/items/${itemId}/messages`)
      .set(auth(buyer))
      .send({ body: "안녕하세요" });
    const listed = await request(ctx.api.handler).get("/api/me/notifications").set(auth(seller));
    expectContractAnswer(afterSaleRoutes.listNotifications, listed);
    expect(listed.body.unreadCount).toBeGreaterThan(0);
    const newest = listed.body.notifications[0];
    expect(newest).toMatchObject({ kind: "message", item: { id: itemId }, read: false });

    const strangerTries = await request(ctx.api.handler)
      .post("/api/me/notifications/read")
      .set(auth(stranger))
      .send({ ids: [newest.id] });
    expect(strangerTries.status).toBe(200);
    const still = await request(ctx.api.handler).get("/api/me/notifications").set(auth(seller));
    expect(still.body.notifications[0].read).toBe(false);

    const one = await request(ctx.api.handler)
      .post("/api/me/notifications/read")
      .set(auth(seller))
      .send({ ids: [newest.id] });
    expectContractAnswer(afterSaleRoutes.markNotificationsRead, one);
    expect(one.body.unreadCount).toBe(listed.body.unreadCount - 1);
    const all = await request(ctx.api.handler)
      .post("/api/me/notifications/read")
      .set(auth(seller))
      .send({ all: true });
    expect(all.body).toEqual({ unreadCount: 0 });
    const badBody = await request(ctx.api.handler)
      .post("/api/me/notifications/read")
      .set(auth(seller))
      .send({ all: false });
    expect(badBody.status).toBe(400);
  });

  it("arrive live on GET /api/me/events, with messages, only for their user", async () => {
    const itemId = await soldItem();
    const unauthenticated = await fetch(`${baseUrl}/api/me/events`);
    expect(unauthenticated.status).toBe(401);
    const sellerStream = await openEventStream(
      `${baseUrl}/api/me/events`,
      myEventSchemas,
      auth(seller),
    );
    const strangerStream = await openEventStream(
      `${baseUrl}/api/me/events`,
      myEventSchemas,
      auth(stranger),
    );
    try {
      expect(sellerStream.status).toBe(200);
      const hello = await sellerStream.nextOf("unread");
      expect(hello?.data).toHaveProperty("unreadCount");
      await strangerStream.nextOf("unread");

      await request(ctx.api.handler)
        .post(`/api/items/${itemId}/messages`)
        .set(auth(buyer))
        .send({ body: "지금 출발해요" });
      const message = await sellerStream.nextOf("message");
      expect(message?.data).toMatchObject({
        message: { itemId, body: "지금 출발해요", sender: { id: buyer.id } },
      });
      const notification = await sellerStream.nextOf("notification");
      expect(notification?.data).toMatchObject({
        notification: { kind: "message", item: { id: itemId } },
      });

      // Someone outbids the stranger: it reaches the stranger's stream, not the seller's.
      const open = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
      expect((await bid(ctx.api.handler, stranger.accessToken, open.id, 1000)).status).toBe(201);
      expect((await bid(ctx.api.handler, buyer.accessToken, open.id, 1100)).status).toBe(201);
      const outbid = await strangerStream.nextOf("notification");
      expect(outbid?.data).toMatchObject({
        notification: { kind: "outbid", item: { id: open.id }, amount: 1100, read: false },
      });
      expect(await sellerStream.nextOf("notification", 600)).toBeUndefined();
      for (const event of strangerStream.seen) {
        expect(JSON.stringify(event.data)).not.toContain("지금 출발해요");
      }
    } finally {
      sellerStream.close();
      strangerStream.close();
    }
  });
});

describe("the route table", () => {
  it("serves every after-sale route at the contract's path", () => {
    for (const route of Object.values(afterSaleRoutes)) {
      expect(Object.values(routes)).toContain(route);
    }
  });
});
