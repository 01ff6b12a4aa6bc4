import type { Pool, RowDataPacket } from "mysql2/promise";
import { afterEach, describe, expect, it } from "vitest";
import { createPool } from "../src/connection.js";
import {
  DEFAULT_POOL_SETTINGS,
  databaseEnvSchema,
  type PoolSettings,
  parseEnv,
} from "../src/env.js";
import { PoolLimitError } from "../src/pool-limits.js";
import { useTestDatabase } from "../src/testing/vitest.js";

const database = useTestDatabase({ migrated: false });
const pools: Pool[] = [];

function poolWith(settings: Partial<PoolSettings>): Pool {
  const pool = createPool({ ...database.config, ...settings });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

interface IdRow extends RowDataPacket {
  id: number;
}

async function connectionId(pool: Pool): Promise<number> {
  const [rows] = await pool.query<IdRow[]>("SELECT CONNECTION_ID() AS id");
  return Number(rows[0]?.id);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("the pool's limits", () => {
  it("reads them from the environment with defaults", () => {
    const parsed = parseEnv(databaseEnvSchema, { DATABASE_URL: "mysql://u:p@db/x" });
    expect(DEFAULT_POOL_SETTINGS).toEqual({
      poolSize: parsed.DB_POOL_SIZE,
      poolQueue: parsed.DB_POOL_QUEUE,
      acquireTimeoutMs: parsed.DB_POOL_ACQUIRE_TIMEOUT_MS,
      queryTimeoutMs: parsed.DB_QUERY_TIMEOUT_MS,
    });
    expect(() =>
      parseEnv(databaseEnvSchema, { DATABASE_URL: "mysql://u:p@db/x", DB_QUERY_TIMEOUT_MS: "0" }),
    ).toThrow("DB_QUERY_TIMEOUT_MS: must be an integer from 10 to 3600000");
  });

  it("fails a statement that outlives the query timeout and destroys its connection", async () => {
    const pool = poolWith({ poolSize: 1, queryTimeoutMs: 300 });
    const before = await connectionId(pool);
    const started = performance.now();
    const error = await rejection(pool.query("SELECT SLEEP(5)"));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(PoolLimitError);
    expect((error as PoolLimitError).code).toBe("DB_QUERY_TIMEOUT");
    // The only connection was busy with the unanswered statement: a new one serves the next query.
    expect(await connectionId(pool)).not.toBe(before);
  });

  it("bounds statements on a borrowed connection, transaction control included", async () => {
    const pool = poolWith({ poolSize: 1, queryTimeoutMs: 300 });
    const connection = await pool.getConnection();
    await connection.beginTransaction();
    const error = await rejection(connection.execute("SELECT SLEEP(5)"));
    expect((error as PoolLimitError).code).toBe("DB_QUERY_TIMEOUT");
    // Destroyed: it refuses further statements at once, and releasing it is harmless.
    expect(await rejection(connection.rollback())).toBeInstanceOf(PoolLimitError);
    connection.release();
    expect(await connectionId(pool)).toBeGreaterThan(0);
  });

  it("gives up waiting for a connection after the acquire timeout, then hands it to the next", async () => {
    const pool = poolWith({ poolSize: 1, acquireTimeoutMs: 200 });
    const held = await pool.getConnection();
    const started = performance.now();
    const error = await rejection(pool.getConnection());
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((error as PoolLimitError).code).toBe("DB_ACQUIRE_TIMEOUT");
    held.release();
    // The connection the abandoned waiter would have got went back to the pool.
    expect(await connectionId(pool)).toBeGreaterThan(0);
  });

  it("refuses at once when the queue is full, and nobody waits with a queue of 0", async () => {
    const pool = poolWith({ poolSize: 1, poolQueue: 1, acquireTimeoutMs: 5_000 });
    const held = await pool.getConnection();
    const waiting = pool.getConnection();
    const started = performance.now();
    const full = await rejection(pool.query("SELECT 1"));
    expect(performance.now() - started).toBeLessThan(500);
    expect((full as PoolLimitError).code).toBe("DB_POOL_QUEUE_FULL");
    held.release();
    (await waiting).release();

    const noQueue = poolWith({ poolSize: 1, poolQueue: 0 });
    const only = await noQueue.getConnection();
    expect(((await rejection(noQueue.getConnection())) as PoolLimitError).code).toBe(
      "DB_POOL_QUEUE_FULL",
    );
    only.release();
  });
});
