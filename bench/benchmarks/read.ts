import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routes } from "@ssgbay/contract";
import { createPool } from "@ssgbay/database";
import { databaseNow } from "@ssgbay/database/testing";
import type { Pool } from "mysql2/promise";
import { parseRequest } from "../../app-api/src/http/validate.js";
import { createImageStore } from "../../app-api/src/images/storage.js";
import { createItemsService, type ItemsService } from "../../app-api/src/items/service.js";
import { type ApiProcess, startApiAndFloor } from "../lib/api-process.js";
import type { BenchContext, Benchmark } from "../lib/context.js";
import {
  figuresOf,
  type LoadFigures,
  type LoadSample,
  runClosedLoop,
  runHttpLoad,
} from "../lib/load.js";
import { waitForQuietDatabase } from "../lib/quiesce.js";
import { type Check, row, type SummaryRow } from "../lib/results.js";
import { alternating } from "../lib/rounds.js";
import { insertPlannedItems, planItems, SEARCH_TERM, seedImages, seedUsers } from "../lib/seed.js";
import { captureSql, recordStatements } from "../lib/sql-capture.js";
import { median } from "../lib/stats.js";

/** The API's default DB_POOL_SIZE; the raw reference gets a pool of the same size. */
const POOL_SIZE = 10;
const DETAIL_SAMPLE = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `grownItems`: item detail is measured again once the table holds that many items. */
const sizes = {
  full: {
    users: 1_000,
    items: 10_000,
    grownItems: 100_000,
    rounds: 3,
    durationMs: 5_000,
    warmupMs: 2_000,
  },
  quick: {
    users: 100,
    items: 1_000,
    grownItems: 5_000,
    rounds: 2,
    durationMs: 1_000,
    warmupMs: 300,
  },
};
const concurrencies = [16, 64] as const;

interface Scenario {
  name: string;
  paths: string[];
  /** Its figures at HEADLINE_CONCURRENCY go into the short table too. */
  headline: boolean;
}

const HEADLINE_CONCURRENCY = 64;

/** A round of an HTTP side also says how much CPU its server process used per request. */
type HttpFigures = LoadFigures & { cpuMsPerRequest: number };

interface ScenarioRound {
  api: HttpFigures;
  floor: HttpFigures;
  raw: LoadFigures;
}

const FLOOR = "same services on bare node:http";
const RAW = "same SQL via mysql2 pool";

