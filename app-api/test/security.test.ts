import { errorBodySchema, routes } from "@ssgbay/contract";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { isCrossSite } from "../src/http/security.js";
import { useTestApi } from "./support/api.js";
import { createItem, expectContractShape, rowCounts, signUp } from "./support/client.js";

// Behind the web nginx, as deployed: a trusted proxy (supertest connects over loopback) that says
// which scheme the browser used.
const ctx = useTestApi({ TRUST_PROXY: "loopback" });

describe("cross-site state changes (CSRF)", () => {
  it("refuses a cookie-authenticated bid from another site with 403 FORBIDDEN and writes nothing", async () => {
    const seller = await signUp(ctx.api.handler, "csrf_seller");
    const victim = await signUp(ctx.api.handler, "csrf_victim");
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const before = await rowCounts(ctx.api);
    const forged = [
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      { Origin: "https://evil.example" },
      { Origin: "null" },
    ];
    for (const headers of forged) {
      const response = await request(ctx.api.handler)
        .post(`/api/items/${item.id}/bids`)
        .set("Cookie", victim.cookies.join("; "))
        .set(headers)
        .send({ amount: 1000 });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expectContractShape(errorBodySchema, response.body);
      expect(response.body.error.code).toBe("FORBIDDEN");
    }
    expect(await rowCounts(ctx.api)).toEqual(before);
  });

  it("refuses cross-site logout, login and item deletion too", async () => {
    const user = await signUp(ctx.api.handler, "csrf_other");
    const item = await createItem(ctx.api.handler, user.accessToken);
    const crossSite = { "Sec-Fetch-Site": "cross-site", Cookie: user.cookies.join("; ") };
    const logout = await request(ctx.api.handler).post(routes.logout.path).set(crossSite);
    expect(logout.status).toBe(403);
    const login = await request(ctx.api.handler)
      .post(routes.login.path)
      .set(crossSite)
      .send({ username: user.username, password: user.password });
    expect(login.status).toBe(403);
    const deletion = await request(ctx.api.handler).delete(`/api/items/${item.id}`).set(crossSite);
    expect(deletion.status).toBe(403);
    // The session survived the attempts.
    const me = await request(ctx.api.handler)
      .get(routes.me.path)
      .set("Cookie", user.cookies.join("; "));
    expect(me.status).toBe(200);
  });

  it("lets same-origin browsers, the address bar and clients without browser headers through", async () => {
    const seller = await signUp(ctx.api.handler, "csrf_ok_seller");
    const buyer = await signUp(ctx.api.handler, "csrf_ok_buyer");
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const allowed = [
      { "Sec-Fetch-Site": "same-origin", Origin: "http://shop.example" },
      { "Sec-Fetch-Site": "none" },
      // An older browser: Origin only, naming this host (TLS may end at a proxy before us).
      { Origin: "https://shop.example" },
      // curl, the bench, server-side clients.
      {},
    ];
    let amount = 1000;
    for (const headers of allowed) {
      const response = await request(ctx.api.handler)
        .post(`/api/items/${item.id}/bids`)
        .set("Host", "shop.example")
        .set("Cookie", buyer.cookies.join("; "))
        .set(headers)
        .send({ amount });
      expect(response.status, JSON.stringify(headers)).toBe(201);
      amount = response.body.item.minNextBid;
    }
    // Reading is never judged: a cross-site GET (a link from elsewhere) works.
    const read = await request(ctx.api.handler)
      .get(`/api/items/${item.id}`)
      .set("Sec-Fetch-Site", "cross-site");
    expect(read.status).toBe(200);
  });

  it("judges Sec-Fetch-Site first, then Origin against the host", () => {
    const judge = (fetchSite?: string, origin?: string, host = "shop.example") =>
      isCrossSite({ fetchSite, origin, host });
    expect(judge("same-origin", "https://evil.example")).toBe(false);
    expect(judge("cross-site", "http://shop.example")).toBe(true);
    expect(judge(undefined, "http://shop.example:8080", "shop.example:8080")).toBe(false);
    expect(judge(undefined, "http://shop.example:8081", "shop.example:8080")).toBe(true);
    expect(judge(undefined, "not a url")).toBe(true);
    expect(judge(undefined, undefined)).toBe(false);
  });
});

describe("HTTPS-only headers", () => {
  it("sends no HSTS and no upgrade-insecure-requests over plain HTTP", async () => {
    const response = await request(ctx.api.handler).get("/api/items");
    expect(response.status).toBe(200);
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
  });

  it("sends both when a trusted proxy says the browser came over HTTPS", async () => {
    const response = await request(ctx.api.handler)
      .get("/api/items")
      .set("X-Forwarded-Proto", "https");
    expect(response.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(String(response.headers["content-security-policy"])).toMatch(
      /upgrade-insecure-requests/,
    );
  });
});

describe("HTTPS-only headers without a trusted proxy", () => {
  const untrusting = useTestApi();

  it("ignores X-Forwarded-Proto from a client no one trusts", async () => {
    const response = await request(untrusting.api.handler)
      .get("/healthz")
      .set("X-Forwarded-Proto", "https");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });
});
