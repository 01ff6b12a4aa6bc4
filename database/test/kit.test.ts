import { createServer } from "node:net";
import { inflateSync } from "node:zlib";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "../src/connection.js";
import {
  databaseNow,
  encodePng,
  freeLoopbackPort,
  insertBids,
  insertItems,
  insertUsers,
  readBids,
  solidPng,
} from "../src/testing/index.js";
import { useTestDatabase } from "../src/testing/vitest.js";

/** The chunks of a PNG, in order, with their bytes. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const found: { type: string; data: Buffer }[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    found.push({
      type: png.toString("ascii", offset + 4, offset + 8),
      data: png.subarray(offset + 8, offset + 8 + length),
    });
    offset += 12 + length;
  }
  return found;
}

describe("the PNG encoder", () => {
  it("writes the signature, the stated size and the given scanlines", () => {
    const png = encodePng(3, 2, Buffer.alloc(2 * (1 + 3 * 3), 9));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]));
    const [header, data, end] = chunks(png);
    expect(header?.type).toBe("IHDR");
    expect(header?.data.readUInt32BE(0)).toBe(3);
    expect(header?.data.readUInt32BE(4)).toBe(2);
    expect(data?.type).toBe("IDAT");
    expect(inflateSync(data?.data ?? Buffer.alloc(0))).toEqual(Buffer.alloc(20, 9));
    expect(end).toEqual({ type: "IEND", data: Buffer.alloc(0) });
  });

  it("fills a solid PNG with one colour, row by row", () => {
    const [, data] = chunks(solidPng(2, 2, [1, 2, 3]));
    const row = [0, 1, 2, 3, 1, 2, 3];
    expect([...inflateSync(data?.data ?? Buffer.alloc(0))]).toEqual([...row, ...row]);
  });
});

describe("a free loopback port", () => {
  it("can be listened on right away", async () => {
    const port = await freeLoopbackPort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe("rows written straight into the tables", () => {
  const db = useTestDatabase();
  let pool: ReturnType<typeof createPool>;
  beforeAll(() => {
    pool = createPool(db.config);
  });
  afterAll(async () => {
    await pool.end();
  });

  it("returns each row's id, in order, across chunks", async () => {
    const users = ["a", "b", "c", "d", "e"].map((name) => ({
      username: `kit_${name}`,
      passwordHash: "hash",
      nickname: name,
      phone: "01012345678",
    }));
    const userIds = await insertUsers(pool, users, 2);
    const [rows] = await pool.query<RowDataPacket[]>(
      "SELECT id, username FROM users WHERE username LIKE 'kit\\_%' ORDER BY id",
    );
    expect(rows.map((row) => [row.id, row.username])).toEqual(
      users.map((user, index) => [userIds[index], user.username]),
    );

    const now = await databaseNow(pool);
    const [sellerId, bidderId] = userIds as [number, number];
    const [itemId] = (await insertItems(pool, [
      {
        sellerId,
        title: "kit item",
        description: "",
        imageKey: "image.png",
        startPrice: 1000,
        startsAt: new Date(now.getTime() - 60_000),
        endsAt: new Date(now.getTime() + 60_000),
      },
    ])) as [number];
    const bidIds = await insertBids(pool, [
      { itemId, bidderId, amount: 1000, createdAt: now },
      { itemId, bidderId, amount: 1100, createdAt: now },
    ]);
    expect((await readBids(pool)).map((bid) => [bid.id, bid.amount])).toEqual([
      [bidIds[0], 1000],
      [bidIds[1], 1100],
    ]);
  });
});
