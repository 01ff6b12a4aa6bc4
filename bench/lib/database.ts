import {
  createConnection,
  type DatabaseConfig,
  databaseConfigFromUrl,
  databaseUrl,
  migrate,
} from "@ssgbay/database";
import { type EphemeralServer, startEphemeralServer } from "@ssgbay/database/dev";
import type { RowDataPacket } from "mysql2/promise";
import { z } from "zod";

/** The bench's own private server: never the test run's, never DATABASE_URL. */
export interface BenchDatabaseServer {
  readonly version: string;
  /** The server's all-privileges user, on its default database. */
  readonly admin: DatabaseConfig;
  /** Creates and migrates a fresh database named `bench_<name>`. */
  createDatabase(name: string, poolSize: number): Promise<DatabaseConfig>;
  stop(): Promise<void>;
}

/**
 * Callers that may wait for a pooled connection, on every side (API, floor, raw reference). The
 * product's default (DB_POOL_QUEUE=100) refuses callers beyond it at once, which under the bench's
 * closed loop of 200 bidders turns half the attempts into instant 503s (and a raw loop of
 * instant failures) instead of measuring the work.
 */
export const BENCH_POOL_QUEUE = 1_000;

const databaseNamePattern = /^[a-z0-9_]{1,40}$/;

export async function startBenchDatabaseServer(): Promise<BenchDatabaseServer> {
  const server: EphemeralServer = await startEphemeralServer({
    database: "bench",
    // Production MySQL gets most of its machine's memory; the test server's 256M would make the
    // scale benchmark's 1M items (~60M search-gram rows) a disk benchmark, and their seeding
    // take ~30 min instead of ~5. A bigger redo log keeps the bulk inserts from waiting on
    // checkpoints.
    serverArgs: ["--innodb-buffer-pool-size=4G", "--innodb-log-file-size=1G"],
  });
  const admin = databaseConfigFromUrl(server.url);
  const connection = await createConnection(admin);
  let version: string;
  try {
    const [rows] = await connection.query<RowDataPacket[]>("SELECT VERSION() AS version");
    version = z.array(z.object({ version: z.string() })).parse(rows)[0]?.version ?? "unknown";
  } finally {
    await connection.end();
  }
  return {
    version,
    admin,
    async createDatabase(name, poolSize) {
      if (!databaseNamePattern.test(name)) throw new Error(`bad bench database name: ${name}`);
      const config: DatabaseConfig = {
        ...admin,
        database: `bench_${name}`,
        poolSize,
        poolQueue: BENCH_POOL_QUEUE,
      };
      const setup = await createConnection(admin);
      try {
        await setup.query(`DROP DATABASE IF EXISTS \`${config.database}\``);
        await setup.query(
          `CREATE DATABASE \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
        );
      } finally {
        await setup.end();
      }
      await migrate(config, { log: () => {} });
      return config;
    },
    stop: () => server.stop(),
  };
}

export function urlOf(config: DatabaseConfig): string {
  return databaseUrl(config);
}
