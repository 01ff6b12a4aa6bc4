import { itemSortOrders, listItemsQuerySchema } from "@ssgbay/contract";
import { createPool } from "@ssgbay/database";
import { useTestPool } from "@ssgbay/database/testing/vitest";
import type { RowDataPacket } from "mysql2/promise";
import { beforeAll, describe, expect, it } from "vitest";
import { listFilter, listPageStatement, sortIndex } from "../src/items/repository.js";

// Enough rows that the optimizer weighs a sorted walk of an index against a range read and a
// filesort honestly (at a few hundred rows every plan costs the same and any one is picked).
const ITEMS = 50_000;
const digits = `(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL
  SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)`;

interface PlanRow extends RowDataPacket {
  select_type: string;
  table: string;
  key: string | null;
  Extra: string | null;
}

describe("list page plans", () => {
  const db = useTestPool();

  beforeAll(async () => {
    // Its own pool for the seed: one 50,000-row statement can outlast the API's 2 s statement
    // deadline (DB_QUERY_TIMEOUT_MS) on a loaded machine, and that is no fault of the plans.
    const pool = createPool({ ...db.database.config, queryTimeoutMs: 120_000 });
    try {
      await pool.query(
        "INSERT INTO users (id, username, password_hash, nickname, phone) VALUES (1, 'seller', 'x', 'seller', '01000000000')",
      );
      // one item in ten ended unsold, the rest open, ending over the coming weeks in no id order
      await pool.query(
        `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price,
         starts_at, ends_at, status, settled_at, category)
       SELECT 1, CONCAT('item ', n), 'description', 'key', 1000, 1000 + (n * 7919) % 100000,
              NOW(3) - INTERVAL 30 DAY,
              CASE WHEN n % 10 = 0 THEN NOW(3) - INTERVAL (n % 1000) MINUTE
                   ELSE NOW(3) + INTERVAL ((n * 104729) % 40000) MINUTE END,
              CASE WHEN n % 10 = 0 THEN 'unsold' ELSE 'open' END,
              CASE WHEN n % 10 = 0 THEN NOW(3) END,
              CASE n % 3 WHEN 0 THEN 'digital' WHEN 1 THEN 'fashion' ELSE 'etc' END
         FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n
                 FROM ${digits} a CROSS JOIN ${digits} b CROSS JOIN ${digits} c
                 CROSS JOIN ${digits} e CROSS JOIN ${digits} f) AS numbers
        WHERE n <= ?`,
        [ITEMS],
      );
      await pool.query("ANALYZE TABLE items");
    } finally {
      await pool.end();
    }
  }, 120_000);

  for (const sort of itemSortOrders) {
    for (const page of [1, 40, 400]) {
      it(`${sort} page ${page}: walks ${sortIndex[sort]} without a filesort`, async () => {
        const query = listItemsQuerySchema.parse({ sort, page: String(page) });
        const statement = listPageStatement(query);
        const [plan] = await db
          .pool()
          .query<PlanRow[]>(`EXPLAIN ${statement.sql}`, statement.params);
        const inner = plan.find((row) => row.select_type === "DERIVED" && row.table === "i");
        expect(inner?.key).toBe(sortIndex[sort]);
        expect(inner?.Extra ?? "").not.toMatch(/filesort|temporary/i);
      });
    }
    it(`${sort}, a common search term: walks ${sortIndex[sort]} and lets LIKE pick`, async () => {
      const query = listItemsQuerySchema.parse({ sort, q: "item 1" });
      const statement = listPageStatement(query, listFilter(query, "scan"));
      expect(statement.sql).not.toMatch(/item_ngrams/);
      const [plan] = await db.pool().query<PlanRow[]>(`EXPLAIN ${statement.sql}`, statement.params);
      const inner = plan.find((row) => row.select_type === "DERIVED" && row.table === "i");
      expect(inner?.key).toBe(sortIndex[sort]);
      expect(inner?.Extra ?? "").not.toMatch(/filesort|temporary/i);
    });
  }
});
