import { singleLinePattern, visiblePattern } from "@ssgbay/contract";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { bid, createItem, signUp } from "./support/client.js";

const ctx = useTestApi();

describe("operations endpoints", () => {
  it("/healthz and /readyz answer 200 while the database is up", async () => {
    expect((await request(ctx.api.handler).get("/healthz")).status).toBe(200);
    const ready = await request(ctx.api.handler).get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready" });
  });

  it("/metrics is not served on the public port", async () => {
    const response = await request(ctx.api.handler).get("/metrics");
    expect(response.status).toBe(404);
    expect(response.text).not.toMatch(/http_requests_total/);
    // …only by the metrics app, which serves nothing else.
    expect((await request(ctx.api.metricsApp).get("/api/items")).status).toBe(404);
    expect((await request(ctx.api.metricsApp).get("/healthz")).status).toBe(404);
  });

  it("/metrics counts requests by route pattern and status, bids by outcome, and pool use", async () => {
    const seller = await signUp(ctx.api.handler, "metrics_seller");
    const buyer = await signUp(ctx.api.handler, "metrics_buyer");
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    await request(ctx.api.handler).get(`/api/items/${item.id}`);
    await bid(ctx.api.handler, buyer.accessToken, item.id, 1000);
    await bid(ctx.api.handler, buyer.accessToken, item.id, 1000);
    const metrics = await request(ctx.api.metricsApp).get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    const text = metrics.text;
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/items\/:id",status="200"\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/items\/:id\/bids",status="201"\}/,
    );
    expect(text).toMatch(/bids_total\{outcome="accepted"\} 1/);
    expect(text).toMatch(/bids_total\{outcome="BID_TOO_LOW"\} 1/);
    expect(text).toMatch(/db_pool_connections\{state="open"\} [1-9]\d*/);
    expect(text).toMatch(/db_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/db_pool_connections\{state="waiting"\} \d+/);
    expect(text).toMatch(/db_pool_connections_max 20/);
    expect(text).not.toMatch(new RegExp(`route="/api/items/${item.id}"`));
  });

  it("serves an OpenAPI 3.1 document built from the validation schemas, and the docs page", async () => {
    const response = await request(ctx.api.handler).get("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/me",
        "/api/auth/refresh",
        "/api/auth/signup",
        "/api/images/{key}",
        "/api/items",
        "/api/items/{id}",
        "/api/items/{id}/bids",
        "/api/items/{id}/buy-now",
        "/api/items/{id}/photo-order",
        "/api/items/{id}/events",
        "/api/items/{id}/messages",
        "/api/items/{id}/sale",
        "/api/items/{id}/sale/handover",
        "/api/items/{id}/sale/rating",
        "/api/items/{id}/watch",
        "/api/me/bids",
        "/api/me/events",
        "/api/me/items",
        "/api/me/notifications",
        "/api/me/notifications/read",
        "/api/me/purchases",
        "/api/users/{id}",
        "/api/me/watchlist",
      ].sort(),
    );
    const signup = document.components.schemas.SignupRequest;
    expect(signup.required.sort()).toEqual(["nickname", "password", "phone", "username"]);
    expect(signup.properties.password).toMatchObject({ minLength: 10, maxLength: 128 });
    expect(signup.additionalProperties).toBe(false);
    // The text rules travel as patterns a schema-driven client can check (and a fuzzer obey).
    expect(JSON.stringify(signup.properties.nickname)).toContain(
      JSON.stringify(singleLinePattern.source),
    );
    expect(JSON.stringify(signup.properties.nickname)).toContain(
      JSON.stringify(visiblePattern.source),
    );
    expect(document.paths["/api/items/{id}/bids"].post.responses["409"]).toBeDefined();
    const query = document.paths["/api/items"].get.parameters.map((p: { name: string }) => p.name);
    expect(query.sort()).toEqual(["category", "page", "pageSize", "q", "seller", "sort", "status"]);
    // the photos: one part name, sent up to 8 times in order
    const form =
      document.paths["/api/items"].post.requestBody.content["multipart/form-data"].schema;
    const fields = form.$ref
      ? document.components.schemas[form.$ref.split("/").pop() as string]
      : form;
    expect(fields.properties.image).toMatchObject({
      type: "array",
      items: { type: "string", format: "binary" },
      minItems: 1,
      maxItems: 8,
    });

    const docs = await request(ctx.api.handler).get("/api/docs/");
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger-ui/i);
  });

  it("answers unknown routes with 404 NOT_FOUND in the contract shape", async () => {
    for (const path of ["/api/nope", "/nope", "/api/items/1/nope"]) {
      const response = await request(ctx.api.handler).get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
    }
  });

  it("refuses JSON over 16 KiB with 413 and malformed JSON with 400, writing nothing", async () => {
    const big = await request(ctx.api.handler)
      .post("/api/auth/login")
      .send({ username: "someone", password: "x".repeat(17 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    const broken = await request(ctx.api.handler)
      .post("/api/auth/login")
      .set("Content-Type", "application/json")
      .send('{"username": "a", ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it("sets security headers and a request id", async () => {
    const response = await request(ctx.api.handler)
      .get("/api/items")
      .set("X-Request-Id", "trace-123");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toBeDefined();
    expect(response.headers["x-powered-by"]).toBeUndefined();
    expect(response.headers["x-request-id"]).toBe("trace-123");
    const generated = await request(ctx.api.handler)
      .get("/healthz")
      .set("X-Request-Id", "bad id <script>");
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers an unexpected failure with 500 INTERNAL and never leaks SQL or a stack trace", async () => {
    const seller = await signUp(ctx.api.handler, "internal");
    const item = await createItem(ctx.api.handler, seller.accessToken);
    // A real fault in the database (a table gone missing), not a mock.
    await ctx.api.pool.query("RENAME TABLE bids TO bids_moved_away");
    try {
      const response = await request(ctx.api.handler).get(`/api/items/${item.id}`);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: "INTERNAL", message: "Something went wrong." },
      });
      expect(response.text).not.toMatch(/bids|SELECT|ER_|\.ts:/);
    } finally {
      await ctx.api.pool.query("RENAME TABLE bids_moved_away TO bids");
    }
    expect((await request(ctx.api.handler).get(`/api/items/${item.id}`)).status).toBe(200);
  });
});
