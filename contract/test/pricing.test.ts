import { describe, expect, it } from "vitest";
import { minNextBid } from "../src/index.js";

const item = (currentPrice: number, bidCount: number, startPrice: number) => ({
  currentPrice,
  bidCount,
  startPrice,
});

describe("minNextBid", () => {
  it("uses the contract's increment: max(100, 1% rounded up to 100 won)", () => {
    expect(minNextBid(item(10_000, 0, 10_000))).toBe(10_000);
    expect(minNextBid(item(10_000, 1, 10_000))).toBe(10_100);
    expect(minNextBid(item(25_000, 3, 10_000))).toBe(25_300);
    expect(minNextBid(item(1_234_567, 9, 1000))).toBe(1_234_567 + 12_400);
  });

  it("asks for the start price until the first bid, whatever the current price says", () => {
    expect(minNextBid(item(5_000, 0, 7_000))).toBe(7_000);
    expect(minNextBid(item(100, 1, 100))).toBe(200);
  });
});
