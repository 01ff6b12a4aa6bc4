import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { createConnection } from "../src/connection.js";
import { defaultMigrationsDir, migrate, readMigrations } from "../src/migrate.js";
import { useTestDatabase } from "../src/testing/vitest.js";

async function tableNames(db: { config: Parameters<typeof createConnection>[0] }) {
  const connection = await createConnection(db.config);
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
    );
    return rows.map((row) => String(row.name));
  } finally {
    await connection.end();
  }
}

async function appliedVersions(db: { config: Parameters<typeof createConnection>[0] }) {
  const connection = await createConnection(db.config);
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      "SELECT version, checksum FROM schema_migrations ORDER BY version",
    );
    return rows.map((row) => `${row.version}:${row.checksum}`);
  } finally {
    await connection.end();
  }
}

describe("migrate", () => {
  const empty = useTestDatabase({ migrated: false });
  const raced = useTestDatabase({ migrated: false });
  const edited = useTestDatabase({ migrated: false });
  const scratchDirs: string[] = [];
  afterAll(async () => {
    for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
  });

  it("applies every migration to an empty database, then a second run is a no-op", async () => {
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await migrate(empty.config);
    expect(first.applied).toEqual(files.map((file) => file.name));
    expect(await tableNames(empty)).toEqual(
      expect.arrayContaining([
        "users",
        "items",
        "bids",
        "purchases",
        "refresh_tokens",
        "schema_migrations",
      ]),
    );
    const before = await appliedVersions(empty);

    const second = await migrate(empty.config);
    expect(second.applied).toEqual([]);
    expect(await appliedVersions(empty)).toEqual(before);
  });

  it("applies each migration exactly once when three runners start at once", async () => {
    const results = await Promise.all([
      migrate(raced.config),
      migrate(raced.config),
      migrate(raced.config),
    ]);
    const files = await readMigrations();
    const appliedByAll = results.flatMap((result) => result.applied).sort();
    expect(appliedByAll).toEqual(files.map((file) => file.name).sort());
    expect(await appliedVersions(raced)).toHaveLength(files.length);
  });

  it("refuses to run when an applied migration was edited, and changes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ssgbay-migrations-"));
    scratchDirs.push(dir);
    await cp(defaultMigrationsDir, dir, { recursive: true });
    await migrate(edited.config, { migrationsDir: dir });
    const before = await appliedVersions(edited);

    const [first] = await readMigrations(dir);
    if (!first) throw new Error("no migrations");
    await writeFile(join(dir, first.name), `${first.sql}\n-- an edit\n`);
    await writeFile(join(dir, "9999_later.sql"), "CREATE TABLE should_not_exist (id INT);");

    await expect(migrate(edited.config, { migrationsDir: dir })).rejects.toThrow(
      `${first.name} was edited after it was applied`,
    );
    expect(await appliedVersions(edited)).toEqual(before);
    expect(await tableNames(edited)).not.toContain("should_not_exist");
  });

  it("enforces one purchase per item and the outcome of a settled item", async () => {
    const connection = await createConnection(empty.config);
    try {
      await connection.query(
        "INSERT INTO users (username, password_hash, nickname, phone) VALUES ('seller', 'x', 'S', '01012345678'), ('buyer', 'x', 'B', '01012345679')",
      );
      await connection.query(
        `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price, starts_at, ends_at)
         VALUES (1, 't', 'd', 'k', 100, 100, NOW(3) - INTERVAL 2 HOUR, NOW(3) - INTERVAL 1 HOUR)`,
      );
      await expect(
        connection.query("UPDATE items SET status = 'sold' WHERE id = 1"),
      ).rejects.toThrow();
      await connection.query(
        "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (1, 2, 100, NOW(3))",
      );
      await expect(
        connection.query(
          "INSERT INTO purchases (item_id, buyer_id, price, settled_at) VALUES (1, 2, 100, NOW(3))",
        ),
      ).rejects.toMatchObject({ code: "ER_DUP_ENTRY" });
    } finally {
      await connection.end();
    }
  });
});
