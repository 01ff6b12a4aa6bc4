import { describe, expect, it } from "vitest";
import { figuresOf, runClosedLoop } from "../lib/load.js";

describe("runClosedLoop", () => {
  it("stops at the operation budget and keeps every worker busy", async () => {
    const seenWorkers = new Set<number>();
    const sample = await runClosedLoop({
      concurrency: 4,
      durationMs: 60_000,
      maxOperations: 40,
      operation: async (worker) => {
        seenWorkers.add(worker);
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    expect(sample.operations).toBe(40);
    expect(sample.latenciesMs).toHaveLength(40);
    expect(sample.failures).toBe(0);
    expect([...seenWorkers].sort()).toEqual([0, 1, 2, 3]);
  });

  it("counts a throwing operation as a failure without a latency", async () => {
    let calls = 0;
    const sample = await runClosedLoop({
      concurrency: 1,
      durationMs: 60_000,
      maxOperations: 10,
      operation: async () => {
        calls++;
        if (calls % 2 === 0) throw new Error("refused");
      },
    });
    expect(sample.operations).toBe(5);
    expect(sample.failures).toBe(5);
  });
});

describe("figuresOf", () => {
  it("derives the rate from operations over elapsed time", () => {
    const figures = figuresOf({
      operations: 4,
      failures: 1,
      elapsedMs: 2_000,
      latenciesMs: [4, 1, 3, 2],
    });
    expect(figures).toEqual({ perSecond: 2, p50Ms: 2, p99Ms: 4, operations: 4, failures: 1 });
  });

  it("refuses a run that completed nothing rather than report zeros", () => {
    expect(() => figuresOf({ operations: 0, failures: 3, elapsedMs: 10, latenciesMs: [] })).toThrow(
      "completed no operation",
    );
  });
});
