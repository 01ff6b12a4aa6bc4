import { listItemsQuerySchema } from "@ssgbay/contract";
import { SearchPlanner, substringPattern } from "@ssgbay/database";
import { insertItems, insertUsers, seededRandom } from "@ssgbay/database/testing";
import type { RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { listItems } from "../src/items/repository.js";
import { useTestApi } from "./support/api.js";

const ctx = useTestApi();
const words = [
  "카메라",
  "캠핑",
  "자전거",
  "Café",
  "LEICA",
  "leica",
  "아이폰 15",
  "의자",
  "책상",
  "100%",
  "a_b",
];
let texts: string[];

beforeAll(async () => {
  const pool = ctx.api.pool;
  const [seller] = await insertUsers(pool, [
    { username: "searcher", passwordHash: "!", nickname: "searcher", phone: "01012345678" },
  ]);
  if (seller === undefined) throw new Error("no seller");
  const random = seededRandom(18);
  const pick = () => words[Math.floor(random() * words.length)] ?? "";
  const now = Date.now();
  const items = Array.from({ length: 120 }, (_, n) => ({
    sellerId: seller,
    title: `${pick()} ${pick()} #${n}`,
    description: n % 3 === 0 ? "" : `${pick()} 팝니다. ${pick()}${pick()}`,
    imageKey: "0123456789abcdef0123456789abcdef.png",
    startPrice: 1000,
    startsAt: new Date(now - 3_600_000),
    endsAt: new Date(now + 86_400_000),
  }));
  await insertItems(pool, items);
  texts = items.flatMap((item) => [item.title, item.description]);
});

/** The ids the contract's rule gives: LIKE over every row's title and description, newest first. */
async function byFullScan(q: string): Promise<number[]> {
  const pattern = substringPattern(q);
  const [rows] = await ctx.api.pool.query<RowDataPacket[]>(
    "SELECT id FROM items WHERE title LIKE ? OR description LIKE ? ORDER BY id DESC",
    [pattern, pattern],
  );
  return rows.map((row) => Number(row.id));
}

async function bySearch(q: string): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const response = await request(ctx.api.handler)
      .get("/api/items")
      .query({ q, status: "all", pageSize: "60", page: String(page) });
    expect(response.status).toBe(200);
    total = response.body.total;
    ids.push(...response.body.items.map((item: { id: number }) => item.id));
    if (response.body.items.length < 60) return { ids, total };
  }
}

/** Every page of a search read by the repository with the given planner. */
async function byRepository(q: string, planner: SearchPlanner): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const query = listItemsQuerySchema.parse({ q, pageSize: "60", page: String(page) });
    const { items } = await listItems(ctx.api.pool, query, planner);
    ids.push(...items.map((item) => item.id));
    if (items.length < 60) return ids;
  }
}

/** Real substrings of the seeded texts, in both cases, and some that match nothing. */
function searchQueries(): Set<string> {
  const random = seededRandom(5);
  const queries = new Set([
    "카",
    "메라",
    "카메라",
    "cafe",
    "CAFÉ",
    "leica",
    "Leica 카",
    "%",
    "_",
    "a_b",
    "0%",
    "없는말",
    "15 #1",
    "#11",
  ]);
  for (let n = 0; n < 40; n++) {
    const text = Array.from(texts[Math.floor(random() * texts.length)] ?? "");
    if (text.length === 0) continue;
    const length = 1 + Math.floor(random() * Math.min(6, text.length));
    const start = Math.floor(random() * (text.length - length + 1));
    const piece = text
      .slice(start, start + length)
      .join("")
      .trim();
    if (piece) queries.add(random() < 0.3 ? piece.toUpperCase() : piece);
  }
  return queries;
}

describe("search through the n-gram table", () => {
  it("finds exactly what LIKE over every row finds, for substrings of every length and case", async () => {
    const queries = searchQueries();
    let matched = 0;
    for (const q of queries) {
      const expected = await byFullScan(q);
      const found = await bySearch(q);
      expect({ q, ids: found.ids }).toEqual({ q, ids: expected });
      expect({ q, total: found.total }).toEqual({ q, total: expected.length });
      if (expected.length > 0) matched++;
    }
    // the queries are mostly real substrings: the comparison is not between two empty lists
    expect(matched).toBeGreaterThan(queries.size / 2);
  });

  it("finds the same open items with either plan: narrowing by grams, or walking the sort order", async () => {
    const everyTermCommon = new SearchPlanner(0);
    const everyTermRare = new SearchPlanner(Number.MAX_SAFE_INTEGER);
    for (const q of searchQueries()) {
      expect(await everyTermCommon.planFor(ctx.api.pool, q)).toBe("scan");
      expect(await everyTermRare.planFor(ctx.api.pool, q)).toBe("grams");
      const scanned = await byRepository(q, everyTermCommon);
      expect({ q, ids: scanned }).toEqual({ q, ids: await byRepository(q, everyTermRare) });
    }
  });

  it("calls a term common when its rarest gram has the threshold's rows, and remembers it", async () => {
    const pool = ctx.api.pool;
    const [grams] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM item_ngrams WHERE gram = '카메'",
    );
    const rows = Number(grams[0]?.n);
    expect(rows).toBeGreaterThan(2);
    // lru-cache (which remembers plans) reads a clock at 0 as "no time": start later
    let now = 1_000;
    const planner = new SearchPlanner(rows, () => now);
    expect(await planner.planFor(pool, "카메")).toBe("scan");
    // "카메라" narrows by 카메 and 메라: the rarer decides
    const [rarer] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM item_ngrams WHERE gram = '메라'",
    );
    expect(await planner.planFor(pool, "카메라")).toBe(
      Number(rarer[0]?.n) >= rows ? "scan" : "grams",
    );
    expect(await new SearchPlanner(rows + 1).planFor(pool, "카메")).toBe("grams");
    expect(await planner.planFor(pool, "없는말")).toBe("grams");
    // remembered: no statement runs for a known term within the minute
    const noDatabase = {} as typeof pool;
    expect(await planner.planFor(noDatabase, "카메")).toBe("scan");
    now = 1_000 + 60_001;
    await expect(planner.planFor(noDatabase, "카메")).rejects.toThrow();
  });

  it("finds an item's text once the item is written, and nothing after it is deleted", async () => {
    const pool = ctx.api.pool;
    expect((await bySearch("새로운물건")).ids).toEqual([]);
    const [seller] = await insertUsers(pool, [
      { username: "searcher2", passwordHash: "!", nickname: "searcher2", phone: "01012345679" },
    ]);
    if (seller === undefined) throw new Error("no seller");
    const [id] = await insertItems(pool, [
      {
        sellerId: seller,
        title: "새로운물건",
        description: "",
        imageKey: "0123456789abcdef0123456789abcdef.png",
        startPrice: 1000,
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 86_400_000),
      },
    ]);
    expect((await bySearch("로운물")).ids).toEqual([id]);
    await pool.query("DELETE FROM items WHERE id = ?", [id]);
    expect((await bySearch("로운물")).ids).toEqual([]);
    const [grams] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM item_ngrams WHERE item_id = ?",
      [id],
    );
    expect(Number(grams[0]?.n)).toBe(0);
  });
});