export const readBenchmark: Benchmark = {
  name: "read",
  title: "Read path",
  async run(context) {
    const size = context.quick ? sizes.quick : sizes.full;
    const config = await context.db.createDatabase("read", POOL_SIZE);
    const uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-bench-read-"));
    const pool = createPool(config);
    const { api, floor } = await startApiAndFloor({
      repoRoot: context.repoRoot,
      database: config,
      uploadDir,
    });
    try {
      context.log(`seeding ${size.users} users and ${size.items} items`);
      const { hash } = await context.seedPassword();
      const users = await seedUsers(pool, {
        count: size.users,
        prefix: "reader",
        passwordHash: hash,
      });
      const imageKeys = await seedImages(uploadDir, 8);
      // Open items ending within 30 days, 0–5 bids each.
      const seedItems = async (count: number, seed: number) => {
        const plans = planItems({
          count,
          users,
          imageKeys,
          now: await databaseNow(pool),
          endsIn: { min: HOUR, max: 30 * DAY },
          bidsPerItem: { min: 0, max: 5 },
          seed,
        });
        return await insertPlannedItems(pool, plans, imageKeys, seed);
      };
      const ids = await seedItems(size.items, 9);
      await pool.query("ANALYZE TABLE items, bids, users");

      const detailPaths = sampleDetailPaths(ids);
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
      const rows: SummaryRow[] = [];
      const checks: Check[] = [];
      const captured = new Map<Scenario, string[][]>();
      const capture = async (scenario: Scenario) => {
        const { statements, check } = await captureScenario(context, api.baseUrl, {
          pool,
          uploadDir,
          scenario,
        });
        context.log(`${scenario.name}: ${statements[0]?.length ?? 0} statements per request`);
        captured.set(scenario, statements);
        checks.push(check);
      };
      for (const scenario of scenarios) await capture(scenario);
      const quiet = () => waitForQuietDatabase(context.db.admin, config.database);

      const details: Record<string, unknown> = {};
      const measureScenario = async (scenario: Scenario, concurrency: number) => {
        const statements = captured.get(scenario) ?? [];
        const label = `${scenario.name} @${concurrency}`;
        const rounds = await measure(
          { api, floor },
          pool,
          scenario,
          statements,
          concurrency,
          size,
          quiet,
        );
        for (const side of ["api", "floor", "raw"] as const) {
          const failures = rounds.reduce((sum, round) => sum + round[side].failures, 0);
          checks.push({
            name: `${label}: no non-2xx or errors from ${sideNames[side]}`,
            passed: failures === 0,
            detail: `${failures} failures`,
          });
        }
        const of = (side: keyof ScenarioRound, figure: keyof LoadFigures) =>
          median(rounds.map((round) => round[side][figure]));
        const cpuOf = (side: "api" | "floor") =>
          median(rounds.map((round) => round[side].cpuMsPerRequest));
        const headline = scenario.headline && concurrency === HEADLINE_CONCURRENCY;
        rows.push(
          row({
            measure: `${label}: requests/s`,
            value: of("api", "perSecond"),
            unit: "req/s",
            referenceLabel: FLOOR,
            reference: of("floor", "perSecond"),
            better: "higher",
            headline,
          }),
          row({
            measure: `${label}: p50 latency`,
            value: of("api", "p50Ms"),
            unit: "ms",
            referenceLabel: FLOOR,
            reference: of("floor", "p50Ms"),
            better: "lower",
          }),
          row({
            measure: `${label}: p99 latency`,
            value: of("api", "p99Ms"),
            unit: "ms",
            referenceLabel: FLOOR,
            reference: of("floor", "p99Ms"),
            better: "lower",
            headline,
          }),
          // Less noisy than requests/s on a shared machine: what one request costs the server.
          row({
            measure: `${label}: server CPU per request`,
            value: cpuOf("api"),
            unit: "ms",
            referenceLabel: FLOOR,
            reference: cpuOf("floor"),
            better: "lower",
            note: "user + system CPU of the server process ÷ requests answered",
          }),
          // The earlier reference, kept as history: the same SQL with no HTTP at all.
          row({
            measure: `${label}: requests/s (vs raw SQL)`,
            value: of("api", "perSecond"),
            unit: "req/s",
            referenceLabel: RAW,
            reference: of("raw", "perSecond"),
            better: "higher",
            headline,
            note: `floor/raw ${(of("floor", "perSecond") / of("raw", "perSecond")).toFixed(2)}×`,
          }),
          row({
            measure: `${label}: p99 latency (vs raw SQL)`,
            value: of("api", "p99Ms"),
            unit: "ms",
            referenceLabel: RAW,
            reference: of("raw", "p99Ms"),
            better: "lower",
          }),
        );
        details[label] = { statements: statements.slice(0, 2), rounds };
        return of("api", "perSecond");
      };
      let detailPerSecond = Number.NaN;
      for (const scenario of scenarios) {
        for (const concurrency of concurrencies) {
          const perSecond = await measureScenario(scenario, concurrency);
          if (scenario.paths === detailPaths && concurrency === HEADLINE_CONCURRENCY) {
            detailPerSecond = perSecond;
          }
        }
      }

      // Item detail again on a table ten times larger: its cost per request should not grow.
      const more = size.grownItems - size.items;
      context.log(`seeding ${more} more items (item detail at ${size.grownItems})`);
      const grownIds = [...ids, ...(await seedItems(more, 10))];
      await pool.query("ANALYZE TABLE items, bids, users");
      const grown: Scenario = {
        name: `item detail (${size.grownItems.toLocaleString("en")} items)`,
        paths: sampleDetailPaths(grownIds),
        headline: false,
      };
      await capture(grown);
      const grownPerSecond = await measureScenario(grown, HEADLINE_CONCURRENCY);
      rows.push(
        row({
          measure: `item detail @${HEADLINE_CONCURRENCY}: API time per request at ${size.grownItems.toLocaleString("en")} items`,
          value: 1000 / grownPerSecond,
          unit: "ms",
          referenceLabel: `the same at ${size.items.toLocaleString("en")} items`,
          reference: 1000 / detailPerSecond,
          better: "lower",
          note: "1 / requests/s: how per-request cost grows with the table",
        }),
      );

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
      await Promise.all([api.stop(), floor.stop()]);
      await pool.end();
      await rm(uploadDir, { recursive: true, force: true });
    }
  },
};

