import { afterAll, beforeAll, inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "./index.js";

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
