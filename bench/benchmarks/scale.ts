import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { itemCategories } from "@ssgbay/contract";
import { createPool, indexItemTexts } from "@ssgbay/database";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { z } from "zod";
import { startApiProcess } from "../lib/api-process.js";
import { timed } from "../lib/clock.js";
import type { Benchmark } from "../lib/context.js";
import { figuresOf, runHttpLoad } from "../lib/load.js";
import { waitForQuietDatabase } from "../lib/quiesce.js";
import { type Check, row, type SummaryRow } from "../lib/results.js";
import { conditions, products, SEARCH_TERM, seedImages, seedUsers } from "../lib/seed.js";
import { median } from "../lib/stats.js";

const POOL_SIZE = 10;
const CONNECTIONS = 16;
/** Issue 18's target: p99 at the big size at most twice the small size's. */
const MAX_P99_GROWTH = 2;
/** Items per seeding statement, and per n-gram statement. */
const SEED_CHUNK = 50_000;
const GRAM_CHUNK = 2_000;
/** Seeding statements run far longer than a request may. */
const SEED_QUERY_TIMEOUT_MS = 600_000;

// Seeding 1M items with their search grams (~60 rows each) takes ~5 min on the shared 2-core
// machine with the bench server's buffer pool (bench/lib/database.ts).
const sizes = {
  full: {
    steps: [10_000, 100_000, 1_000_000],
    users: 1_000,
    rounds: 3,
    durationMs: 5_000,
    warmupMs: 2_000,
  },
  quick: { steps: [1_000, 10_000], users: 100, rounds: 2, durationMs: 1_000, warmupMs: 300 },
};

const scenarios = [
  { name: "list (default: open, latest)", path: "/api/items" },
  { name: `search q=${SEARCH_TERM}`, path: `/api/items?q=${encodeURIComponent(SEARCH_TERM)}` },
  { name: "search q=캠 (one character)", path: `/api/items?q=${encodeURIComponent("캠")}` },
  { name: "list sort=ending", path: "/api/items?sort=ending" },
  { name: "list sort=price_desc", path: "/api/items?sort=price_desc" },
  { name: "list sort=price_asc", path: "/api/items?sort=price_asc" },
  { name: "list category=digital", path: "/api/items?category=digital" },
  { name: "list page 40", path: "/api/items?page=40" },
] as const;

/** `'a','b',…` for ELT(): the words as SQL literals (they hold no quote). */
const sqlList = (words: readonly string[]) => words.map((word) => `'${word}'`).join(", ");

/**
 * Open items `from`…`to`-1 (numbered), written by INSERT … SELECT over a numbers join (no
 * rows through Node), then their search grams the way the API writes them.
 */
async function seedOpenItems(
  pool: Pool,
  from: number,
  to: number,
  users: { first: number; count: number },
  imageKeys: readonly string[],
): Promise<void> {
  const others = products.filter((product) => product !== SEARCH_TERM);
  const before = await maxItemId(pool);
  for (let start = from; start < to; start += SEED_CHUNK) {
    const end = Math.min(to, start + SEED_CHUNK);
    await pool.query(
      `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
                          starts_at, ends_at, category)
       SELECT ? + MOD(k.n * 7, ?),
              CONCAT(ELT(1 + MOD(k.n, ${conditions.length}), ${sqlList(conditions)}), ' ', k.product, ' #', k.n),
              CONCAT(k.product, ' 판매합니다. 직거래와 택배 모두 가능합니다. (', k.n, ')'),
              ELT(1 + MOD(k.n, ${imageKeys.length}), ${sqlList(imageKeys)}),
              100 * (1 + MOD(k.n * 7919, 2000)), 100 * (1 + MOD(k.n * 7919, 2000)),
              NOW(3) - INTERVAL 6 HOUR, NOW(3) + INTERVAL (60 + MOD(k.n * 104729, 43000)) MINUTE,
              ELT(1 + MOD(k.n, ${itemCategories.length}), ${sqlList(itemCategories)})
         FROM (SELECT n.n,
                      IF(MOD(n.n, 20) = 0, '${SEARCH_TERM}',
                         ELT(1 + MOD(n.n DIV 20, ${others.length}), ${sqlList(others)})) AS product
                 FROM (SELECT (a.n - 1) * 5100 + (b.n - 1) AS n
                         FROM text_positions a CROSS JOIN text_positions b
                        WHERE a.n <= CEIL(? / 5100)) AS n
                WHERE n.n >= ? AND n.n < ?) AS k
        ORDER BY k.n`,
      [users.first, users.count, end, start, end],
    );
  }
  const last = await maxItemId(pool);
  for (let id = before + 1; id <= last; id += GRAM_CHUNK) {
    const ids = Array.from({ length: Math.min(GRAM_CHUNK, last - id + 1) }, (_, n) => id + n);
    await indexItemTexts(pool, ids);
  }
  await pool.query("ANALYZE TABLE items, item_ngrams");
}

