import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { limits, routes } from "@ssgbay/contract";
import { solidPng } from "@ssgbay/database/testing";
import type { RowDataPacket } from "mysql2/promise";
import sharp from "sharp";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestApi } from "./support/api.js";
import {
  bid,
  createItem,
  expectContractAnswer,
  minutesFromNow,
  postItem,
  rowCounts,
  signUp,
  type TestUser,
} from "./support/client.js";
import { gifImage, hasGpsTag, phoneJpeg, pngBombHeader, pngHeaderOnly } from "./support/images.js";

const ctx = useTestApi();
let seller: TestUser;
let other: TestUser;

beforeAll(async () => {
  seller = await signUp(ctx.api.handler, "seller");
  other = await signUp(ctx.api.handler, "other");
});

async function storedFiles(): Promise<string[]> {
  return (await readdir(ctx.uploadDir)).filter((name) => !name.startsWith("."));
}

/** Runs a refused request and proves it wrote no row and no file. */
async function expectRefusedWithoutWrites(
  send: () => Promise<request.Response>,
  status: number,
  code: string,
) {
  const rowsBefore = await rowCounts(ctx.api);
  const filesBefore = await storedFiles();
  const response = await send();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(await rowCounts(ctx.api)).toEqual(rowsBefore);
  expect(await storedFiles()).toEqual(filesBefore);
  expect(await readdir(join(ctx.uploadDir, ".incoming"))).toEqual([]);
  return response;
}

