import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { minNextBid } from "@ssgbay/contract";
import { demoPng } from "@ssgbay/database/dev";
import {
  insertBids,
  insertItems,
  insertUsers,
  type NewBid,
  seededRandom,
} from "@ssgbay/database/testing";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { z } from "zod";
import { pick, randomInt } from "./random.js";

const USER_CHUNK = 500;
const ITEM_CHUNK = 2_000;
const BID_CHUNK = 5_000;
const DAY = 86_400_000;

const idRows = z.array(z.object({ id: z.number().int().positive() }));

async function idsInOrder(pool: Pool, sql: string, params: unknown[] = []): Promise<number[]> {
  const [rows] = await pool.query<RowDataPacket[]>(sql, params);
  return idRows.parse(rows).map((row) => row.id);
}

export interface SeededUser {
  id: number;
  username: string;
}

/**
 * Inserts `count` users named `<prefix>_<n>` that all share one password hash (hashed once with
 * the API's own hashPassword, so they can log in through the API).
 */
export async function seedUsers(
  pool: Pool,
  { count, prefix, passwordHash }: { count: number; prefix: string; passwordHash: string },
): Promise<SeededUser[]> {
  const usernames = Array.from(
    { length: count },
    (_, n) => `${prefix}_${String(n).padStart(5, "0")}`,
  );
  await insertUsers(
    pool,
    usernames.map((username, n) => ({
      username,
      passwordHash,
      nickname: `입찰자${n}`,
      phone: `010${String(10_000_000 + n).slice(-8)}`,
    })),
    USER_CHUNK,
  );
  const [found] = await pool.query<RowDataPacket[]>(
    "SELECT id, username FROM users WHERE username LIKE ? ORDER BY id",
    [`${prefix}\\_%`],
  );
  return z.array(z.object({ id: z.number().int(), username: z.string() })).parse(found);
}

/** Writes `count` small PNGs into the API's upload directory under valid image keys. */
export async function seedImages(uploadDir: string, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let n = 0; n < count; n++) {
    const key = `${randomBytes(16).toString("hex")}.png`;
    const hue = (n * 47) % 200;
    await writeFile(
      join(uploadDir, key),
      demoPng(320, 240, [40 + hue, 80, 160], [240, 200 - hue / 2, 90], n),
    );
    keys.push(key);
  }
  return keys;
}

export const products = [
  "카메라",
  "노트북",
  "자전거",
  "의자",
  "책상",
  "손목시계",
  "운동화",
  "키보드",
  "모니터",
  "헤드폰",
  "텐트",
  "전기포트",
  "레코드판",
  "만년필",
  "게임기",
  "캠핑의자",
  "스피커",
  "가방",
  "자켓",
  "스탠드",
];
export const conditions = ["미개봉", "거의 새것", "사용감 있음", "빈티지", "한정판", "급처"];

/** The search term of the read benchmark: one product word in twenty titles. */
export const SEARCH_TERM = "카메라";

export interface ItemPlan {
  sellerId: number;
  startPrice: number;
  startsAt: Date;
  endsAt: Date;
  /** Bids in the order they were placed; strictly rising, so the last one wins. */
  bids: { bidderId: number; amount: number; createdAt: Date }[];
}

export interface SeedItemsOptions {
  count: number;
  users: readonly SeededUser[];
  imageKeys: readonly string[];
  /** Database time the windows are placed around. */
  now: Date;
  /** ends_at = now + offset, with the offset drawn from this range (ms). */
  endsIn: { min: number; max: number };
  bidsPerItem: { min: number; max: number };
  seed: number;
}

