import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestDatabase } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { afterAll, beforeAll } from "vitest";
import { type ApiApp, createApi, loadApiConfig } from "../../src/index.js";

export const TEST_JWT_SECRET = "test-secret-that-is-at-least-32-bytes-long!";

export interface TestApi {
  api: ApiApp;
  database: TestDatabase;
  uploadDir: string;
}

/**
 * Gives the test file its own migrated database and an API built on it (not listening;
 * supertest drives `api.handler`). Fields are filled in by beforeAll.
 */
export function useTestApi(env: Record<string, string> = {}): TestApi {
  const database = useTestDatabase();
  const holder = { database } as TestApi;
  beforeAll(async () => {
    holder.uploadDir = await mkdtemp(join(tmpdir(), "ssgbay-uploads-"));
    const config = loadApiConfig({
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      UPLOAD_DIR: holder.uploadDir,
      LOG_LEVEL: "silent",
      // High enough that ordinary tests are never throttled; rate-limit.test.ts proves the 429.
      AUTH_RATE_LIMIT_PER_MINUTE: "10000",
      DB_POOL_SIZE: "20",
      ...env,
    });
    holder.api = await createApi(config);
  });
  afterAll(async () => {
    await holder.api?.close();
    if (holder.uploadDir) await rm(holder.uploadDir, { recursive: true, force: true });
  });
  return holder;
}
