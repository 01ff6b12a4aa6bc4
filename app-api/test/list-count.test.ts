import { describe, expect, it } from "vitest";
import { LIST_COUNT_TTL_MS, ListCountCache } from "../src/items/list-count.js";

/** lru-cache (which keeps the counts) reads a clock at 0 as "no time"; an entry is stale past its TTL. */
const START = 1_000;

function counter(values: number[]) {
  let calls = 0;
  return {
    count: async () => {
      const value = values[Math.min(calls, values.length - 1)] ?? 0;
      calls++;
      return value;
    },
    get calls() {
      return calls;
    },
  };
}

describe("the list total", () => {
  it("is exact from the rows, without counting, when the matches end on the page asked", async () => {
    const cache = new ListCountCache(() => START);
    const count = counter([999]);
    expect(await cache.total("f", { offset: 0, pageSize: 24, rows: 0 }, count.count)).toBe(0);
    expect(await cache.total("f", { offset: 0, pageSize: 24, rows: 24 }, count.count)).toBe(24);
    expect(await cache.total("f", { offset: 48, pageSize: 24, rows: 3 }, count.count)).toBe(51);
    expect(count.calls).toBe(0);
  });

  it("counts a filter whose matches go past the page once per TTL, and per filter", async () => {
    let now = START;
    const cache = new ListCountCache(() => now);
    const count = counter([100, 130]);
    const page = { offset: 0, pageSize: 24, rows: 25 };
    expect(await cache.total("f", page, count.count)).toBe(100);
    now = START + LIST_COUNT_TTL_MS;
    expect(await cache.total("f", page, count.count)).toBe(100);
    expect(count.calls).toBe(1);
    now = START + LIST_COUNT_TTL_MS + 1;
    // expired: the old count answers while one recount runs behind it
    expect(await cache.total("f", page, count.count)).toBe(100);
    expect(count.calls).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.total("f", page, count.count)).toBe(130);
    expect(count.calls).toBe(2);
    const other = counter([7000]);
    expect(await cache.total("g", page, other.count)).toBe(7000);
  });

  it("counts a filter once for all the requests that ask for it first at the same time", async () => {
    const cache = new ListCountCache(() => START);
    let release = (_total: number) => {};
    let calls = 0;
    const slowCount = () => {
      calls++;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const page = { offset: 0, pageSize: 24, rows: 25 };
    const waiting = Array.from({ length: 16 }, () => cache.total("f", page, slowCount));
    release(500);
    expect(await Promise.all(waiting)).toEqual(Array(16).fill(500));
    expect(calls).toBe(1);
  });

  it("keeps answering the old count when a recount fails, and tries again one TTL later", async () => {
    let now = START;
    const cache = new ListCountCache(() => now);
    const page = { offset: 0, pageSize: 24, rows: 25 };
    expect(await cache.total("f", page, async () => 100)).toBe(100);
    now = START + LIST_COUNT_TTL_MS + 1;
    let failures = 0;
    const failing = async () => {
      failures++;
      throw new Error("database gone");
    };
    expect(await cache.total("f", page, failing)).toBe(100);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.total("f", page, failing)).toBe(100);
    expect(failures).toBe(1);
    now = START + 2 * (LIST_COUNT_TTL_MS + 1);
    expect(await cache.total("f", page, async () => 140)).toBe(100);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.total("f", page, async () => 999)).toBe(140);
  });

  it("lets a failed first count fail its requests, and counts afresh on the next one", async () => {
    const cache = new ListCountCache(() => START);
    const page = { offset: 0, pageSize: 24, rows: 25 };
    await expect(
      cache.total("f", page, async () => {
        throw new Error("database gone");
      }),
    ).rejects.toThrow("database gone");
    expect(await cache.total("f", page, async () => 60)).toBe(60);
  });

  it("never says fewer than the rows this page has seen, nor counts a page past the end alone", async () => {
    const cache = new ListCountCache(() => START);
    const stale = counter([30]);
    expect(await cache.total("f", { offset: 48, pageSize: 24, rows: 25 }, stale.count)).toBe(73);
    const past = counter([40]);
    expect(await cache.total("h", { offset: 48, pageSize: 24, rows: 0 }, past.count)).toBe(40);
    expect(past.calls).toBe(1);
  });
});
