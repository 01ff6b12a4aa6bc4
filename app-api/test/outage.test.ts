import request from "supertest";
import { describe, expect, it } from "vitest";
import { createItem, signUp } from "./support/client.js";
import { useOwnServerApi } from "./support/own-server.js";

const ctx = useOwnServerApi();

describe("the database going away and coming back", () => {
  it("answers 503 UNAVAILABLE while it is down and recovers without a restart", async () => {
    const seller = await signUp(ctx.api.handler, "outage");
    const item = await createItem(ctx.api.handler, seller.accessToken);
    expect((await request(ctx.api.handler).get("/readyz")).status).toBe(200);

    await ctx.server.halt();

    for (const path of ["/api/items", `/api/items/${item.id}`, "/api/me/items"]) {
      const response = await request(ctx.api.handler)
        .get(path)
        .set("Authorization", `Bearer ${seller.accessToken}`);
      expect(response.status, path).toBe(503);
      expect(response.body).toEqual({
        error: { code: "UNAVAILABLE", message: "The service is temporarily unavailable." },
      });
    }
    const bidWhileDown = await request(ctx.api.handler)
      .post(`/api/items/${item.id}/bids`)
      .set("Authorization", `Bearer ${seller.accessToken}`)
      .send({ amount: 100000 });
    expect(bidWhileDown.status).toBe(503);
    const ready = await request(ctx.api.handler).get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe("UNAVAILABLE");
    // Liveness does not depend on the database, so Kubernetes does not restart the pod.
    expect((await request(ctx.api.handler).get("/healthz")).status).toBe(200);

    await ctx.server.resume();

    expect((await request(ctx.api.handler).get("/readyz")).status).toBe(200);
    const list = await request(ctx.api.handler).get("/api/items");
    expect(list.status).toBe(200);
    expect(list.body.items.map((listed: { id: number }) => listed.id)).toEqual([item.id]);
    const buyer = await signUp(ctx.api.handler, "after_outage");
    const placed = await request(ctx.api.handler)
      .post(`/api/items/${item.id}/bids`)
      .set("Authorization", `Bearer ${buyer.accessToken}`)
      .send({ amount: 10000 });
    expect(placed.status).toBe(201);
  });
});
