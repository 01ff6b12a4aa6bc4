import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, inject } from "vitest";
import { createPool } from "../connection.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test run's server, for a user allowed to create databases. */
    databaseServerUrl: string;
  }
}

/**
 * Gives the calling test file its own migrated database for its whole run. The returned
 * object is filled in by `beforeAll`, so read its fields inside hooks and tests.
 */
export function useTestDatabase(options: { migrated?: boolean } = {}): TestDatabase {
  const holder = {} as TestDatabase;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseServerUrl"), options);
    Object.assign(holder, database);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return holder;
}

export interface TestPool {
  database: TestDatabase;
  /** A pool on the database; valid inside hooks and tests. */
  pool(): Pool;
}

/** A freshly migrated database of its own for the calling describe block, with a pool on it. */
export function useTestPool(): TestPool {
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
