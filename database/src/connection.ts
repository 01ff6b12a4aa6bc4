import mysql, { type Pool, type PoolOptions } from "mysql2/promise";
import { z } from "zod";
import { parseEnv } from "./env.js";

const port = z.coerce
  .number({ error: "must be a port number (1-65535)" })
  .int({ error: "must be a port number (1-65535)" })
  .min(1, { error: "must be a port number (1-65535)" })
  .max(65535, { error: "must be a port number (1-65535)" });

/** The database variables shared by the API, the settler and the migration CLI. */
export const databaseEnvSchema = z
  .object({
    DATABASE_URL: z.url({ protocol: /^mysql$/, error: "must be a mysql:// URL" }).optional(),
    DB_HOST: z.string().min(1).optional(),
    DB_PORT: port.default(3306),
    DB_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,64}$/, "must be 1-64 of [A-Za-z0-9_]")
      .optional(),
    DB_USER: z.string().min(1).optional(),
    DB_PASSWORD: z.string().optional(),
    DB_POOL_SIZE: z.coerce
      .number({ error: "must be an integer from 1 to 200" })
      .int({ error: "must be an integer from 1 to 200" })
      .min(1, { error: "must be an integer from 1 to 200" })
      .max(200, { error: "must be an integer from 1 to 200" })
      .default(10),
  })
  .superRefine(
    (env, ctx) => {
      // Runs even when other keys failed, so that every problem is reported at once.
      const given = env as Partial<Record<string, unknown>>;
      if (given.DATABASE_URL) return;
      for (const name of ["DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD"] as const) {
        if (given[name] === undefined) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is required when DATABASE_URL is not set",
          });
        }
      }
    },
    { when: () => true },
  );

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

export interface DatabaseConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  poolSize: number;
}

export function databaseConfigFromUrl(url: string, poolSize = 10): DatabaseConfig {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database)
    throw new Error("DATABASE_URL: must name a database, e.g. mysql://user:pw@host:3306/ssgbay");
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    database,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    poolSize,
  };
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = parseEnv(databaseEnvSchema, env);
  if (parsed.DATABASE_URL) return databaseConfigFromUrl(parsed.DATABASE_URL, parsed.DB_POOL_SIZE);
  return {
    host: parsed.DB_HOST ?? "",
    port: parsed.DB_PORT,
    database: parsed.DB_NAME ?? "",
    user: parsed.DB_USER ?? "",
    password: parsed.DB_PASSWORD ?? "",
    poolSize: parsed.DB_POOL_SIZE,
  };
}

export function databaseUrl(config: Omit<DatabaseConfig, "poolSize">): string {
  const auth = `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}`;
  return `mysql://${auth}@${config.host}:${config.port}/${encodeURIComponent(config.database)}`;
}

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
  };
}

/**
 * The one pool a process uses. Every connection runs in UTC so that NOW(3) and DATETIME(3)
 * columns agree with the ISO-8601 times of the API contract.
 */
export function createPool(config: DatabaseConfig): Pool {
  const pool = mysql.createPool({
    ...connectionOptions(config),
    connectionLimit: config.poolSize,
    maxIdle: config.poolSize,
    idleTimeout: 60_000,
    enableKeepAlive: true,
    waitForConnections: true,
    queueLimit: 0,
  });
  pool.pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return pool;
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
