import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { itemEventSchemas } from "@ssgbay/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import { bid, createItem, expectContractShape, signUp, type TestUser } from "./support/client.js";

const ctx = useTestApi({ EVENTS_POLL_MS: "200", EVENTS_HEARTBEAT_MS: "300" });
let server: Server;
let baseUrl: string;
let seller: TestUser;
let buyer: TestUser;

beforeAll(async () => {
  server = createServer(ctx.api.handler).listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  seller = await signUp(ctx.api.handler, "seller");
  buyer = await signUp(ctx.api.handler, "buyer");
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface ServerSentEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads an SSE stream with fetch and hands back its events one by one. */
async function openStream(itemId: number) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/items/${itemId}/events`, {
    signal: controller.signal,
  });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error("no body");
  let buffer = "";
  let ended = false;
  let heartbeats = 0;
  const next = async (): Promise<ServerSentEvent | undefined> => {
    for (;;) {
      const boundary = buffer.indexOf("\n\n");
      if (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        if (block.startsWith(":")) {
          heartbeats += 1;
          continue;
        }
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) {
          const payload = JSON.parse(data);
          expect(Object.keys(itemEventSchemas)).toContain(event);
          expectContractShape(itemEventSchemas[event as keyof typeof itemEventSchemas], payload);
          return { event, data: payload };
        }
        continue;
      }
      if (ended) return undefined;
      const chunk = await reader.read();
      if (chunk.done) ended = true;
      else buffer += chunk.value;
    }
  };
  return { response, next, heartbeats: () => heartbeats, close: () => controller.abort() };
}

describe("GET /api/items/:id/events", () => {
  it("sends the current price, a price event after each bid, and closed once settled", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const stream = await openStream(item.id);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("cache-control")).toMatch(/no-cache/);

    expect(await stream.next()).toEqual({
      event: "price",
      data: {
        currentPrice: 1000,
        bidCount: 0,
        endsAt: expect.any(String),
        minNextBid: 1000,
        status: "open",
      },
    });

    expect((await bid(ctx.api.handler, buyer.accessToken, item.id, 1500)).status).toBe(201);
    expect(await stream.next()).toMatchObject({
      event: "price",
      data: { currentPrice: 1500, bidCount: 1, minNextBid: 1600, status: "open" },
    });

    // A bid written by another replica (straight to the database) reaches us through the poll.
    await ctx.api.pool.query("UPDATE items SET current_price = 2000, bid_count = 2 WHERE id = ?", [
      item.id,
    ]);
    expect(await stream.next()).toMatchObject({
      event: "price",
      data: { currentPrice: 2000, bidCount: 2, minNextBid: 2100 },
    });

    await ctx.api.pool.query(
      `UPDATE items SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR,
         status = 'sold', winner_id = ?, final_price = 2000, settled_at = NOW(3) WHERE id = ?`,
      [buyer.id, item.id],
    );
    expect(await stream.next()).toMatchObject({ event: "price", data: { status: "sold" } });
    expect(await stream.next()).toEqual({
      event: "closed",
      data: {
        status: "sold",
        winner: { id: buyer.id, nickname: buyer.nickname },
        finalPrice: 2000,
      },
    });
    expect(await stream.next()).toBeUndefined();
  });

  it("keeps an idle stream alive with heartbeat comments", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const stream = await openStream(item.id);
    expect((await stream.next())?.event).toBe("price");
    // Nothing changes for a few heartbeat periods (300 ms each); the stream must not fall silent.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await ctx.api.pool.query(
      `UPDATE items SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR,
         status = 'unsold', settled_at = NOW(3) WHERE id = ?`,
      [item.id],
    );
    expect(await stream.next()).toMatchObject({ event: "price", data: { status: "unsold" } });
    expect(await stream.next()).toEqual({
      event: "closed",
      data: { status: "unsold", winner: null, finalPrice: null },
    });
    expect(stream.heartbeats()).toBeGreaterThanOrEqual(1);
  });

  it("answers 404 NOT_FOUND as JSON for an unknown item", async () => {
    const response = await fetch(`${baseUrl}/api/items/424242/events`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("answers a malformed id with 400 VALIDATION_FAILED", async () => {
    for (const id of ["abc", "0", "1;DROP"]) {
      const response = await fetch(`${baseUrl}/api/items/${id}/events`);
      expect(response.status, id).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
    }
  });

  it("ends open streams when the API closes its streams", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    const stream = await openStream(item.id);
    expect((await stream.next())?.event).toBe("price");
    ctx.api.endStreams();
    expect(await stream.next()).toBeUndefined();
  });
});
