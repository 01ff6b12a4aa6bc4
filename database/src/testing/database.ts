import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { type DatabaseConfig, databaseConfigFromUrl, databaseUrl } from "../env.js";
import { migrate } from "../migrate.js";

export interface TestDatabase {
  url: string;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** Runs one statement on the server itself (no database selected), on a connection of its own. */
async function onServer(server: DatabaseConfig, sql: string): Promise<void> {
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/**
 * Creates a fresh, migrated database on the test server, so test files can run in parallel
 * without seeing each other's rows.
 */
export async function createTestDatabase(
  serverUrl: string,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const server = databaseConfigFromUrl(serverUrl);
  const name = `test_${randomBytes(6).toString("hex")}`;
  await onServer(
    server,
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  const config: DatabaseConfig = { ...server, database: name };
  if (options.migrated !== false) await migrate(config);
  return {
    url: databaseUrl(config),
    config,
    drop: () => onServer(server, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}