describe("POST /api/items", () => {
  it("creates an item with its image stored under a random key and served immutable", async () => {
    const endsAt = minutesFromNow(90);
    const image = solidPng(8, 6);
    const response = await postItem(ctx.api.handler, seller.accessToken, {
      title: "  Leica M6  ",
      startPrice: "150000",
      endsAt,
      image,
      filename: "../../etc/passwd.png",
    });
    expect(response.status).toBe(201);
    const item = response.body.item;
    expect(item).toMatchObject({
      title: "Leica M6",
      startPrice: 150000,
      currentPrice: 150000,
      bidCount: 0,
      minNextBid: 150000,
      status: "open",
      seller: { id: seller.id, nickname: seller.nickname },
      winner: null,
      finalPrice: null,
      bids: [],
      endsAt: new Date(endsAt).toISOString(),
    });
    expect(item.imageUrl).toMatch(/^\/api\/images\/[0-9a-f]{32}\.png$/);
    const key = item.imageUrl.split("/").pop();
    expect(await storedFiles()).toContain(key);
    const stored = await readFile(join(ctx.uploadDir, key));
    // Re-encoded (metadata dropped), the same picture: same size, same pixels.
    const pixels = (png: Buffer) => sharp(png).raw().toBuffer({ resolveWithObject: true });
    const [storedPixels, uploadedPixels] = await Promise.all([pixels(stored), pixels(image)]);
    expect(storedPixels.info).toMatchObject({ width: 8, height: 6, format: "raw" });
    expect(storedPixels.data).toEqual(uploadedPixels.data);

    const served = await request(ctx.api.handler).get(item.imageUrl);
    expect(served.status).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
    expect(served.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(served.body)).toEqual(stored);
  });

  it("serves a phone photo without its GPS position or any other metadata, upright", async () => {
    const photo = await phoneJpeg(40, 20);
    const uploaded = await sharp(photo).metadata();
    expect(uploaded.exif && hasGpsTag(uploaded.exif)).toBe(true);
    expect(uploaded).toMatchObject({ orientation: 6, width: 40, height: 20 });
    expect(uploaded.xmp).toBeDefined();
    expect(uploaded.icc).toBeDefined();

    const response = await postItem(ctx.api.handler, seller.accessToken, { image: photo });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.item.imageUrl).toMatch(/\.jpg$/);
    const served = await request(ctx.api.handler)
      .get(response.body.item.imageUrl)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done(null, Buffer.concat(chunks)));
      });
    const body = served.body as Buffer;
    const metadata = await sharp(body).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 20, height: 40 });
    expect(metadata.orientation).toBeUndefined();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(body.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(body.includes(Buffer.from("SSGBay test camera"))).toBe(false);
    expect(body.includes(Buffer.from("GPS"))).toBe(false);
  });

  it("scales an image down to the longest edge the contract allows", async () => {
    const wide = await sharp({
      create: { width: limits.imageMaxEdge * 2, height: 10, channels: 3, background: "#336699" },
    })
      .png()
      .toBuffer();
    const response = await postItem(ctx.api.handler, seller.accessToken, { image: wide });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const key = response.body.item.imageUrl.split("/").pop();
    const stored = await sharp(await readFile(join(ctx.uploadDir, key))).metadata();
    expect(stored).toMatchObject({ width: limits.imageMaxEdge, height: 5 });
  });

  it("names the file by its real type, not the client's name or Content-Type", async () => {
    const response = await postItem(ctx.api.handler, seller.accessToken, {
      image: gifImage(),
      filename: "innocent.jpg",
    });
    expect(response.status).toBe(201);
    expect(response.body.item.imageUrl).toMatch(/\.gif$/);
  });

  it("keeps SQL metacharacters and Unicode in text exactly", async () => {
    const title = `'; DROP TABLE items; -- "😀" 한글 \\ %_`;
    const description = "Robert'); DELETE FROM users;--\n<script>alert(1)</script>";
    const item = await createItem(ctx.api.handler, seller.accessToken, { title, description });
    const detail = await request(ctx.api.handler).get(`/api/items/${item.id}`);
    expectContractAnswer(routes.getItem, detail);
    expect(detail.body.item.title).toBe(title);
    expect(detail.body.item.description).toBe(description);
    const [tables] = await ctx.api.pool.query<RowDataPacket[]>("SHOW TABLES LIKE 'items'");
    expect(tables).toHaveLength(1);
  });

  it("refuses an anonymous upload with 401 before reading it", async () => {
    await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, undefined),
      401,
      "UNAUTHENTICATED",
    );
  });

  it.each([
    ["a float price", { startPrice: "1000.5" }],
    ["a negative price", { startPrice: "-1000" }],
    ["an exponent price", { startPrice: "1e5" }],
    ["a price below 100", { startPrice: "99" }],
    ["a price above 1e9", { startPrice: "1000000001" }],
    ["an overflowing price", { startPrice: "99999999999999999999999" }],
    ["a text price", { startPrice: "ten thousand" }],
    ["an empty title", { title: "" }],
    ["a 101-char title", { title: "x".repeat(101) }],
    ["a 5001-char description", { description: "x".repeat(5001) }],
    ["endsAt in 30 seconds", { endsAt: new Date(Date.now() + 30_000).toISOString() }],
    ["endsAt in the past", { endsAt: minutesFromNow(-5) }],
    ["endsAt beyond 30 days", { endsAt: minutesFromNow(31 * 24 * 60) }],
    ["endsAt not a date", { endsAt: "tomorrow" }],
  ])("refuses %s with 400 VALIDATION_FAILED, no row and no file", async (_name, fields) => {
    const response = await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, seller.accessToken, fields),
      400,
      "VALIDATION_FAILED",
    );
    expect(response.body.error.details.length).toBeGreaterThan(0);
  });

  it("refuses a request without an image or with a JSON body", async () => {
    await expectRefusedWithoutWrites(
      () =>
        request(ctx.api.handler)
          .post("/api/items")
          .set("Authorization", `Bearer ${seller.accessToken}`)
          .field("title", "No image")
          .field("startPrice", "1000")
          .field("endsAt", minutesFromNow(60)),
      400,
      "VALIDATION_FAILED",
    );
    await expectRefusedWithoutWrites(
      () =>
        request(ctx.api.handler)
          .post("/api/items")
          .set("Authorization", `Bearer ${seller.accessToken}`)
          .send({ title: "json", startPrice: 1000, endsAt: minutesFromNow(60) }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("refuses extra fields (no mass assignment of seller, status or price)", async () => {
    await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, seller.accessToken).field("sellerId", String(other.id)),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("refuses a text file renamed .png with 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    await expectRefusedWithoutWrites(
      () =>
        postItem(ctx.api.handler, seller.accessToken, {
          image: Buffer.from("#!/bin/sh\necho not an image\n"),
          filename: "evil.png",
        }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it.each([
    ["a bare 16-byte PNG header", Buffer.from("89504e470d0a1a0a0000000d49484452", "hex")],
    ["a 6-byte GIF89a", Buffer.from("GIF89a")],
    ["a PNG header that claims a size but has no pixels", pngHeaderOnly(3000, 2000)],
  ])("refuses %s with 415 and echoes no dimensions", async (_name, image) => {
    const response = await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, seller.accessToken, { image }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expect(response.body.error.details).toBeUndefined();
  });

  it("refuses a PNG signature followed by garbage with 415", async () => {
    const fake = Buffer.concat([solidPng(2, 2).subarray(0, 8), Buffer.from("garbage".repeat(10))]);
    await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, seller.accessToken, { image: fake }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("refuses an image over 5 MiB with 413 PAYLOAD_TOO_LARGE", async () => {
    const huge = Buffer.concat([solidPng(2, 2), Buffer.alloc(5 * 1024 * 1024)]);
    await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, seller.accessToken, { image: huge }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("refuses a decompression bomb (huge pixel count in a tiny file) with 413", async () => {
    const bomb = pngBombHeader(50_000, 50_000);
    expect(bomb.length).toBeLessThan(2048);
    await expectRefusedWithoutWrites(
      () => postItem(ctx.api.handler, seller.accessToken, { image: bomb }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("refuses a ninth photo (limits.imagesPerItemMax)", async () => {
    await expectRefusedWithoutWrites(
      () => {
        const post = postItem(ctx.api.handler, seller.accessToken);
        for (let extra = 0; extra < 8; extra++) post.attach("image", solidPng(2, 2), "b.png");
        return post;
      },
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("GET /api/images/:key", () => {
  it.each([
    ["an unknown key", "0123456789abcdef0123456789abcdef.png", 404, "NOT_FOUND"],
    ["a traversal", "..%2F..%2Fetc%2Fpasswd", 400, "VALIDATION_FAILED"],
    ["a dotfile", ".incoming", 400, "VALIDATION_FAILED"],
  ])("answers %s with its contract error", async (_name, key, status, code) => {
    const response = await request(ctx.api.handler).get(`/api/images/${key}`);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });
});

describe("GET /api/items", () => {
  let ids: { cheap: number; dear: number; ending: number; closed: number };

  beforeAll(async () => {
    const cheap = await createItem(ctx.api.handler, seller.accessToken, {
      title: "Zebra lamp 100% wool_blend",
      startPrice: "500",
      endsAt: minutesFromNow(600),
    });
    const dear = await createItem(ctx.api.handler, seller.accessToken, {
      title: "Zebra piano",
      description: "grand",
      startPrice: "9000000",
      endsAt: minutesFromNow(300),
    });
    const ending = await createItem(ctx.api.handler, seller.accessToken, {
      title: "Zebra clock",
      description: "ENDS SOON",
      startPrice: "2000",
      endsAt: minutesFromNow(2),
    });
    const closed = await createItem(ctx.api.handler, seller.accessToken, {
      title: "Zebra sold out",
      startPrice: "3000",
    });
    await ctx.api.pool.query(
      "UPDATE items SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR WHERE id = ?",
      [closed.id],
    );
    ids = { cheap: cheap.id, dear: dear.id, ending: ending.id, closed: closed.id };
  });

  const list = async (query: Record<string, string>) => {
    const response = await request(ctx.api.handler).get("/api/items").query(query);
    expectContractAnswer(routes.listItems, response);
    return response.body as {
      items: { id: number; imageUrl: string; seller: { id: number } }[];
      page: number;
      pageSize: number;
      total: number;
    };
  };

  it("searches title and description case-insensitively, open items only by default", async () => {
    const zebras = await list({ q: "zebra" });
    expect(zebras.items.map((item) => item.id)).toEqual([ids.ending, ids.dear, ids.cheap]);
    expect(zebras.total).toBe(3);
    expect(zebras).toMatchObject({ page: 1, pageSize: 24 });
    expect((await list({ q: "ends soon" })).items.map((item) => item.id)).toEqual([ids.ending]);
    for (const item of zebras.items) expect(item.imageUrl).toMatch(/^\/api\/images\//);
  });

  it("treats % and _ in q as literal text", async () => {
    expect((await list({ q: "100% wool_" })).items.map((item) => item.id)).toEqual([ids.cheap]);
    // Unescaped, these would be wildcards matching "piano" and "lamp 100% wool_blend".
    expect((await list({ q: "pi_no" })).total).toBe(0);
    expect((await list({ q: "lamp%blend" })).total).toBe(0);
    expect((await list({ q: "' OR 1=1 --" })).total).toBe(0);
  });

  it("sorts by ending, price high to low and low to high", async () => {
    expect((await list({ q: "zebra", sort: "ending" })).items.map((i) => i.id)).toEqual([
      ids.ending,
      ids.dear,
      ids.cheap,
    ]);
    expect((await list({ q: "zebra", sort: "price_desc" })).items.map((i) => i.id)).toEqual([
      ids.dear,
      ids.ending,
      ids.cheap,
    ]);
    expect((await list({ q: "zebra", sort: "price_asc" })).items.map((i) => i.id)).toEqual([
      ids.cheap,
      ids.ending,
      ids.dear,
    ]);
  });

  it("filters closed and all", async () => {
    expect((await list({ q: "zebra", status: "closed" })).items.map((i) => i.id)).toEqual([
      ids.closed,
    ]);
    expect((await list({ q: "zebra", status: "all" })).total).toBe(4);
  });

  it("paginates", async () => {
    const first = await list({ q: "zebra", status: "all", pageSize: "3" });
    const second = await list({ q: "zebra", status: "all", pageSize: "3", page: "2" });
    expect(first.items).toHaveLength(3);
    expect(second.items.map((i) => i.id)).toEqual([ids.cheap]);
    expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4 });
  });

  it.each([
    { sort: "cheapest" },
    { status: "sold" },
    { page: "0" },
    { page: "-1" },
    { page: "1.5" },
    { pageSize: "61" },
    { pageSize: "0" },
    { pageSize: "abc" },
    { q: "x".repeat(101) },
    { unknown: "1" },
  ])("refuses query %o with 400 VALIDATION_FAILED", async (query) => {
    const response = await request(ctx.api.handler).get("/api/items").query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
  });

  it("refuses a repeated parameter", async () => {
    const response = await request(ctx.api.handler).get("/api/items?sort=latest&sort=ending");
    expect(response.status).toBe(400);
  });
});

describe("GET /api/items/:id", () => {
  it("answers 404 NOT_FOUND for an unknown id and 400 for a malformed one", async () => {
    const missing = await request(ctx.api.handler).get("/api/items/999999");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
    for (const id of ["abc", "0", "-1", "1.5", "1e3", "99999999999999999999", "1%20OR%201=1"]) {
      const response = await request(ctx.api.handler).get(`/api/items/${id}`);
      expect(response.status, id).toBe(400);
      expect(response.body.error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("DELETE /api/items/:id — authorization matrix", () => {
  it("anonymous 401, another user 403, the owner 204; the image is removed", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken);
    const key = item.imageUrl.split("/").pop() ?? "";
    const anonymous = await request(ctx.api.handler).delete(`/api/items/${item.id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");
    const stranger = await request(ctx.api.handler)
      .delete(`/api/items/${item.id}`)
      .set("Authorization", `Bearer ${other.accessToken}`);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe("FORBIDDEN");
    expect((await request(ctx.api.handler).get(`/api/items/${item.id}`)).status).toBe(200);

    const owner = await request(ctx.api.handler)
      .delete(`/api/items/${item.id}`)
      .set("Authorization", `Bearer ${seller.accessToken}`);
    expect(owner.status).toBe(204);
    expect((await request(ctx.api.handler).get(`/api/items/${item.id}`)).status).toBe(404);
    expect(await storedFiles()).not.toContain(key);
    const again = await request(ctx.api.handler)
      .delete(`/api/items/${item.id}`)
      .set("Authorization", `Bearer ${seller.accessToken}`);
    expect(again.status).toBe(404);
  });

  it("refuses to delete an item with bids with 409 HAS_BIDS", async () => {
    const item = await createItem(ctx.api.handler, seller.accessToken, { startPrice: "1000" });
    expect((await bid(ctx.api.handler, other.accessToken, item.id, 1000)).status).toBe(201);
    const response = await request(ctx.api.handler)
      .delete(`/api/items/${item.id}`)
      .set("Authorization", `Bearer ${seller.accessToken}`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("HAS_BIDS");
    expect((await request(ctx.api.handler).get(`/api/items/${item.id}`)).status).toBe(200);
  });
});
