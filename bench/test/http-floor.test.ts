import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routes } from "@ssgbay/contract";
import { createPool } from "@ssgbay/database";
import { databaseNow } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImageStore } from "../../app-api/src/images/storage.js";
import { createItemsService } from "../../app-api/src/items/service.js";
import { serviceCallFor } from "../benchmarks/read.js";
import { login } from "../lib/api-client.js";
import { type ApiProcess, startApiAndFloor } from "../lib/api-process.js";
import { seedPasswordOnce } from "../lib/context.js";
import {
  insertPlannedItems,
  planItems,
  SEARCH_TERM,
  type SeededUser,
  seedImages,
  seedUsers,
} from "../lib/seed.js";
import { recordStatements } from "../lib/sql-capture.js";

const HOUR = 3_600_000;
const repoRoot = join(import.meta.dirname, "../..");
const database = useTestDatabase();
let pool: Pool;
let uploadDir: string;
let api: ApiProcess;
let floor: ApiProcess;
let users: SeededUser[];
let ids: number[];
let password: string;

beforeAll(async () => {
  pool = createPool(database.config);
  uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-floor-test-"));
  const seed = await seedPasswordOnce()();
  password = seed.password;
  users = await seedUsers(pool, { count: 10, prefix: "floor", passwordHash: seed.hash });
  const imageKeys = await seedImages(uploadDir, 2);
  const plans = planItems({
    count: 30,
    users,
    imageKeys,
    now: await databaseNow(pool),
    endsIn: { min: HOUR, max: 2 * HOUR },
    bidsPerItem: { min: 0, max: 5 },
    seed: 5,
  });
  ids = await insertPlannedItems(pool, plans, imageKeys, 5);
  ({ api, floor } = await startApiAndFloor({ repoRoot, database: database.config, uploadDir }));
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), floor?.stop()]);
  await pool.end();
  await rm(uploadDir, { recursive: true, force: true });
});

async function getJson(baseUrl: string, path: string) {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("the HTTP floor (bench/reference/http-floor.ts)", () => {
  it("answers item detail, list, search and sorts exactly as the API does", async () => {
    const paths = [
      `/api/items/${ids[0]}`,
      `/api/items/${ids[7]}`,
      "/api/items",
      `/api/items?q=${encodeURIComponent(SEARCH_TERM)}`,
      "/api/items?sort=price_asc&pageSize=5&page=2",
      "/api/items/999999",
      "/api/items?pageSize=0",
    ];
    for (const path of paths) {
      const [fromApi, fromFloor] = await Promise.all([
        getJson(api.baseUrl, path),
        getJson(floor.baseUrl, path),
      ]);
      expect(fromFloor, path).toEqual(fromApi);
    }
  });

  it("places and refuses bids through the same service, with the API's tokens", async () => {
    const item = ids[1] as number;
    const detail = await getJson(api.baseUrl, `/api/items/${item}`);
    const { minNextBid, seller } = (
      detail.body as { item: { minNextBid: number; seller: { id: number } } }
    ).item;
    const bidder = users.find((user) => user.id !== seller.id);
    if (!bidder) throw new Error("no bidder");
    const token = await login(api.baseUrl, bidder.username, password);
    const post = (amount: number, authorization?: string) =>
      fetch(`${floor.baseUrl}/api/items/${item}/bids`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ amount }),
      });
    const anonymous = await post(minNextBid);
    expect(anonymous.status).toBe(401);
    const placed = await post(minNextBid, `Bearer ${token}`);
    expect(placed.status).toBe(routes.placeBid.response.status);
    expect(await placed.json()).toMatchObject({ bid: { amount: minNextBid }, leading: true });
    const tooLow = await post(minNextBid, `Bearer ${token}`);
    expect(tooLow.status).toBe(409);
    expect(await tooLow.json()).toMatchObject({ error: { code: "BID_TOO_LOW" } });
    // The API sees the bid the floor placed.
    const after = await getJson(api.baseUrl, `/api/items/${item}`);
    expect((after.body as { item: { currentPrice: number } }).item.currentPrice).toBe(minNextBid);
  });
});

describe("recordStatements (the read benchmark's SQL capture)", () => {
  it("records every statement with its values, however often it was prepared before", async () => {
    const images = await createImageStore(uploadDir);
    const path = `/api/items/${ids[2]}`;
    const first = await recordStatements(pool, (db) =>
      serviceCallFor(createItemsService(db, images, 0), path),
    );
    const again = await recordStatements(pool, (db) =>
      serviceCallFor(createItemsService(db, images, 0), path),
    );
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
    for (const sql of first) {
      expect(sql).not.toMatch(/\?/);
      expect(sql).toContain(String(ids[2]));
    }
    // Replayed as text, the statements read what the service read.
    const [rows] = await pool.query(first[0] as string);
    expect(rows).toHaveLength(1);
  });

  it("records a request in steady state with warmUp: the list count cached, as under load", async () => {
    const images = await createImageStore(uploadDir);
    // 30 open items: a page of 5 goes on past itself, so the total needs a COUNT
    const list = (db: Pool) =>
      serviceCallFor(createItemsService(db, images, 0), "/api/items?pageSize=5");
    const cold = await recordStatements(pool, list);
    const warm = await recordStatements(pool, list, { warmUp: true });
    expect(cold.filter((sql) => /COUNT\(/i.test(sql))).toHaveLength(1);
    expect(warm.filter((sql) => /COUNT\(/i.test(sql))).toHaveLength(0);
    expect(warm).toEqual(cold.filter((sql) => !/COUNT\(/i.test(sql)));
  });
});
