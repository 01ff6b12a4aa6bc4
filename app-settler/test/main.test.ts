import {
  freeLoopbackPort,
  insertItem,
  readItem,
  readItems,
  readPurchases,
  waitUntil,
} from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import { describe, expect, it } from "vitest";
import { createUsers, insertBidsUpdatingItems } from "./fixtures.js";
import { parseRunLines, runSettler, startSettler } from "./settler-process.js";

describe("one run of the settler process", () => {
  const db = useTestPool();

  it("settles, prints one JSON line and exits 0", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2);
    if (!seller || !bidder) throw new Error("no users");
    const sold = await insertItem(pool, { sellerId: seller });
    const unsold = await insertItem(pool, { sellerId: seller });
    const open = await insertItem(pool, { sellerId: seller, endsInMs: 3_600_000 });
    const ending = await insertItem(pool, { sellerId: seller, endsInMs: 300_000 });
    await insertBidsUpdatingItems(pool, [
      { itemId: sold, bidderId: bidder, amount: 1100, createdAt: new Date() },
    ]);
    await pool.query("INSERT INTO watchlist (user_id, item_id) VALUES (?, ?), (?, ?)", [
      bidder,
      open,
      bidder,
      ending,
    ]);

    const run = await runSettler([], { DATABASE_URL: db.database.url });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [line, ...rest] = parseRunLines(run.stdout);
    expect(rest).toEqual([]);
    // The watcher of the item ending in 5 minutes is told; the one ending in an hour waits.
    expect(line).toMatchObject({ settled: 2, sold: 1, unsold: 1, endingSoon: 1 });
    expect((await readItems(pool, [sold, unsold, open])).map((item) => item.status)).toEqual([
      "sold",
      "unsold",
      "open",
    ]);
  });

  it.each([
    [[], { SETTLER_BATCH_SIZE: "many" }, "SETTLER_BATCH_SIZE: must be an integer from 1 to 10000"],
    [["--fast"], {}, "flags: Unknown option '--fast'"],
    [["--watch", "--interval=-1"], {}, "--interval: must be a number of seconds from 0.1 to 86400"],
  ])(
    "with args %j and env %j exits 1 naming the problem and changes nothing",
    async (args, env, line) => {
      const pool = db.pool();
      const [seller] = await createUsers(pool, 1, `bad${args.length}${Object.keys(env).length}`);
      if (!seller) throw new Error("no user");
      const item = await insertItem(pool, { sellerId: seller });

      const run = await runSettler(args, { DATABASE_URL: db.database.url, ...env });

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`${line}\n`);
      expect(run.stdout).toBe("");
      expect(await readItem(pool, item)).toMatchObject({ status: "open" });
    },
  );

  it("exits non-zero with one line when the database cannot be reached", async () => {
    const closedPort = await freeLoopbackPort();
    const run = await runSettler([], {
      DATABASE_URL: `mysql://nobody:nothing@127.0.0.1:${closedPort}/ssgbay`,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^settlement failed after 0 items were settled: .*ECONNREFUSED/);
  });
});

