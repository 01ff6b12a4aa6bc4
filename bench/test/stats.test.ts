import { describe, expect, it } from "vitest";
import { alternating } from "../lib/rounds.js";
import { median, percentile, ratio } from "../lib/stats.js";

describe("median", () => {
  it("takes the middle of an odd count and the mean of the middle two of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("refuses an empty list", () => {
    expect(() => median([])).toThrow("median of no values");
  });
});

describe("percentile", () => {
  const hundred = Array.from({ length: 100 }, (_, n) => 100 - n); // 100..1, unsorted

  it("uses the nearest rank", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7, 3], 1)).toBe(3);
  });
});

describe("ratio", () => {
  it("divides, and is null when a side is missing or the reference is zero", () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(null, 4)).toBeNull();
    expect(ratio(3, null)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });
});

describe("alternating", () => {
  it("runs every measurement each round and swaps the order every round", async () => {
    const calls: string[] = [];
    const rounds = await alternating(3, {
      app: async () => {
        calls.push("app");
        return calls.length;
      },
      reference: async () => {
        calls.push("reference");
        return `r${calls.length}`;
      },
    });
    expect(calls).toEqual(["app", "reference", "reference", "app", "app", "reference"]);
    expect(rounds).toEqual([
      { app: 1, reference: "r2" },
      { reference: "r3", app: 4 },
      { app: 5, reference: "r6" },
    ]);
  });
});
