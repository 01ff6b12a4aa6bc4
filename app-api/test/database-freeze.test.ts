import { setTimeout as sleep } from "node:timers/promises";
import { readBids, waitUntil } from "@ssgbay/database/testing";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { bid, createItem, signUp, type TestUser } from "./support/client.js";
import { useOwnServerApi } from "./support/own-server.js";

// Issue 14, finding 2: with the database process frozen (SIGSTOP: connections stay open, nothing
// answers), requests hung for the whole outage. A stopped process (halt) refuses connections at
// once, which outage.test.ts covers; a frozen one is what needs the timeouts.
const FREEZE_MS = 15_000;
/** The bound for each request during the freeze. */
const ANSWER_BOUND_MS = 3_000;

let frozen = false;
// The defaults of every database limit: the bound must hold without tuning.
const ctx = useOwnServerApi({ beforeStop: thaw });

function freeze(): void {
  const pid = ctx.server.pid;
  if (pid === undefined) throw new Error("the database server is not running");
  process.kill(pid, "SIGSTOP");
  frozen = true;
}

function thaw(): void {
  const pid = ctx.server.pid;
  if (!frozen || pid === undefined) return;
  process.kill(pid, "SIGCONT");
  frozen = false;
}

interface Answer {
  what: string;
  status: number;
  body: unknown;
  ms: number;
  amount?: number;
}

async function timed(
  what: string,
  send: () => PromiseLike<{ status: number; body: unknown }>,
  amount?: number,
): Promise<Answer> {
  const started = performance.now();
  const response = await send();
  return {
    what,
    status: response.status,
    body: response.body,
    ms: Math.round(performance.now() - started),
    amount,
  };
}

const unavailable = {
  error: { code: "UNAVAILABLE", message: "The service is temporarily unavailable." },
};

describe("a frozen database", () => {
  it("answers every request 503 within 3 s, recovers without a restart and loses no acknowledged bid", async () => {
    const seller = await signUp(ctx.api.handler, "freeze_seller");
    const early = await signUp(ctx.api.handler, "freeze_early");
    const buyer: TestUser = await signUp(ctx.api.handler, "freeze_buyer");
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "10000" });
    const acknowledged: number[] = [];
    const placed = await bid(ctx.api.handler, early.accessToken, item.id, 10_000);
    expect(placed.status).toBe(201);
    acknowledged.push(10_000);
    // Warm the pool, so the freeze finds idle connections as well as room for new ones.
    await Promise.all(Array.from({ length: 8 }, () => request(ctx.api.handler).get("/api/items")));

    freeze();
    // The thaw comes on time whatever the requests do, so a hanging request fails the bound
    // instead of the test waiting for it.
    const thawed = sleep(FREEZE_MS).then(thaw);
    let nextAmount = 20_000;
    // Three waves: into idle connections, into a pool of broken ones, and late in the outage.
    const waves = [0, 5_000, 10_000].map(async (offsetMs) => {
      await sleep(offsetMs);
      const wave: Promise<Answer>[] = [];
      for (let index = 0; index < 6; index += 1) {
        wave.push(timed("GET /api/items", () => request(ctx.api.handler).get("/api/items")));
        wave.push(
          timed("GET /api/items/:id", () => request(ctx.api.handler).get(`/api/items/${item.id}`)),
        );
        const amount = nextAmount;
        nextAmount += 1_000;
        wave.push(
          timed("POST bid", () => bid(ctx.api.handler, buyer.accessToken, item.id, amount), amount),
        );
      }
      wave.push(timed("GET /readyz", () => request(ctx.api.handler).get("/readyz")));
      return Promise.all(wave);
    });
    const answers = (await Promise.all(waves)).flat();
    await thawed;

    for (const answer of answers) {
      if (answer.status >= 200 && answer.status < 300 && answer.amount !== undefined) {
        acknowledged.push(answer.amount);
      }
    }
    const slow = answers
      .filter((answer) => answer.ms > ANSWER_BOUND_MS)
      .map((answer) => `${answer.what}: ${answer.status} after ${answer.ms} ms`);
    expect(slow, "answers slower than 3 s").toEqual([]);
    for (const answer of answers) {
      expect(answer.status, `${answer.what} after ${answer.ms} ms`).toBe(503);
      if (answer.what !== "GET /readyz") expect(answer.body).toEqual(unavailable);
    }

    // Back without a restart: the same app object serves reads and takes bids.
    await waitUntil(
      async () => (await request(ctx.api.handler).get("/readyz")).status === 200,
      100,
    );
    expect((await request(ctx.api.handler).get(`/api/items/${item.id}`)).status).toBe(200);
    const after = await bid(ctx.api.handler, buyer.accessToken, item.id, 15_000);
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    acknowledged.push(15_000);

    // Every acknowledged bid is stored, and nothing of a refused one (its transaction rolled back).
    const stored = (await readBids(ctx.api.pool))
      .filter((row) => row.itemId === item.id)
      .map((row) => row.amount);
    expect(stored.sort((a, b) => a - b)).toEqual(acknowledged.sort((a, b) => a - b));
    const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
    expect(detail.body.item).toMatchObject({ currentPrice: 15_000, bidCount: 2 });
  }, 120_000);
});