async function maxItemId(pool: Pool): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>("SELECT COALESCE(MAX(id), 0) AS id FROM items");
  return z.array(z.object({ id: z.coerce.number() })).parse(rows)[0]?.id ?? 0;
}

export const scaleBenchmark: Benchmark = {
  name: "scale",
  title: "List and search at scale",
  async run(context) {
    const size = context.quick ? sizes.quick : sizes.full;
    const config = await context.db.createDatabase("scale", POOL_SIZE);
    const pool = createPool({ ...config, queryTimeoutMs: SEED_QUERY_TIMEOUT_MS });
    const uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-bench-scale-"));
    const api = await startApiProcess({ repoRoot: context.repoRoot, database: config, uploadDir });
    try {
      const seeded = await seedUsers(pool, {
        count: size.users,
        prefix: "scale",
        passwordHash: "!bench-no-login",
      });
      const users = { first: seeded[0]?.id ?? 1, count: seeded.length };
      const imageKeys = await seedImages(uploadDir, 8);
      const checks: Check[] = [];
      const figures = new Map<string, { p50: number; p99: number; perSecond: number }>();
      const seedTimes: Record<string, number> = {};
      let seededItems = 0;
      for (const items of size.steps) {
        context.log(`seeding up to ${items} open items with their search grams`);
        const { ms } = await timed(() => seedOpenItems(pool, seededItems, items, users, imageKeys));
        seedTimes[String(items)] = ms;
        seededItems = items;
        // warm-up at this size: JIT, the pool, the buffer pool and each filter's count
        for (const scenario of scenarios) {
          await runHttpLoad({
            baseUrl: api.baseUrl,
            paths: [scenario.path],
            connections: CONNECTIONS,
            durationMs: size.warmupMs,
          });
        }
        for (const scenario of scenarios) {
          const rounds = [];
          for (let round = 0; round < size.rounds; round++) {
            await waitForQuietDatabase(context.db.admin, config.database);
            rounds.push(
              figuresOf(
                await runHttpLoad({
                  baseUrl: api.baseUrl,
                  paths: [scenario.path],
                  connections: CONNECTIONS,
                  durationMs: size.durationMs,
                }),
              ),
            );
          }
          const failures = rounds.reduce((sum, round) => sum + round.failures, 0);
          checks.push({
            name: `${scenario.name} @${items}: no non-2xx or errors`,
            passed: failures === 0,
            detail: `${failures} failures`,
          });
          figures.set(`${scenario.name}@${items}`, {
            p50: median(rounds.map((round) => round.p50Ms)),
            p99: median(rounds.map((round) => round.p99Ms)),
            perSecond: median(rounds.map((round) => round.perSecond)),
          });
        }
      }
      const rows: SummaryRow[] = [];
      const [smallest, ...bigger] = size.steps;
      const largest = bigger.at(-1);
      for (const scenario of scenarios) {
        const small = figures.get(`${scenario.name}@${smallest}`);
        const headline = scenario.path === "/api/items" || scenario.name.startsWith("search q=카");
        for (const items of bigger) {
          const big = figures.get(`${scenario.name}@${items}`);
          if (!small || !big) continue;
          rows.push(
            row({
              measure: `${scenario.name} @${CONNECTIONS}, ${items} items: p99 latency`,
              value: big.p99,
              unit: "ms",
              referenceLabel: `the same at ${smallest} items (target ≤ ${MAX_P99_GROWTH}×)`,
              reference: small.p99,
              better: "lower",
              headline: headline && items === largest,
              note: `p50 ${small.p50.toFixed(1)} → ${big.p50.toFixed(1)} ms; ${small.perSecond.toFixed(0)} → ${big.perSecond.toFixed(0)} req/s`,
            }),
          );
          if (!context.quick && headline && items === largest) {
            checks.push({
              name: `${scenario.name}: p99 at ${items} items ≤ ${MAX_P99_GROWTH}× the ${smallest} figure`,
              passed: big.p99 <= MAX_P99_GROWTH * small.p99,
              detail: `${small.p99.toFixed(1)} → ${big.p99.toFixed(1)} ms`,
            });
          }
        }
      }
      return {
        parameters: { ...size, connections: CONNECTIONS, poolSize: POOL_SIZE },
        rows,
        checks,
        details: { figures: Object.fromEntries(figures), seedMs: seedTimes },
      };
    } finally {
      await api.stop();
      await pool.end();
      await rm(uploadDir, { recursive: true, force: true });
    }
  },
};
