import { createPool } from "@ssgbay/database";
import type { TestDatabase } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll } from "vitest";

export interface SettlerTestDatabase {
  database: TestDatabase;
  /** A pool on the database; valid inside hooks and tests. */
  pool(): Pool;
}

/** A freshly migrated database of its own for the calling describe block, with a pool on it. */
export function useSettlerDatabase(): SettlerTestDatabase {
  const database = useTestDatabase();
  let pool: Pool | undefined;
  beforeAll(() => {
    pool = createPool(database.config);
  });
  afterAll(async () => {
    await pool?.end();
  });
  return {
    database,
    pool() {
      if (!pool) throw new Error("the pool exists only inside hooks and tests");
      return pool;
    },
  };
}
