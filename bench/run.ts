// `npm run bench [-- [--quick] [name ...]]`: starts a private database server, runs the chosen
// benchmarks (all by default), writes bench/results/<name>.json and the summary table.

import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, runCli } from "@ssgbay/database";
import { z } from "zod";
import { benchmarks } from "./benchmarks/index.js";
import { type BenchContext, type Benchmark, seedPasswordOnce } from "./lib/context.js";
import { type BenchDatabaseServer, startBenchDatabaseServer } from "./lib/database.js";
import {
  type BenchResult,
  NotMeasured,
  readResults,
  renderSummary,
  writeResult,
} from "./lib/results.js";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
/** Full runs write the committed summary; quick runs keep to their own, gitignored folder. */
const resultsDirs = {
  full: join(repoRoot, "bench/results"),
  quick: join(repoRoot, "bench/results/quick"),
} as const;
const names = benchmarks.map((benchmark) => benchmark.name);

const usage = `usage: npm run bench -- [--quick] [${names.join("|")} ...]`;

const argsSchema = z.object({
  quick: z.boolean(),
  help: z.boolean(),
  selected: z.array(
    z.enum(names as [string, ...string[]], {
      error: (issue) => `unknown benchmark ${JSON.stringify(issue.input)}`,
    }),
  ),
});

function parseBenchArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const parsed = argsSchema.parse({
    quick: values.quick,
    help: values.help,
    selected: positionals,
  });
  return { ...parsed, selected: parsed.selected.length > 0 ? parsed.selected : names };
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function environment(db: BenchDatabaseServer): Record<string, string> {
  const cpu = cpus();
  return {
    node: process.version,
    database: db.version,
    cpus: `${cpu.length} × ${cpu[0]?.model ?? "unknown"}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    // Other work on the machine skews absolute figures; the same-run ratios are what to compare.
    loadAverageAtStart: loadavg()[0]?.toFixed(1) ?? "unknown",
  };
}

/** Runs one benchmark and turns whatever happens into a result: measured, not measured, failed. */
async function runOne(
  benchmark: Benchmark,
  context: Omit<BenchContext, "log">,
  mode: "quick" | "full",
): Promise<BenchResult> {
  log(`${benchmark.name}: ${benchmark.title}`);
  const started = performance.now();
  const base = {
    name: benchmark.name,
    title: benchmark.title,
    mode,
    environment: environment(context.db),
  } as const;
  const finished = () => ({
    finishedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
  });
  try {
    const outcome = await benchmark.run({
      ...context,
      log: (message) => log(`${benchmark.name}: ${message}`),
    });
    return { ...base, ...outcome, status: "measured", ...finished() };
  } catch (error) {
    const notMeasured = error instanceof NotMeasured;
    const reason = error instanceof Error ? error.message : String(error);
    log(`${benchmark.name}: ${notMeasured ? "not measured" : "FAILED"}: ${reason}`);
    if (!notMeasured && error instanceof Error && error.stack) log(error.stack);
    return {
      ...base,
      status: notMeasured ? "not measured" : "failed",
      reason,
      parameters: {},
      rows: [],
      checks: [],
      details: null,
      ...finished(),
    };
  }
}

await runCli(async () => {
  let args: ReturnType<typeof parseBenchArgs>;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    const problems =
      error instanceof z.ZodError
        ? error.issues.map((issue) => issue.message)
        : [error instanceof Error ? error.message : String(error)];
    throw new ConfigError([...problems, usage]);
  }
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const mode = args.quick ? "quick" : "full";
  const resultsDir = resultsDirs[mode];
  log(`starting a private database server (${mode} mode)`);
  const db = await startBenchDatabaseServer();
  let failed = false;
  try {
    const context = { repoRoot, quick: args.quick, db, seedPassword: seedPasswordOnce() };
    for (const benchmark of benchmarks.filter((b) => args.selected.includes(b.name))) {
      const result = await runOne(benchmark, context, mode);
      // Not measured (a piece has not landed) is reported, not a failure of the run.
      if (result.status === "failed" || result.checks.some((check) => !check.passed)) {
        failed = true;
      }
      log(`${benchmark.name}: wrote ${await writeResult(resultsDir, result)}`);
    }
  } finally {
    await db.stop();
  }
  const summary = renderSummary(await readResults(resultsDir, names));
  await writeFile(join(resultsDir, "summary.md"), summary);
  process.stdout.write(summary);
  if (failed) throw new Error("a benchmark failed or an invariant was violated (see above)");
});
