import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "../src/connection.js";
import { migrate, readMigrations } from "../src/migrate.js";
import { useTestDatabase } from "../src/testing/vitest.js";

describe("migration 0002 (unique nicknames, token version)", () => {
  const db = useTestDatabase({ migrated: false });
  let connection: Awaited<ReturnType<typeof createConnection>>;

  beforeAll(async () => {
    // Up to 0001, with the users an older API could have written: one nickname three times.
    const all = await readMigrations();
    const dir = await mkdtemp(join(tmpdir(), "ssgbay-0001-"));
    const first = all[0];
    if (!first) throw new Error("no migrations");
    await writeFile(join(dir, first.name), first.sql);
    await migrate(db.config, { migrationsDir: dir });
    await rm(dir, { recursive: true, force: true });
    connection = await createConnection(db.config);
    await connection.query(
      `INSERT INTO users (username, password_hash, nickname, phone) VALUES
         ('first_minji', 'x', '민지', '01012345678'),
         ('second_minji', 'x', '민지', '01012345679'),
         ('shouty_minji', 'x', 'MINJI', '01012345670'),
         ('quiet_minji', 'x', 'minji', '01012345671'),
         ('junho', 'x', '준호', '01012345672')`,
    );
    await migrate(db.config);
  });
  afterAll(async () => {
    await connection?.end();
  });

  it("backfills: the first account of each nickname keeps it, later duplicates claim nothing", async () => {
    const [rows] = await connection.query<RowDataPacket[]>(
      "SELECT username, nickname_key, token_version FROM users ORDER BY id",
    );
    expect(rows.map((row) => [row.username, row.nickname_key, row.token_version])).toEqual([
      ["first_minji", "민지", 0],
      ["second_minji", null, 0],
      ["shouty_minji", "minji", 0],
      ["quiet_minji", null, 0],
      ["junho", "준호", 0],
    ]);
  });

  it("refuses a second row with a claimed key, while unclaimed (NULL) rows may repeat", async () => {
    await expect(
      connection.query(
        "INSERT INTO users (username, password_hash, nickname, nickname_key, phone) VALUES ('copy', 'x', '준호', '준호', '01012345673')",
      ),
    ).rejects.toMatchObject({ code: "ER_DUP_ENTRY" });
    await connection.query(
      "INSERT INTO users (username, password_hash, nickname, phone) VALUES ('old_api_user', 'x', '준호', '01012345674')",
    );
  });

  it("compares keys exactly: emoji and accents are not folded together as unicode_ci would", async () => {
    await connection.query(
      `INSERT INTO users (username, password_hash, nickname, nickname_key, phone) VALUES
         ('dog', 'x', '🐶', '🐶', '01012345675'),
         ('cat', 'x', '🐱', '🐱', '01012345676'),
         ('cafe', 'x', 'cafe', 'cafe', '01012345677'),
         ('cafe_accent', 'x', 'café', 'café', '01012345678')`,
    );
  });
});
