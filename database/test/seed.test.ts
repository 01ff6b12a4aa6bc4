import { createHash } from "node:crypto";
import { nicknameKey } from "@ssgbay/contract";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "../src/connection.js";
import { seedDemoData } from "../src/demo/seed.js";
import { useTestDatabase } from "../src/testing/vitest.js";

describe("demo data", () => {
  const db = useTestDatabase();
  let pool: ReturnType<typeof createPool>;
  const images = new Map<string, Buffer>();
  const deps = {
    hashPassword: async (password: string) => `test-hash:${password.length}`,
    saveImage: async (bytes: Buffer) => {
      const key = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
      images.set(key, bytes);
      return key;
    },
  };

  beforeAll(() => {
    pool = createPool(db.config);
  });
  afterAll(async () => {
    await pool.end();
  });

  it("loads users and ~30 items into an empty database, then never again", async () => {
    const first = await seedDemoData(pool, deps);
    expect(first).toMatchObject({ loaded: true, items: 30 });
    const second = await seedDemoData(pool, deps);
    expect(second.loaded).toBe(false);
    const [[counts]] = await pool.query<RowDataPacket[]>(
      "SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM items) AS items",
    );
    expect(counts).toEqual({ users: first.users, items: 30 });
  });

  it("has open, soon-ending, bid-on, sold and unsold auctions with consistent numbers", async () => {
    const [items] = await pool.query<RowDataPacket[]>(
      `SELECT i.id, i.status, i.current_price, i.start_price, i.bid_count, i.winner_id, i.final_price,
              i.ends_at > NOW(3) AS open_now, i.ends_at < NOW(3) + INTERVAL 20 MINUTE AS ending_soon,
              (SELECT COUNT(*) FROM bids b WHERE b.item_id = i.id) AS bids,
              (SELECT MAX(amount) FROM bids b WHERE b.item_id = i.id) AS max_bid,
              (SELECT b.bidder_id FROM bids b WHERE b.item_id = i.id ORDER BY b.amount DESC, b.created_at, b.id LIMIT 1) AS top_bidder,
              (SELECT COUNT(*) FROM purchases p WHERE p.item_id = i.id AND p.buyer_id = i.winner_id AND p.price = i.final_price) AS purchases
         FROM items i`,
    );
    const open = items.filter((item) => item.status === "open");
    expect(open.every((item) => item.open_now === 1)).toBe(true);
    expect(open.filter((item) => item.ending_soon === 1).length).toBeGreaterThanOrEqual(3);
    expect(open.filter((item) => Number(item.bids) > 0).length).toBeGreaterThanOrEqual(5);
    expect(items.filter((item) => item.status === "sold").length).toBeGreaterThanOrEqual(3);
    expect(items.filter((item) => item.status === "unsold").length).toBeGreaterThanOrEqual(2);

    for (const item of items) {
      expect(Number(item.bid_count)).toBe(Number(item.bids));
      const expectedPrice = item.max_bid === null ? item.start_price : item.max_bid;
      expect(Number(item.current_price)).toBe(Number(expectedPrice));
      if (item.status === "sold") {
        expect(item.winner_id).toBe(item.top_bidder);
        expect(Number(item.purchases)).toBe(1);
      }
    }
    // every item has its photos in order (a drawn product photo each, JPEG), more than one for most
    const [photos] = await pool.query<RowDataPacket[]>(
      `SELECT i.id, i.image_key, COUNT(p.item_id) AS photos,
              MIN(CASE WHEN p.position = 0 THEN p.image_key END) AS cover
         FROM items i LEFT JOIN item_images p ON p.item_id = i.id GROUP BY i.id, i.image_key`,
    );
    for (const item of photos) {
      expect(Number(item.photos)).toBeGreaterThanOrEqual(1);
      expect(item.cover).toBe(item.image_key);
    }
    expect(photos.filter((item) => Number(item.photos) > 1).length).toBeGreaterThanOrEqual(15);
    expect(images.size).toBe(photos.reduce((sum, item) => sum + Number(item.photos), 0));
    for (const bytes of images.values()) {
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    }
  });

  it("claims each demo nickname by its key, as the API's signup would", async () => {
    const [users] = await pool.query<RowDataPacket[]>(
      "SELECT nickname, nickname_key FROM users ORDER BY id",
    );
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) expect(user.nickname_key).toBe(nicknameKey(String(user.nickname)));
    expect(new Set(users.map((user) => user.nickname_key)).size).toBe(users.length);
  });

  it("spreads the items over the categories, conditions and trade methods, some with buy-now", async () => {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT COUNT(DISTINCT category) AS categories, COUNT(DISTINCT item_condition) AS conditions,
              COUNT(DISTINCT trade_method) AS trades,
              SUM(trade_method <> 'delivery' AND trade_area IS NOT NULL) AS meetups,
              SUM(status = 'open' AND buy_now_price > current_price) AS buy_now
         FROM items`,
    );
    expect(rows[0]).toMatchObject({ categories: 8, conditions: 4, trades: 3 });
    expect(Number(rows[0]?.meetups)).toBeGreaterThanOrEqual(10);
    expect(Number(rows[0]?.buy_now)).toBeGreaterThanOrEqual(3);
  });
});
