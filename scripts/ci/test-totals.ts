// Usage: node --import tsx scripts/ci/test-totals.ts REPORT.json... — prints the closing line of
// .ci/run; exits 1 when a test failed or none ran.
import { addUp, closingLine, readReport } from "./vitest-totals.js";

async function main(paths: readonly string[]): Promise<number> {
  if (paths.length === 0) {
    console.error("test-totals: give the vitest JSON reports to add up");
    return 2;
  }
  const totals = addUp(await Promise.all(paths.map(readReport)));
  console.log(closingLine(totals));
  // A run that executed nothing is not a pass.
  return totals.failed > 0 || totals.passed === 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`test-totals: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