describe("a failure injected mid-batch", () => {
  const db = useTestPool();

  it.each([
    [
      "a purchase insert",
      8,
      (itemId: number) => `CREATE TRIGGER injected_failure BEFORE INSERT ON purchases FOR EACH ROW
         IF NEW.item_id = ${itemId} THEN
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure';
         END IF`,
    ],
    [
      "the last write of the batch, after its purchases were inserted",
      9,
      (itemId: number) => `CREATE TRIGGER injected_failure BEFORE UPDATE ON items FOR EACH ROW
         IF NEW.id = ${itemId} AND NEW.status = 'unsold' THEN
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure';
         END IF`,
    ],
  ])(
    "at %s rolls back that batch, keeps the earlier one and exits non-zero",
    async (_, victimIndex, trigger) => {
      const pool = db.pool();
      await pool.query("DELETE FROM purchases");
      await pool.query("DELETE FROM items");
      const [seller, bidder] = await createUsers(pool, 2, `failure${victimIndex}`);
      if (!seller || !bidder) throw new Error("no users");
      const items: number[] = [];
      for (let index = 0; index < 12; index += 1) {
        items.push(await insertItem(pool, { sellerId: seller, endsInMs: -60_000 + index }));
      }
      // bids on the even items; batches of 5 are items 0-4, 5-9 and 10-11
      await insertBidsUpdatingItems(
        pool,
        items
          .filter((_, index) => index % 2 === 0)
          .map((itemId, rank) => ({
            itemId,
            bidderId: bidder,
            amount: 1000 + rank,
            createdAt: new Date(),
          })),
      );
      // item 8 has a bid (its purchase insert fails); item 9 has none (its unsold update comes last)
      const victim = items[victimIndex];
      if (victim === undefined) throw new Error("no victim");
      await pool.query(trigger(victim));
      let failed: Awaited<ReturnType<typeof runSettler>>;
      try {
        // one claimer, so the batches run one after another in claim order
        failed = await runSettler([], {
          DATABASE_URL: db.database.url,
          SETTLER_BATCH_SIZE: "5",
          SETTLER_CLAIMERS: "1",
        });
      } finally {
        await pool.query("DROP TRIGGER IF EXISTS injected_failure");
      }

      expect(failed.code).toBe(2);
      expect(failed.stdout).toBe("");
      expect(failed.stderr).toBe(
        "settlement failed after 5 items were settled: injected failure\n",
      );
      const statuses = (await readItems(pool, items)).map((item) => item.status);
      expect(statuses).toEqual([
        "sold",
        "unsold",
        "sold",
        "unsold",
        "sold",
        ...Array.from({ length: 7 }, () => "open"),
      ]);
      expect((await readPurchases(pool)).map((purchase) => purchase.itemId)).toEqual([
        items[0],
        items[2],
        items[4],
      ]);

      const retry = await runSettler([], {
        DATABASE_URL: db.database.url,
        SETTLER_BATCH_SIZE: "5",
        SETTLER_CLAIMERS: "1",
      });
      expect(retry.code).toBe(0);
      expect(parseRunLines(retry.stdout)).toEqual([
        expect.objectContaining({ settled: 7, sold: 3, unsold: 4 }),
      ]);
      expect((await readItems(pool, items)).every((item) => item.status !== "open")).toBe(true);
      expect(await readPurchases(pool)).toHaveLength(6);
    },
  );
});

describe("a failure in one of several claimers", () => {
  const db = useTestPool();

  it("rolls back only that claimer's batch, stops the others claiming and counts what stands", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2, "claimers");
    if (!seller || !bidder) throw new Error("no users");
    const items: number[] = [];
    for (let index = 0; index < 30; index += 1) {
      items.push(await insertItem(pool, { sellerId: seller, endsInMs: -60_000 + index }));
    }
    await insertBidsUpdatingItems(
      pool,
      items.map((itemId, rank) => ({
        itemId,
        bidderId: bidder,
        amount: 1000 + rank,
        createdAt: new Date(),
      })),
    );
    const victim = items[12];
    if (victim === undefined) throw new Error("no victim");
    await pool.query(`CREATE TRIGGER injected_failure BEFORE INSERT ON purchases FOR EACH ROW
         IF NEW.item_id = ${victim} THEN
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure';
         END IF`);
    let failed: Awaited<ReturnType<typeof runSettler>>;
    try {
      failed = await runSettler([], {
        DATABASE_URL: db.database.url,
        SETTLER_BATCH_SIZE: "5",
        SETTLER_CLAIMERS: "3",
      });
    } finally {
      await pool.query("DROP TRIGGER IF EXISTS injected_failure");
    }

    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe("");
    const settledThen = (await readItems(pool, items)).filter((item) => item.status !== "open");
    expect(failed.stderr).toBe(
      `settlement failed after ${settledThen.length} items were settled: injected failure\n`,
    );
    // the victim's whole batch rolled back: every item of it is open, with no purchase
    expect(settledThen.map((item) => item.id)).not.toContain(victim);
    expect(items.length - settledThen.length).toBeGreaterThanOrEqual(5);
    const purchases = await readPurchases(pool);
    expect(purchases.map((purchase) => purchase.itemId).sort((a, b) => a - b)).toEqual(
      settledThen.map((item) => item.id),
    );

    const retry = await runSettler([], { DATABASE_URL: db.database.url, SETTLER_CLAIMERS: "3" });
    expect(retry.code).toBe(0);
    expect(parseRunLines(retry.stdout)).toEqual([
      expect.objectContaining({ settled: items.length - settledThen.length }),
    ]);
    expect((await readItems(pool, items)).every((item) => item.status === "sold")).toBe(true);
    expect(await readPurchases(pool)).toHaveLength(items.length);
  });
});

