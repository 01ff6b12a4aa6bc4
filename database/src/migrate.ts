import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Connection, RowDataPacket } from "mysql2/promise";
import { createConnection } from "./connection.js";
import type { DatabaseConfig } from "./env.js";

/** The migrations shipped with this package (works from src/ and from dist/). */
export const defaultMigrationsDir = fileURLToPath(new URL("../migrations/", import.meta.url));

const LOCK_NAME = "ssgbay.schema_migrations";
const FILE_PATTERN = /^(\d{4,})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  migrationsDir?: string;
  /** Seconds to wait for another runner holding the lock. */
  lockTimeoutSeconds?: number;
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  current: string | null;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir = defaultMigrationsDir): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match?.[1]) {
      throw new MigrationError(`${name}: migration files must be named NNNN_snake_case.sql`);
    }
    const sql = await readFile(`${dir}/${name}`, "utf8");
    files.push({ version: match[1], name, sql, checksum: sha256(sql) });
  }
  const versions = new Set<string>();
  for (const file of files) {
    if (versions.has(file.version)) {
      throw new MigrationError(`${file.name}: version ${file.version} is used by two files`);
    }
    versions.add(file.version);
  }
  return files;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

interface AppliedRow extends RowDataPacket {
  version: string;
  name: string;
  checksum: string;
}

/**
 * Applies pending migrations in order. Several runners may start at once: they queue on a
 * MySQL named lock, and each later one finds nothing left to do. A file that was edited after
 * it was applied stops the run before anything changes.
 */
export async function migrate(
  config: DatabaseConfig,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const files = await readMigrations(options.migrationsDir);
  const log = options.log ?? (() => {});
  const connection = await createConnection(config, { multipleStatements: true });
  try {
    await acquireLock(connection, options.lockTimeoutSeconds ?? 120);
    try {
      await connection.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    VARCHAR(32)  NOT NULL PRIMARY KEY,
        name       VARCHAR(255) NOT NULL,
        checksum   CHAR(64)     NOT NULL,
        applied_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
      const [rows] = await connection.query<AppliedRow[]>(
        "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
      );
      const applied = new Map(rows.map((row) => [row.version, row]));
      verifyApplied(files, applied);

      const newlyApplied: string[] = [];
      for (const file of files) {
        if (applied.has(file.version)) continue;
        log(`applying ${file.name}`);
        await connection.query(file.sql);
        await connection.query(
          "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
          [file.version, file.name, file.checksum],
        );
        newlyApplied.push(file.name);
      }
      const last = files.at(-1);
      return { applied: newlyApplied, current: last ? last.name : null };
    } finally {
      await connection.query("SELECT RELEASE_LOCK(?)", [LOCK_NAME]);
    }
  } finally {
    await connection.end();
  }
}

function verifyApplied(files: MigrationFile[], applied: Map<string, AppliedRow>): void {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const row of applied.values()) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `${row.name} was applied to this database but is missing from the migrations directory`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `${file.name} was edited after it was applied (checksum differs); add a new migration instead`,
      );
    }
  }
}

interface LockRow extends RowDataPacket {
  acquired: number | null;
}

async function acquireLock(connection: Connection, timeoutSeconds: number): Promise<void> {
  const [rows] = await connection.query<LockRow[]>("SELECT GET_LOCK(?, ?) AS acquired", [
    LOCK_NAME,
    timeoutSeconds,
  ]);
  if (rows[0]?.acquired !== 1) {
    throw new MigrationError(
      `could not take the migration lock within ${timeoutSeconds}s (another runner holds it)`,
    );
  }
}