/** Plans items with 0..n strictly rising bids each, placed inside each item's window. */
export function planItems(options: SeedItemsOptions): ItemPlan[] {
  const random = seededRandom(options.seed);
  const plans: ItemPlan[] = [];
  for (let n = 0; n < options.count; n++) {
    const seller = pick(random, options.users);
    const endsAt = new Date(
      options.now.getTime() + randomInt(random, options.endsIn.min, options.endsIn.max),
    );
    // Listed a week before the end, or six hours ago if that would be in the future.
    const startsAt = new Date(
      Math.min(endsAt.getTime() - 7 * DAY, options.now.getTime() - 6 * 3_600_000),
    );
    const startPrice = randomInt(random, 1, 2_000) * 100;
    const bidCount = randomInt(random, options.bidsPerItem.min, options.bidsPerItem.max);
    const bids: ItemPlan["bids"] = [];
    let amount = startPrice;
    // Bids fall in the hours before the end, or before now if the auction is still open.
    const lastBidAt = Math.min(endsAt.getTime(), options.now.getTime()) - 60_000;
    for (let b = 0; b < bidCount; b++) {
      const index = randomInt(random, 0, options.users.length - 1);
      // Sellers never bid on their own items: take the next user instead.
      const bidder =
        options.users[index]?.id === seller.id
          ? options.users[(index + 1) % options.users.length]
          : options.users[index];
      if (!bidder || bidder.id === seller.id)
        throw new Error("bids need a user besides the seller");
      bids.push({
        bidderId: bidder.id,
        amount,
        createdAt: new Date(lastBidAt - (bidCount - b) * 3_600_000),
      });
      const accepted = { startPrice, currentPrice: amount, bidCount: b + 1 };
      amount = minNextBid(accepted) + randomInt(random, 0, 3) * 100;
    }
    plans.push({ sellerId: seller.id, startPrice, startsAt, endsAt, bids });
  }
  return plans;
}

function titleFor(random: () => number, n: number): { title: string; description: string } {
  // Every twentieth item is the search term, so a search matches 5% of the catalogue.
  const product =
    n % 20 === 0
      ? SEARCH_TERM
      : pick(
          random,
          products.filter((p) => p !== SEARCH_TERM),
        );
  const condition = pick(random, conditions);
  return {
    title: `${condition} ${product} #${n}`,
    description: `${product} 판매합니다. 상태는 ${condition}. 직거래와 택배 모두 가능합니다. 문의 환영 (${n})`,
  };
}

/** Inserts the planned items (status open) and their bids; returns item ids in plan order. */
export async function insertPlannedItems(
  pool: Pool,
  plans: readonly ItemPlan[],
  imageKeys: readonly string[],
  seed: number,
  /** false: the items get no search grams (nothing searches them; seeding is much faster). */
  searchable = true,
): Promise<number[]> {
  const random = seededRandom(seed ^ 0x5eed);
  const [before] = await pool.query<RowDataPacket[]>(
    "SELECT COALESCE(MAX(id), 0) AS maxId FROM items",
  );
  const maxIdBefore = z.array(z.object({ maxId: z.coerce.number() })).parse(before)[0]?.maxId ?? 0;
  await insertItems(
    pool,
    plans.map((plan, n) => {
      const { title, description } = titleFor(random, n);
      const imageKey = imageKeys[n % imageKeys.length];
      if (imageKey === undefined) throw new Error("items need at least one image key");
      return {
        sellerId: plan.sellerId,
        title,
        description,
        imageKey,
        startPrice: plan.startPrice,
        currentPrice: plan.bids.at(-1)?.amount ?? plan.startPrice,
        bidCount: plan.bids.length,
        startsAt: plan.startsAt,
        endsAt: plan.endsAt,
      };
    }),
    ITEM_CHUNK,
    searchable,
  );
  const ids = await idsInOrder(pool, "SELECT id FROM items WHERE id > ? ORDER BY id", [
    maxIdBefore,
  ]);
  if (ids.length !== plans.length) {
    throw new Error(`inserted ${plans.length} items but found ${ids.length}`);
  }
  const bids: NewBid[] = [];
  plans.forEach((plan, n) => {
    const itemId = ids[n];
    if (itemId === undefined) throw new Error(`planned item ${n} has no id`);
    for (const bid of plan.bids) bids.push({ ...bid, itemId });
  });
  await insertBids(pool, bids, BID_CHUNK);
  return ids;
}
