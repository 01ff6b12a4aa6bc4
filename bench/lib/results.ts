import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** One line of the summary table: our figure beside its reference, measured in the same run. */
export const summaryRowSchema = z.object({
  measure: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  /** What the reference is (the raw floor, the old approach, or a budget). */
  referenceLabel: z.string(),
  reference: z.number().nullable(),
  /** value ÷ reference. */
  ratio: z.number().nullable(),
  /** Which way is good for the ratio. */
  better: z.enum(["higher", "lower"]),
  note: z.string().optional(),
  /** Shown in the short headline table as well as in the full one. */
  headline: z.boolean().optional(),
});
export type SummaryRow = z.infer<typeof summaryRowSchema>;

export const checkSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  detail: z.string().optional(),
});
export type Check = z.infer<typeof checkSchema>;

export const benchResultSchema = z.object({
  name: z.string(),
  title: z.string(),
  mode: z.enum(["quick", "full"]),
  finishedAt: z.string(),
  durationMs: z.number(),
  status: z.enum(["measured", "not measured", "failed"]),
  reason: z.string().optional(),
  environment: z.record(z.string(), z.string()),
  parameters: z.record(z.string(), z.unknown()),
  rows: z.array(summaryRowSchema),
  checks: z.array(checkSchema),
  details: z.unknown(),
});
export type BenchResult = z.infer<typeof benchResultSchema>;

/** What a benchmark hands back; the runner adds name, mode, timing and environment. */
export interface BenchOutcome {
  parameters: Record<string, unknown>;
  rows: SummaryRow[];
  checks: Check[];
  details: unknown;
}

/** Thrown by a benchmark when the piece it measures does not exist yet. */
export class NotMeasured extends Error {
  override name = "NotMeasured";
}

export function row(fields: Omit<SummaryRow, "ratio">): SummaryRow {
  const { value, reference } = fields;
  const ratio = value === null || reference === null || reference === 0 ? null : value / reference;
  return { ...fields, ratio };
}

export async function writeResult(dir: string, result: BenchResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Every result file in `dir`, in the order of `order` (unknown names last). */
export async function readResults(dir: string, order: readonly string[]): Promise<BenchResult[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  const results: BenchResult[] = [];
  for (const name of names) {
    const parsed = benchResultSchema.safeParse(JSON.parse(await readFile(join(dir, name), "utf8")));
    if (parsed.success) results.push(parsed.data);
  }
  const rank = (result: BenchResult) => {
    const index = order.indexOf(result.name);
    return index === -1 ? order.length : index;
  };
  return results.sort((a, b) => rank(a) - rank(b));
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return "—";
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? integer : magnitude >= 10 ? oneDecimal : twoDecimals;
  return unit ? `${digits.format(value)} ${unit}` : digits.format(value);
}

function formatRatio(row: SummaryRow): string {
  if (row.ratio === null) return "—";
  const arrow = row.better === "higher" ? "↑" : "↓";
  // Two significant digits below 0.1, so a tiny ratio never reads as 0×.
  const text = row.ratio < 0.1 ? row.ratio.toPrecision(2) : twoDecimals.format(row.ratio);
  return `${text}× (${arrow} better)`;
}

const escapeCell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

const header = [
  "| Benchmark | Measure | SSGBay | Reference | Ratio | Notes |",
  "|---|---|---|---|---|---|",
];

function rowLine(title: string, item: SummaryRow): string {
  const reference =
    item.reference === null
      ? escapeCell(item.referenceLabel)
      : `${formatValue(item.reference, item.unit)} (${escapeCell(item.referenceLabel)})`;
  const cells = [
    escapeCell(title),
    escapeCell(item.measure),
    item.value === null ? "not measured" : formatValue(item.value, item.unit),
    reference,
    formatRatio(item),
    escapeCell(item.note ?? ""),
  ];
  return `| ${cells.join(" | ")} |`;
}

function titleOf(result: BenchResult): string {
  return `${result.title} (${result.mode})`;
}

function statusLine(result: BenchResult): string {
  const reason = `${result.status}: ${escapeCell(result.reason ?? "unknown")}`;
  return `| ${escapeCell(titleOf(result))} | — | ${reason} | — | — | |`;
}

function checksLine(result: BenchResult): string | undefined {
  if (result.checks.length === 0) return undefined;
  const failed = result.checks.filter((check) => !check.passed);
  const text =
    failed.length === 0
      ? `all ${result.checks.length} checks passed`
      : `FAILED checks: ${failed.map((check) => check.name).join(", ")}`;
  return `| ${escapeCell(titleOf(result))} | invariants | ${escapeCell(text)} | | | |`;
}

/** The key figures only: one or two per benchmark, for the README. */
export function renderHeadlines(results: readonly BenchResult[]): string {
  const lines = [...header];
  for (const result of results) {
    if (result.status !== "measured") {
      lines.push(statusLine(result));
      continue;
    }
    for (const item of result.rows.filter((candidate) => candidate.headline)) {
      lines.push(rowLine(titleOf(result), item));
    }
    const checks = checksLine(result);
    if (checks) lines.push(checks);
  }
  return `${lines.join("\n")}\n`;
}

/** Every figure of every benchmark, newest result of each. */
export function renderTable(results: readonly BenchResult[]): string {
  const lines = [...header];
  for (const result of results) {
    if (result.status !== "measured") {
      lines.push(statusLine(result));
      continue;
    }
    for (const item of result.rows) lines.push(rowLine(titleOf(result), item));
    const checks = checksLine(result);
    if (checks) lines.push(checks);
  }
  return `${lines.join("\n")}\n`;
}

/** The readable summary: headlines, every figure, and how each benchmark ran. */
export function renderSummary(results: readonly BenchResult[]): string {
  const runs = results.map((result) => {
    const env = result.environment;
    return `- \`${result.name}\` (${result.mode}): finished ${result.finishedAt} in ${Math.round(result.durationMs / 1000)} s; ${env.cpus ?? "?"}, ${env.memory ?? "?"}, Node ${env.node ?? "?"}, ${env.database ?? "?"}; 1-min load average at start ${env.loadAverageAtStart ?? "?"}`;
  });
  return [
    "## Headlines",
    "",
    renderHeadlines(results),
    "Ratio = SSGBay ÷ reference, medians of the rounds, both measured in the same run.",
    "",
    "## Every figure",
    "",
    renderTable(results),
    "## Runs",
    "",
    runs.join("\n"),
    "",
  ].join("\n");
}
