import { insertItem, readItem, waitUntil } from "@ssgbay/database/testing";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import type { RowDataPacket } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { createUsers, insertBidsUpdatingItems } from "./fixtures.js";
import { parseRunLines, runSettler } from "./settler-process.js";

interface CountRow extends RowDataPacket {
  n: number;
}

describe("the settler and a database that does not answer", () => {
  const db = useTestPool();

  it("gives up after DB_QUERY_TIMEOUT_MS with exit 2 and the batch rolled back", async () => {
    const pool = db.pool();
    const [seller, bidder] = await createUsers(pool, 2, "timeout");
    if (!seller || !bidder) throw new Error("no users");
    const item = await insertItem(pool, { sellerId: seller });
    await insertBidsUpdatingItems(pool, [
      { itemId: item, bidderId: bidder, amount: 1100, createdAt: new Date() },
    ]);

    // A table lock blocks the settler's claim (SKIP LOCKED skips row locks, not table locks),
    // so its statement goes unanswered as it would on a frozen server.
    const locker = await pool.getConnection();
    await locker.query("LOCK TABLES items WRITE");
    // Held for at most 10 s, so that a settler without the timeout finishes (and fails the test).
    let unlocked: Promise<void> | undefined;
    const unlock = () => {
      unlocked ??= locker.query("UNLOCK TABLES").then(() => locker.release());
      return unlocked;
    };
    const unlockTimer = setTimeout(unlock, 10_000);
    const started = performance.now();
    const failed = await runSettler([], {
      DATABASE_URL: db.database.url,
      DB_QUERY_TIMEOUT_MS: "500",
    });
    clearTimeout(unlockTimer);
    await unlock();
    const ms = performance.now() - started;

    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toBe(
      "settlement failed after 0 items were settled: The database did not answer within 500 ms.\n",
    );
    // Process start-up (tsx) included; without the timeout the run waits for the lock.
    expect(ms).toBeLessThan(10_000);
    // The abandoned claim ends on the server once it notices the closed connection.
    await waitUntil(async () => {
      const [rows] = await pool.query<CountRow[]>(
        `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
          WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND INFO LIKE '%SKIP LOCKED%'`,
      );
      return Number(rows[0]?.n) === 0;
    });
    expect(await readItem(pool, item)).toMatchObject({ status: "open" });

    const next = await runSettler([], { DATABASE_URL: db.database.url });
    expect(next.code).toBe(0);
    expect(parseRunLines(next.stdout)).toMatchObject([{ settled: 1, sold: 1 }]);
    expect(await readItem(pool, item)).toMatchObject({ status: "sold", winnerId: bidder });
  });
});