const sideNames: Record<keyof ScenarioRound, string> = {
  api: "the API",
  floor: "the HTTP floor",
  raw: "the raw reference",
};

/**
 * The SELECTs each of the scenario's requests issues, for the raw reference to replay: recorded
 * by running the API's own items service for the request on a recording pool, in steady state
 * (caches warm, as under load). The server's general log, switched on while the API itself
 * answers the same request after one warming request, must count as many statements (a check:
 * the recording is what the API really sends).
 */
async function captureScenario(
  context: BenchContext,
  baseUrl: string,
  options: { pool: Pool; uploadDir: string; scenario: Scenario },
): Promise<{ statements: string[][]; check: Check }> {
  const images = await createImageStore(options.uploadDir);
  const captured: string[][] = [];
  const mismatches: string[] = [];
  for (const path of options.scenario.paths) {
    // Both sides in steady state: the API's caches warmed by one request, the recording's by
    // one unrecorded call (see recordStatements).
    const service = (db: Pool) => createItemsService(db, images, 0);
    const recorded = await recordStatements(
      options.pool,
      (db) => serviceCallFor(service(db), path),
      {
        warmUp: true,
      },
    );
    await (await fetch(`${baseUrl}${path}`)).arrayBuffer();
    const logged = await captureSql(context.db.admin, async () => {
      const response = await fetch(`${baseUrl}${path}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    });
    if (recorded.length === 0) throw new Error(`GET ${path} issued no SELECT`);
    if (logged.length !== recorded.length) {
      mismatches.push(`${path}: API ${logged.length}, recorded ${recorded.length}`);
    }
    captured.push(recorded);
  }
  return {
    statements: captured,
    check: {
      name: `${options.scenario.name}: the recorded SQL is as many statements as the API sends`,
      passed: mismatches.length === 0,
      detail: mismatches.slice(0, 3).join("; ") || `${captured[0]?.length ?? 0} per request`,
    },
  };
}

/** Up to DETAIL_SAMPLE item paths spread evenly over the ids. */
function sampleDetailPaths(ids: readonly number[]): string[] {
  const step = Math.max(1, Math.floor(ids.length / DETAIL_SAMPLE));
  return ids.filter((_, n) => n % step === 0).map((id) => `/api/items/${id}`);
}

const detailPath = /^\/api\/items\/(\d+)$/;

/** What the API's items router calls for a GET path of this benchmark, parsed the same way. */
export async function serviceCallFor(service: ItemsService, path: string): Promise<unknown> {
  const url = new URL(path, "http://bench");
  const detail = detailPath.exec(url.pathname);
  if (detail) {
    return await service.detail(
      parseRequest(routes.getItem.params, { id: detail[1] }, "params").id,
    );
  }
  if (url.pathname === routes.listItems.path) {
    const query = Object.fromEntries(url.searchParams);
    return await service.list(parseRequest(routes.listItems.query, query, "query"));
  }
  throw new Error(`no service call known for GET ${path}`);
}

async function measure(
  servers: { api: ApiProcess; floor: ApiProcess },
  pool: ReturnType<typeof createPool>,
  scenario: Scenario,
  statements: string[][],
  concurrency: number,
  size: { rounds: number; durationMs: number; warmupMs: number },
  quiet: () => Promise<void>,
): Promise<ScenarioRound[]> {
  const viaHttp = (server: ApiProcess) => async (durationMs: number) => {
    await quiet();
    const cpuBefore = await server.cpuSeconds();
    const sample = await runHttpLoad({
      baseUrl: server.baseUrl,
      paths: scenario.paths,
      connections: concurrency,
      durationMs,
    });
    return { sample, cpuSeconds: (await server.cpuSeconds()) - cpuBefore };
  };
  const httpFigures = ({ sample, cpuSeconds }: { sample: LoadSample; cpuSeconds: number }) => ({
    ...figuresOf(sample),
    cpuMsPerRequest: (cpuSeconds * 1000) / Math.max(1, sample.operations),
  });
  const viaApi = viaHttp(servers.api);
  const viaFloor = viaHttp(servers.floor);
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
  await viaFloor(size.warmupMs);
  await viaPool(size.warmupMs);
  return await alternating(size.rounds, {
    api: async () => httpFigures(await viaApi(size.durationMs)),
    floor: async () => httpFigures(await viaFloor(size.durationMs)),
    raw: async () => figuresOf(await viaPool(size.durationMs)),
  });
}
