import { describe, expect, it } from "vitest";
import { type BenchResult, renderHeadlines, renderSummary, row } from "../lib/results.js";

const base = {
  mode: "full",
  finishedAt: "2026-11-22T03:30:00.000Z",
  durationMs: 1,
  environment: {},
  parameters: {},
  details: null,
} as const;

describe("renderSummary", () => {
  it("puts each figure beside its reference with the ratio and its good direction", () => {
    const result: BenchResult = {
      ...base,
      name: "read",
      title: "Read path",
      status: "measured",
      rows: [
        row({
          measure: "list @16: requests/s",
          value: 1_500,
          unit: "req/s",
          referenceLabel: "same SQL via mysql2 pool",
          reference: 3_000,
          better: "higher",
          headline: true,
        }),
        row({
          measure: "list @16: p50 latency",
          value: 4,
          unit: "ms",
          referenceLabel: "same SQL via mysql2 pool",
          reference: 2,
          better: "lower",
        }),
      ],
      checks: [{ name: "no errors", passed: true }],
    };
    const table = renderSummary([result]);
    expect(table).toContain(
      "| Read path (full) | list @16: requests/s | 1,500 req/s | 3,000 req/s (same SQL via mysql2 pool) | 0.5× (↑ better) |  |",
    );
    expect(table).toContain("| Read path (full) | invariants | all 1 checks passed |");
    expect(table).toContain(
      "| list @16: p50 latency | 4 ms | 2 ms (same SQL via mysql2 pool) | 2× (↓ better) |",
    );
    const headlines = renderHeadlines([result]);
    expect(headlines).toContain("list @16: requests/s");
    expect(headlines).not.toContain("p50");
  });

  it("says why a benchmark was not measured instead of showing a number", () => {
    const table = renderSummary([
      {
        ...base,
        name: "web",
        title: "Web",
        status: "not measured",
        reason: "app-api/src/server.ts does not exist yet",
        rows: [],
        checks: [],
      },
    ]);
    expect(table).toContain(
      "| Web (full) | — | not measured: app-api/src/server.ts does not exist yet |",
    );
  });

  it("names every failed invariant", () => {
    const table = renderSummary([
      {
        ...base,
        name: "bids",
        title: "Bid contention",
        status: "measured",
        rows: [],
        checks: [
          { name: "no 5xx", passed: false },
          { name: "counts agree", passed: true },
        ],
      },
    ]);
    expect(table).toContain("FAILED checks: no 5xx");
  });
});
