import { spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createPool } from "@ssgbay/database";
import { databaseNow } from "@ssgbay/database/testing";
import type { Browser, Page } from "playwright-core";
import { z } from "zod";
import { itemDetailResponse, login } from "../lib/api-client.js";
import { requireApi, startApiProcess } from "../lib/api-process.js";
import { launchBenchChromium } from "../lib/browser.js";
import type { Benchmark } from "../lib/context.js";
import { type Check, NotMeasured, row } from "../lib/results.js";
import { alternating } from "../lib/rounds.js";
import { insertPlannedItems, planItems, seedImages, seedUsers } from "../lib/seed.js";
import { openEventStream } from "../lib/sse.js";
import { median } from "../lib/stats.js";

/** The initial-JS budget of the web issue (gzip). */
const JS_BUDGET_BYTES = 100 * 1024;
const DAY = 86_400_000;
const CARD = 'article [data-testid="card-price"]';
const PRICE = '[data-testid="current-price"]';

const sizes = {
  full: { rounds: 5, items: 60 },
  quick: { rounds: 2, items: 30 },
};

export const webBenchmark: Benchmark = {
  name: "web",
  title: "Web",
  async run(context) {
    requireApi(context.repoRoot);
    const size = context.quick ? sizes.quick : sizes.full;
    const dist = await buildWebApp(context.repoRoot);
    const browser = await launchBenchChromium();
    const config = await context.db.createDatabase("web", 10);
    const pool = createPool(config);
    const uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-bench-web-uploads-"));
    const api = await startApiProcess({
      repoRoot: context.repoRoot,
      database: config,
      uploadDir,
      env: { WEB_DIST: dist },
    });
    try {
      const { password, hash } = await context.seedPassword();
      const users = await seedUsers(pool, { count: 10, prefix: "viewer", passwordHash: hash });
      const imageKeys = await seedImages(uploadDir, 6);
      const plans = planItems({
        count: size.items,
        users: users.slice(1),
        imageKeys,
        now: await databaseNow(pool),
        endsIn: { min: DAY, max: 7 * DAY },
        bidsPerItem: { min: 0, max: 3 },
        seed: 5,
      });
      const itemIds = await insertPlannedItems(pool, plans, imageKeys, 5);
      // users[0] sells nothing, so it may bid on every item.
      const bidder = users[0];
      if (!bidder) throw new Error("no users seeded");
      const token = await login(api.baseUrl, bidder.username, password);

      const sizesLoaded = await measureLoadedAssets(browser, `${api.baseUrl}/`);
      const initial = await measureInitialAssets(dist);
      const firstCard = await alternating(size.rounds, {
        app: () => timeToFirstCard(browser, `${api.baseUrl}/`),
        reference: () => timeToFirstCard(browser, `${api.baseUrl}/reference.html`),
      });
      const live: LiveRound[] = [];
      for (let round = 0; round < size.rounds; round++) {
        const itemId = itemIds[round] as number;
        live.push(await liveUpdate(browser, api.baseUrl, itemId, token));
      }

      const checks: Check[] = live.map((round) => ({
        name: `live round on item ${round.itemId}: the page shows the bid amount`,
        passed: round.shownText.replace(/\D/g, "") === String(round.amount),
        detail: `shown "${round.shownText}", bid ${round.amount}`,
      }));
      const kb = (bytes: number) => bytes / 1024;
      return {
        parameters: { ...size, jsBudgetKb: kb(JS_BUDGET_BYTES), eventsPollMs: "API default" },
        rows: [
          row({
            measure: "initial JS (entry + modulepreload in index.html), gzip",
            value: kb(initial.js),
            unit: "KB",
            referenceLabel: "budget",
            reference: kb(JS_BUDGET_BYTES),
            better: "lower",
            headline: true,
          }),
          row({
            measure: "initial CSS (index.html), gzip",
            value: kb(initial.css),
            unit: "KB",
            referenceLabel: "no budget set",
            reference: null,
            better: "lower",
          }),
          row({
            measure: "JS the home page loads in Chromium (with its route chunk), gzip",
            value: kb(sizesLoaded.js),
            unit: "KB",
            referenceLabel: "budget",
            reference: kb(JS_BUDGET_BYTES),
            better: "lower",
            note: `${sizesLoaded.jsFiles} files; CSS ${kb(sizesLoaded.css).toFixed(1)} KB in ${sizesLoaded.cssFiles}`,
          }),
          row({
            measure: "home page: time to the first item card (cold cache)",
            value: median(firstCard.map((round) => round.app.ms)),
            unit: "ms",
            referenceLabel: "plain-DOM page, one fetch of /api/items",
            reference: median(firstCard.map((round) => round.reference.ms)),
            better: "lower",
            headline: true,
          }),
          row({
            measure: "item page: live price shown after another user's bid",
            value: median(live.map((round) => round.uiMs)),
            unit: "ms",
            referenceLabel: "bare SSE client on the same bid",
            reference: median(live.map((round) => round.sseMs)),
            better: "lower",
            headline: true,
            note: "from the POST leaving the bidder to the new price in the page",
          }),
        ],
        checks,
        details: { initial, sizesLoaded, firstCard, live },
      };
    } finally {
      await browser.close();
      await api.stop();
      await pool.end();
      await rm(uploadDir, { recursive: true, force: true });
      await rm(dist, { recursive: true, force: true });
    }
  },
};

