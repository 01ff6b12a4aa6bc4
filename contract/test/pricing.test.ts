import { describe, expect, it } from "vitest";
import { limits, maxNextBid, minNextBid } from "../src/index.js";

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

describe("maxNextBid", () => {
  it("caps one bid at 10× the price, so 2^53 - 1 on a 1,000-won item is refused", () => {
    expect(maxNextBid(item(1_000, 0, 1_000))).toBe(10_000);
    expect(maxNextBid(item(25_000, 3, 10_000))).toBe(250_000);
    expect(Number.MAX_SAFE_INTEGER).toBeGreaterThan(maxNextBid(item(1_000, 0, 1_000)));
  });

  it("never goes over the absolute cap by a multiple", () => {
    expect(maxNextBid(item(500_000_000_000, 4, 1_000))).toBe(limits.bidMaxAmount);
  });

  it("is never below the least accepted bid, so no price freezes an auction", () => {
    const prices = [100, 101, 9_999, 10_000, limits.startPriceMax, limits.bidMaxAmount];
    // every price from 100 won to past the cap, about 2% apart, and its neighbours
    for (let price = 100; price < limits.bidMaxAmount * 2; price = Math.ceil(price * 1.02)) {
      prices.push(price - 1, price, price + 1);
    }
    for (const price of prices) {
      for (const bidCount of [0, 1, 7]) {
        const priced = item(Math.max(price, 100), bidCount, 100);
        expect(maxNextBid(priced)).toBeGreaterThanOrEqual(minNextBid(priced));
      }
    }
  });

  it("lets an auction at the absolute cap still be outbid by the least raise", () => {
    const atCap = item(limits.bidMaxAmount, 12, 1_000);
    expect(maxNextBid(atCap)).toBe(minNextBid(atCap));
    expect(minNextBid(atCap)).toBeGreaterThan(limits.bidMaxAmount);
  });
});
