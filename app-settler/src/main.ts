#!/usr/bin/env node
import { setTimeout as sleep } from "node:timers/promises";
import { createPool, runCli } from "@ssgbay/database";
import type { Pool } from "mysql2/promise";
import { parseSettlerArgs } from "./args.js";
import { loadSettlerConfig, type SettlerConfig } from "./config.js";
import { notifyEndingWatchers } from "./ending-soon.js";
import { type SettlementCounts, settleEndedAuctions } from "./settle.js";

/** Exit code for a run that hit a database error (1 is bad configuration, from runCli). */
const EXIT_SETTLEMENT_FAILED = 2;

await runCli(async () => {
  const mode = parseSettlerArgs(process.argv.slice(2));
  const config = loadSettlerConfig(process.env);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const pool = createPool(config.database);
  try {
    const settle = () => timedRun(pool, config, stop.signal);
    if (mode.watch) await watch(settle, mode.intervalSeconds, stop.signal);
    else await settleOnce(settle);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await pool.end();
  }
});

/** `endingSoon`: watchers told that a watched auction is about to end. */
type Run = SettlementCounts & { endingSoon: number; ms: number };

async function timedRun(pool: Pool, config: SettlerConfig, signal: AbortSignal): Promise<Run> {
  const started = performance.now();
  const { batchSize, claimers } = config;
  const counts = await settleEndedAuctions(pool, { batchSize, claimers, signal });
  const endingSoon = signal.aborted ? 0 : await notifyEndingWatchers(pool);
  return { ...counts, endingSoon, ms: Math.round(performance.now() - started) };
}

async function settleOnce(settle: () => Promise<Run>): Promise<void> {
  try {
    printRun(await settle());
  } catch (error) {
    reportFailure(error);
    process.exitCode = EXIT_SETTLEMENT_FAILED;
  }
}

/** Local use: settle every interval until SIGINT/SIGTERM; a failed run is reported, not fatal. */
async function watch(
  settle: () => Promise<Run>,
  intervalSeconds: number,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const run = await settle();
      if (run.settled > 0 || run.endingSoon > 0) printRun(run);
    } catch (error) {
      reportFailure(error);
    }
    await sleep(intervalSeconds * 1000, undefined, { signal }).catch(() => {
      // aborted by a signal: the loop condition ends the watch
    });
  }
}

function printRun(run: Run): void {
  process.stdout.write(
    `${JSON.stringify({
      settled: run.settled,
      sold: run.sold,
      unsold: run.unsold,
      endingSoon: run.endingSoon,
      ms: run.ms,
    })}\n`,
  );
}

function reportFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message.split("\n")[0]}\n`);
}
