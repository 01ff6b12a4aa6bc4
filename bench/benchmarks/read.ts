import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPool } from "@ssgbay/database";
import { databaseNow } from "@ssgbay/database/testing";
import { startApiProcess } from "../lib/api-process.js";
import type { BenchContext, Benchmark } from "../lib/context.js";
import { figuresOf, type LoadFigures, runClosedLoop, runHttpLoad } from "../lib/load.js";
import { waitForQuietDatabase } from "../lib/quiesce.js";
import { type Check, row, type SummaryRow } from "../lib/results.js";
import { alternating } from "../lib/rounds.js";
import { insertPlannedItems, planItems, SEARCH_TERM, seedImages, seedUsers } from "../lib/seed.js";
import { captureSql } from "../lib/sql-capture.js";
import { median } from "../lib/stats.js";

/** The API's default DB_POOL_SIZE; the raw reference gets a pool of the same size. */
const POOL_SIZE = 10;
const DETAIL_SAMPLE = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sizes = {
  full: { users: 1_000, items: 10_000, rounds: 3, durationMs: 5_000, warmupMs: 2_000 },
  quick: { users: 100, items: 1_000, rounds: 2, durationMs: 1_000, warmupMs: 300 },
};
const concurrencies = [16, 64] as const;

interface Scenario {
  name: string;
  paths: string[];
  /** Its figures at HEADLINE_CONCURRENCY go into the short table too. */
  headline: boolean;
}

const HEADLINE_CONCURRENCY = 64;

interface ScenarioRound {
  api: LoadFigures;
  raw: LoadFigures;
}

export const readBenchmark: Benchmark = {
  name: "read",
  title: "Read path",
  async run(context) {
    const size = context.quick ? sizes.quick : sizes.full;
    const config = await context.db.createDatabase("read", POOL_SIZE);
    const uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-bench-read-"));
    const pool = createPool(config);
    const api = await startApiProcess({ repoRoot: context.repoRoot, database: config, uploadDir });
    try {
      context.log(`seeding ${size.users} users and ${size.items} items`);
      const { hash } = await context.seedPassword();
      const users = await seedUsers(pool, {
        count: size.users,
        prefix: "reader",
        passwordHash: hash,
      });
      const imageKeys = await seedImages(uploadDir, 8);
      const plans = planItems({
        count: size.items,
        users,
        imageKeys,
        now: await databaseNow(pool),
        endsIn: { min: HOUR, max: 30 * DAY },
        bidsPerItem: { min: 0, max: 5 },
        seed: 9,
      });
      const ids = await insertPlannedItems(pool, plans, imageKeys, 9);
      await pool.query("ANALYZE TABLE items, bids, users");

      const step = Math.max(1, Math.floor(ids.length / DETAIL_SAMPLE));
      const detailPaths = ids.filter((_, n) => n % step === 0).map((id) => `/api/items/${id}`);
      const scenarios: Scenario[] = [
        { name: "list (default: open, latest)", paths: ["/api/items"], headline: true },
        {
          name: `search q=${SEARCH_TERM}`,
          paths: [`/api/items?q=${encodeURIComponent(SEARCH_TERM)}`],
          headline: true,
        },
        { name: "list sort=ending", paths: ["/api/items?sort=ending"], headline: false },
        { name: "list sort=price_desc", paths: ["/api/items?sort=price_desc"], headline: false },
        { name: "list sort=price_asc", paths: ["/api/items?sort=price_asc"], headline: false },
        { name: "item detail", paths: detailPaths, headline: true },
      ];

      // Every capture happens before any load, so the log holds only the captured request.
      const captured = new Map<Scenario, string[][]>();
      for (const scenario of scenarios) {
        const statements = await captureScenario(context, api.baseUrl, scenario);
        context.log(`${scenario.name}: ${statements[0]?.length ?? 0} statements per request`);
        captured.set(scenario, statements);
      }
      const quiet = () => waitForQuietDatabase(context.db.admin, config.database);

      const rows: SummaryRow[] = [];
      const checks: Check[] = [];
      const details: Record<string, unknown> = {};
      for (const scenario of scenarios) {
        const statements = captured.get(scenario) ?? [];
        for (const concurrency of concurrencies) {
          const label = `${scenario.name} @${concurrency}`;
          const rounds = await measure(
            api.baseUrl,
            pool,
            scenario,
            statements,
            concurrency,
            size,
            quiet,
          );
          const apiFailures = rounds.reduce((sum, round) => sum + round.api.failures, 0);
          const rawFailures = rounds.reduce((sum, round) => sum + round.raw.failures, 0);
          checks.push({
            name: `${label}: no non-2xx or errors from the API`,
            passed: apiFailures === 0,
            detail: `${apiFailures} failures`,
          });
          checks.push({
            name: `${label}: no errors from the raw reference`,
            passed: rawFailures === 0,
            detail: `${rawFailures} failures`,
          });
          const apiRps = median(rounds.map((round) => round.api.perSecond));
          const rawRps = median(rounds.map((round) => round.raw.perSecond));
          const apiP50 = median(rounds.map((round) => round.api.p50Ms));
          const rawP50 = median(rounds.map((round) => round.raw.p50Ms));
          const apiP99 = median(rounds.map((round) => round.api.p99Ms));
          const headline = scenario.headline && concurrency === HEADLINE_CONCURRENCY;
          const rawP99 = median(rounds.map((round) => round.raw.p99Ms));
          rows.push(
            row({
              measure: `${label}: requests/s`,
              value: apiRps,
              unit: "req/s",
              referenceLabel: "same SQL via mysql2 pool",
              reference: rawRps,
              better: "higher",
              headline,
            }),
            row({
              measure: `${label}: p50 latency`,
              value: apiP50,
              unit: "ms",
              referenceLabel: "same SQL via mysql2 pool",
              reference: rawP50,
              better: "lower",
            }),
            row({
              measure: `${label}: p99 latency`,
              value: apiP99,
              unit: "ms",
              referenceLabel: "same SQL via mysql2 pool",
              reference: rawP99,
              better: "lower",
              headline,
            }),
          );
          details[label] = { statements: statements.slice(0, 2), rounds };
        }
      }
      return {
        parameters: {
          ...size,
          concurrencies,
          poolSize: POOL_SIZE,
          detailSample: detailPaths.length,
          searchTerm: SEARCH_TERM,
        },
        rows,
        checks,
        details,
      };
    } finally {
      await api.stop();
      await pool.end();
      await rm(uploadDir, { recursive: true, force: true });
    }
  },
};

