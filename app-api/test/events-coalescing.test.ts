import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { insertItem, insertUsers } from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import express from "express";
import type { Pool } from "mysql2/promise";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventHub, type EventHub } from "../src/events/hub.js";
import { readItemStates } from "../src/events/repository.js";

const db = useTestPool();
let server: Server;
let baseUrl: string;
let hub: EventHub;
let pool: Pool;
/** Statements the hub sent to the database (its pool is the real one, counted on the way). */
let hubQueries = 0;
let items: number[];

beforeAll(async () => {
  pool = db.pool();
  const counted = new Proxy(pool, {
    get(target, key, receiver) {
      if (key === "query") {
        return (...args: Parameters<Pool["query"]>) => {
          hubQueries += 1;
          return target.query(...args);
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
  // ticks far apart: every query in these tests comes from a nudge
  hub = createEventHub(
    counted,
    { pollMs: 600_000, heartbeatMs: 600_000 },
    pino({ level: "silent" }),
  );
  const [seller] = await insertUsers(pool, [
    { username: "coalesce", passwordHash: "!", nickname: "coalesce", phone: "01012345678" },
  ]);
  if (seller === undefined) throw new Error("no seller");
  items = [];
  for (let n = 0; n < 5; n++)
    items.push(await insertItem(pool, { sellerId: seller, endsInMs: 3_600_000 }));
  const app = express();
  app.get("/watch/:id", async (req, res) => {
    const id = Number(req.params.id);
    const state = (await readItemStates(pool, [id])).get(id);
    if (!state) throw new Error(`no item ${id}`);
    hub.watch(id, res, state);
  });
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hub.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The current prices each stream announces, as they arrive. */
async function openStreams(ids: number[]) {
  const seen = new Map<number, number[]>();
  const controller = new AbortController();
  await Promise.all(
    ids.map(async (id) => {
      const response = await fetch(`${baseUrl}/watch/${id}`, { signal: controller.signal });
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
      if (!reader) throw new Error("no body");
      seen.set(id, []);
      let buffer = "";
      const first = (async () => {
        for (;;) {
          const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (chunk.done) return;
          buffer += chunk.value;
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            const data = /^data: (.+)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (data) seen.get(id)?.push(JSON.parse(data).currentPrice);
          }
        }
      })();
      void first;
    }),
  );
  return { seen, close: () => controller.abort() };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("live price nudges", () => {
  it("send one query for every item nudged in the same turn, and none is lost while one runs", async () => {
    const streams = await openStreams(items);
    await until(() => items.every((id) => (streams.seen.get(id)?.length ?? 0) === 1));
    await pool.query("UPDATE items SET current_price = 2000, bid_count = 1 WHERE id IN (?)", [
      items,
    ]);
    hubQueries = 0;
    for (const id of items) hub.nudge(id);
    await until(() => items.every((id) => streams.seen.get(id)?.at(-1) === 2000));
    expect(hubQueries).toBe(1);

    const [a, b] = items;
    if (a === undefined || b === undefined) throw new Error("no items");
    hubQueries = 0;
    await pool.query("UPDATE items SET current_price = 3000, bid_count = 2 WHERE id = ?", [a]);
    hub.nudge(a);
    // b changes and is nudged after a's query has started: it gets a query of its own
    await new Promise((resolve) => setImmediate(resolve));
    await pool.query("UPDATE items SET current_price = 3000, bid_count = 2 WHERE id = ?", [b]);
    hub.nudge(b);
    hub.nudge(b);
    await until(() => streams.seen.get(a)?.at(-1) === 3000 && streams.seen.get(b)?.at(-1) === 3000);
    expect(hubQueries).toBe(2);
    // the other items did not change, so their streams heard nothing more
    for (const id of items.slice(2)) expect(streams.seen.get(id)).toEqual([1000, 2000]);
    streams.close();
  });
});