/** Builds the web app with its own Vite config into a temporary directory, plus the reference page. */
async function buildWebApp(repoRoot: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "ssgbay-bench-web-dist-"));
  const vite = join(repoRoot, "node_modules/.bin/vite");
  const child = spawn(vite, ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: join(repoRoot, "app-web"),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 300_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(killer);
  if (code !== 0) {
    await rm(outDir, { recursive: true, force: true });
    throw new NotMeasured(
      `the web app does not build (vite exit ${code}): ${stderr.trim().split("\n").at(-1)}`,
    );
  }
  const reference = join(repoRoot, "bench/reference/web");
  await copyFile(join(reference, "reference.html"), join(outDir, "reference.html"));
  await copyFile(join(reference, "bench-reference.js"), join(outDir, "bench-reference.js"));
  return outDir;
}

/** gzip sizes of the scripts and styles index.html itself names (what every first visit pays). */
async function measureInitialAssets(
  dist: string,
): Promise<{ js: number; css: number; files: string[] }> {
  const html = await readFile(join(dist, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (match) => match[1] as string,
  );
  let js = 0;
  let css = 0;
  for (const file of new Set(files)) {
    const bytes = gzipSync(await readFile(join(dist, file))).length;
    if (file.endsWith(".js")) js += bytes;
    else css += bytes;
  }
  if (js === 0) throw new Error("index.html names no script under /assets");
  return { js, css, files };
}

/** gzip sizes of every script and style the browser fetched to show the home page. */
async function measureLoadedAssets(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<{ type: string; bytes: number }>[] = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "script" || type === "stylesheet") {
      bodies.push(response.body().then((body) => ({ type, bytes: gzipSync(body).length })));
    }
  });
  await page.goto(url);
  await page.waitForSelector(CARD, { timeout: 30_000 });
  await page.waitForLoadState("networkidle", { timeout: 30_000 });
  const loaded = await Promise.all(bodies);
  await context.close();
  const scripts = loaded.filter((entry) => entry.type === "script");
  const styles = loaded.filter((entry) => entry.type === "stylesheet");
  return {
    js: scripts.reduce((sum, entry) => sum + entry.bytes, 0),
    jsFiles: scripts.length,
    css: styles.reduce((sum, entry) => sum + entry.bytes, 0),
    cssFiles: styles.length,
  };
}

/**
 * Browser-side code is passed as source text: tsx would otherwise wrap named arrow functions in
 * a helper that does not exist inside the page.
 */
const recordFirstCardScript = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector(${JSON.stringify(CARD)})) return;
    window.__firstSeenMs = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

/** One fetched file of a first-card round: when it started and ended (ms from navigation start). */
const waterfallEntry = z.object({ name: z.string(), start: z.number(), end: z.number() });
type WaterfallEntry = z.infer<typeof waterfallEntry>;

/** The page's resource timings, in order of start, with origins cut off (the waterfall). */
const readWaterfallScript = `
  [
    ...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource"),
  ].map((entry) => ({
    name: entry.name.replace(location.origin, ""),
    start: Math.round(entry.startTime),
    end: Math.round(entry.responseEnd),
  })).sort((a, b) => a.start - b.start)
`;

interface FirstCardRound {
  ms: number;
  /** What the page fetched by the time of the first card: what ran in parallel, what waited. */
  waterfall: WaterfallEntry[];
}

