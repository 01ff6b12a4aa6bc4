import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addUp, closingLine, readReport } from "../ci/vitest-totals.js";

let folder: string | undefined;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

function report(passed: number, failed: number, pending: number, todo: number) {
  return {
    numTotalTests: passed + failed + pending + todo,
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: pending,
    numTodoTests: todo,
    testResults: [],
  };
}

describe("the CI run's closing line", () => {
  it("adds up every vitest run's report into the plain 'N passed, N failed' form", async () => {
    folder = await mkdtemp(join(tmpdir(), "vitest-totals-"));
    const unit = join(folder, "unit.json");
    const engine = join(folder, "engine.json");
    await writeFile(unit, JSON.stringify(report(836, 0, 2, 1)));
    await writeFile(engine, JSON.stringify(report(18, 1, 0, 0)));
    const line = closingLine(addUp([await readReport(unit), await readReport(engine)]));
    expect(line).toBe("tests: 854 passed, 1 failed, 3 skipped");
    expect(line).toMatch(/^(\w+: )?\d+ passed, \d+ failed(, \d+ skipped)?$/);
  });

  it("refuses a file that is not a vitest JSON report, naming it", async () => {
    folder = await mkdtemp(join(tmpdir(), "vitest-totals-"));
    const junk = join(folder, "junk.json");
    await writeFile(junk, JSON.stringify({ passed: 3 }));
    await expect(readReport(junk)).rejects.toThrow(`${junk}: not a vitest JSON report`);
  });
});