/** The SELECTs each of the scenario's requests issues, captured from the database's own log. */
async function captureScenario(
  context: BenchContext,
  baseUrl: string,
  scenario: Scenario,
): Promise<string[][]> {
  const captured: string[][] = [];
  for (const path of scenario.paths) {
    const statements = await captureSql(context.db.admin, async () => {
      const response = await fetch(`${baseUrl}${path}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    });
    if (statements.length === 0) throw new Error(`GET ${path} issued no SELECT the log recorded`);
    captured.push(statements);
  }
  return captured;
}

async function measure(
  baseUrl: string,
  pool: ReturnType<typeof createPool>,
  scenario: Scenario,
  statements: string[][],
  concurrency: number,
  size: { rounds: number; durationMs: number; warmupMs: number },
  quiet: () => Promise<void>,
): Promise<ScenarioRound[]> {
  const viaApi = async (durationMs: number) => {
    await quiet();
    return await runHttpLoad({
      baseUrl,
      paths: scenario.paths,
      connections: concurrency,
      durationMs,
    });
  };
  let next = 0;
  const viaPool = async (durationMs: number) => {
    await quiet();
    return await runClosedLoop({
      concurrency,
      durationMs,
      operation: async () => {
        const request = statements[next++ % statements.length] ?? [];
        for (const sql of request) await pool.query(sql);
      },
    });
  };
  await viaApi(size.warmupMs);
  await viaPool(size.warmupMs);
  return await alternating(size.rounds, {
    api: async () => figuresOf(await viaApi(size.durationMs)),
    raw: async () => figuresOf(await viaPool(size.durationMs)),
  });
}