describe("a signal during a single run", () => {
  const db = useTestPool();

  it("lets the batch in hand commit, prints what was settled and exits 0", async () => {
    const pool = db.pool();
    const [seller] = await createUsers(pool, 1);
    if (!seller) throw new Error("no user");
    const items: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      items.push(await insertItem(pool, { sellerId: seller, endsInMs: -60_000 + index }));
    }
    // Slows every settlement write down so the signal lands while batches remain.
    await pool.query(
      "CREATE TRIGGER slow_settlement BEFORE UPDATE ON items FOR EACH ROW SET @slept = SLEEP(0.05)",
    );
    try {
      const settler = startSettler([], { DATABASE_URL: db.database.url, SETTLER_BATCH_SIZE: "1" });
      const settledCount = async () =>
        (await readItems(pool, items)).filter((item) => item.status !== "open").length;
      await waitUntil(async () => (await settledCount()) > 0);
      settler.child.kill("SIGTERM");
      const exit = await settler.exited;

      expect(exit.code).toBe(0);
      expect(exit.stderr).toBe("");
      const [line, ...rest] = parseRunLines(exit.stdout);
      expect(rest).toEqual([]);
      expect(line?.settled).toBeGreaterThan(0);
      expect(line?.settled).toBeLessThan(items.length);
      expect(await settledCount()).toBe(line?.settled);
    } finally {
      await pool.query("DROP TRIGGER IF EXISTS slow_settlement");
    }
  });
});

describe("--watch", () => {
  const db = useTestPool();

  it.each(["SIGTERM", "SIGINT"] as const)(
    "settles items as they end and stops cleanly on %s",
    async (signal) => {
      const pool = db.pool();
      const [seller] = await createUsers(pool, 1, signal.toLowerCase());
      if (!seller) throw new Error("no user");
      const settler = startSettler(["--watch", "--interval", "0.2"], {
        DATABASE_URL: db.database.url,
      });
      const item = await insertItem(pool, { sellerId: seller, endsInMs: 300 });

      await waitUntil(async () => (await readItem(pool, item)).status !== "open");
      await waitUntil(async () => settler.output().stdout.includes("\n"));
      settler.child.kill(signal);
      const exit = await settler.exited;

      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(0);
      expect(exit.stderr).toBe("");
      expect(parseRunLines(exit.stdout)).toEqual([
        expect.objectContaining({ settled: 1, sold: 0, unsold: 1 }),
      ]);
    },
  );

  it("reports a failed run and keeps watching until stopped", async () => {
    const closedPort = await freeLoopbackPort();
    const settler = startSettler(["--watch", "--interval", "0.1"], {
      DATABASE_URL: `mysql://nobody:nothing@127.0.0.1:${closedPort}/ssgbay`,
    });
    await waitUntil(async () => settler.output().stderr.split("\n").length > 2);
    settler.child.kill("SIGTERM");
    const exit = await settler.exited;

    expect(exit.code).toBe(0);
    expect(exit.stdout).toBe("");
    for (const line of exit.stderr.trim().split("\n")) {
      expect(line).toMatch(/^settlement failed after 0 items were settled: .*ECONNREFUSED/);
    }
  });
});
