import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { bid, createItem, signUp } from "./support/client.js";

// One API built with non-default settings: a tiny auth budget, Secure cookies, no soft close.
const ctx = useTestApi({
  AUTH_RATE_LIMIT_PER_MINUTE: "4",
  COOKIE_SECURE: "true",
  ANTI_SNIPING_SECONDS: "0",
});

describe("non-default configuration", () => {
  it("COOKIE_SECURE=true marks both cookies Secure; ANTI_SNIPING_SECONDS=0 turns soft close off", async () => {
    const seller = await signUp(ctx.api.handler, "variant_seller");
    const buyer = await signUp(ctx.api.handler, "variant_buyer");
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    await ctx.api.pool.query(
      "UPDATE items SET starts_at = NOW(3) - INTERVAL 1 HOUR, ends_at = NOW(3) + INTERVAL 10 SECOND WHERE id = ?",
      [item.id],
    );
    const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
      "SELECT ends_at FROM items WHERE id = ?",
      [item.id],
    );
    const endsAtBefore: unknown = rows[0]?.ends_at;
    if (!(endsAtBefore instanceof Date)) throw new Error("ends_at was not read as a Date");
    const placed = await bid(ctx.api.handler, buyer.accessToken, item.id, 1000);
    expect(placed.status).toBe(201);
    expect(placed.body.item.endsAt).toBe(endsAtBefore.toISOString());

    // Last, as logout also ends the seller's access token.
    const response = await request(ctx.api.handler)
      .post("/api/auth/logout")
      .set("Cookie", seller.cookies.join("; "));
    for (const cookie of response.headers["set-cookie"] as unknown as string[]) {
      expect(cookie).toMatch(/; Secure/);
    }
    // The two HttpOnly session cookies and the readable session hint.
    expect(seller.cookies).toHaveLength(3);
  });

  it("answers 429 RATE_LIMITED once a client exceeds its attempts on signup/login/refresh", async () => {
    // Two signups above already spent two of the four attempts this minute.
    const attempt = () =>
      request(ctx.api.handler)
        .post("/api/auth/login")
        .send({ username: "nobody", password: "wrong-pass" });
    for (let index = 0; index < 2; index += 1) {
      expect((await attempt()).status).toBe(401);
    }
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(limited.headers.ratelimit).toBeDefined();
    const signup = await request(ctx.api.handler).post("/api/auth/signup").send({});
    expect(signup.status).toBe(429);
    const refresh = await request(ctx.api.handler).post("/api/auth/refresh");
    expect(refresh.status).toBe(429);
    // Reading is never throttled.
    expect((await request(ctx.api.handler).get("/api/items")).status).toBe(200);
  });
});
