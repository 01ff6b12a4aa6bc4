import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { type DatabaseConfig, databaseConfigFromUrl, databaseUrl } from "../env.js";
import { migrate } from "../migrate.js";

export interface TestDatabase {
  url: string;
  config: DatabaseConfig;
  drop(): Promise<void>;
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
  const admin = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  try {
    await admin.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
  const config: DatabaseConfig = { ...server, database: name };
  if (options.migrated !== false) await migrate(config);
  return {
    url: databaseUrl(config),
    config,
    async drop() {
      const connection = await mysql.createConnection({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
      });
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}
