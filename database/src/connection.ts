import mysql, { type Pool, type PoolOptions } from "mysql2/promise";
import type { DatabaseConfig } from "./env.js";
import { limitPool } from "./pool-limits.js";

function connectionOptions(config: DatabaseConfig): PoolOptions {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: "utf8mb4_unicode_ci",
    connectTimeout: 5_000,
    // TLS verified against the given CA (chain and host name); never unverified.
    ...(config.tlsCa ? { ssl: { ca: config.tlsCa, rejectUnauthorized: true } } : {}),
  };
}

/**
 * The one pool a process uses. Every connection runs in UTC so that NOW(3) and DATETIME(3)
 * columns agree with the ISO-8601 times of the API contract. Every wait on it is bounded (see
 * limitPool): a full queue or a deadline fails with a PoolLimitError.
 */
export function createPool(config: DatabaseConfig): Pool {
  const pool = mysql.createPool({
    ...connectionOptions(config),
    connectionLimit: config.poolSize,
    maxIdle: config.poolSize,
    idleTimeout: 60_000,
    enableKeepAlive: true,
    // mysql2 reads a queueLimit of 0 as "no limit"; ours means "nobody waits".
    waitForConnections: config.poolQueue > 0,
    queueLimit: config.poolQueue,
  });
  pool.pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return limitPool(pool, config);
}

/** A single connection in UTC, for tools that must hold a session (the migration lock). */
export async function createConnection(
  config: DatabaseConfig,
  extra: Partial<PoolOptions> = {},
): Promise<mysql.Connection> {
  const connection = await mysql.createConnection({ ...connectionOptions(config), ...extra });
  await connection.query("SET time_zone = '+00:00'");
  return connection;
}