/** Milliseconds from navigation start to the first item card, in a fresh (cold) context. */
async function timeToFirstCard(browser: Browser, url: string): Promise<FirstCardRound> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: recordFirstCardScript });
    const traceDir = process.env.BENCH_WEB_TRACE_DIR;
    if (traceDir) {
      const side = url.endsWith("/reference.html") ? "reference" : "app";
      await browser.startTracing(page, { path: join(traceDir, `${Date.now()}-${side}.json`) });
    }
    await page.goto(url);
    const ms = await waitForPageNumber(page, "__firstSeenMs", 30_000);
    if (traceDir) await browser.stopTracing();
    const waterfall = z.array(waterfallEntry).parse(await page.evaluate(readWaterfallScript));
    return { ms, waterfall: waterfall.filter((entry) => entry.start <= ms) };
  } finally {
    await context.close();
  }
}

interface LiveRound {
  itemId: number;
  amount: number;
  uiMs: number;
  sseMs: number;
  /** The price text the page showed after the update. */
  shownText: string;
}

/**
 * Opens the item page and a bare SSE client, then bids as another user; both clocks are this
 * machine's wall clock, so the page's and the client's arrival times compare directly.
 */
async function liveUpdate(
  browser: Browser,
  baseUrl: string,
  itemId: number,
  token: string,
): Promise<LiveRound> {
  const context = await browser.newContext();
  const stream = await openEventStream(`${baseUrl}/api/items/${itemId}/events`);
  try {
    const page = await context.newPage();
    const pageStream = page.waitForResponse(
      (response) => response.url().endsWith(`/items/${itemId}/events`),
      {
        timeout: 30_000,
      },
    );
    await page.goto(`${baseUrl}/items/${itemId}`);
    await pageStream;
    await page.waitForSelector(PRICE, { timeout: 30_000 });
    await stream.next((event) => event.event === "price", 10_000);
    const detail = itemDetailResponse.parse(
      await (await fetch(`${baseUrl}/api/items/${itemId}`)).json(),
    ).item;
    const before = await page.textContent(PRICE);
    const shown = await watchTextChange(page, before ?? "");
    const sentAt = Date.now();
    const response = await fetch(`${baseUrl}/api/items/${itemId}/bids`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ amount: detail.minNextBid }),
    });
    if (response.status !== 201) {
      throw new Error(
        `bid on item ${itemId} answered ${response.status}: ${await response.text()}`,
      );
    }
    const event = await stream.next(
      (candidate) =>
        candidate.event === "price" &&
        z.object({ currentPrice: z.number() }).safeParse(JSON.parse(candidate.data)).data
          ?.currentPrice === detail.minNextBid,
      10_000,
    );
    const shownAt = await shown();
    return {
      itemId,
      amount: detail.minNextBid,
      uiMs: shownAt - sentAt,
      sseMs: event.receivedAt - sentAt,
      shownText: (await page.textContent(PRICE)) ?? "",
    };
  } finally {
    stream.close();
    await context.close();
  }
}

/**
 * Installs, before the bid, an observer that stamps the page's wall-clock time when the price
 * text stops being `before`; the returned function waits for that stamp.
 */
async function watchTextChange(page: Page, before: string): Promise<() => Promise<number>> {
  await page.evaluate(`
    new MutationObserver((_, observer) => {
      const text = document.querySelector(${JSON.stringify(PRICE)})?.textContent;
      if (text === undefined || text === ${JSON.stringify(before)}) return;
      window.__priceShownAt = Date.now();
      observer.disconnect();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  `);
  return async () => {
    return await waitForPageNumber(page, "__priceShownAt", 10_000);
  };
}

/**
 * Waits for a number the page's observer stored on `window`. Polled by source text through the
 * DevTools protocol: waitForFunction would need eval, which the app's CSP (rightly) forbids.
 */
async function waitForPageNumber(page: Page, name: string, timeoutMs: number): Promise<number> {
  const value: unknown = await page.evaluate(`
    new Promise((resolve) => {
      const deadline = Date.now() + ${timeoutMs};
      const poll = () => {
        const value = window[${JSON.stringify(name)}];
        if (value !== undefined || Date.now() > deadline) resolve(value ?? null);
        else setTimeout(poll, 5);
      };
      poll();
    })
  `);
  const parsed = z.number().safeParse(value);
  if (!parsed.success) throw new Error(`the page set no ${name} within ${timeoutMs} ms`);
  return parsed.data;
}
