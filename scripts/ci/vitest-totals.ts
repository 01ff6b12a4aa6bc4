// The totals of a CI run's vitest runs, from their JSON reports, as one closing line in the plain
// "N passed, N failed" form that CI reads (vitest's own "Tests  836 passed (836)" is not one).
import { readFile } from "node:fs/promises";
import { z } from "zod";

const vitestJsonReport = z.object({
  numTotalTests: z.number().int().nonnegative(),
  numPassedTests: z.number().int().nonnegative(),
  numFailedTests: z.number().int().nonnegative(),
  numPendingTests: z.number().int().nonnegative(),
  numTodoTests: z.number().int().nonnegative(),
});
export type VitestJsonReport = z.infer<typeof vitestJsonReport>;

export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
}

export function addUp(reports: readonly VitestJsonReport[]): TestTotals {
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };
  for (const report of reports) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  return totals;
}

export function closingLine(totals: TestTotals): string {
  return `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}

export async function readReport(path: string): Promise<VitestJsonReport> {
  const parsed = vitestJsonReport.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path}: not a vitest JSON report (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}
