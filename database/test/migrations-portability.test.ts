import { describe, expect, it } from "vitest";
import { readMigrations } from "../src/migrate.js";
import { lintPortability } from "../src/migrations-portability.js";

const rulesOf = (sql: string) =>
  lintPortability([{ name: "0009_x.sql", sql }]).map((problem) => problem.rule);

describe("migration portability lint (MySQL 8 and MariaDB 10.11)", () => {
  it("passes every shipped migration", async () => {
    expect(lintPortability(await readMigrations())).toEqual([]);
  });

  it.each([
    ["ALTER TABLE items ADD COLUMN IF NOT EXISTS note TEXT NULL;", /IF \[NOT\] EXISTS on adding/],
    ["ALTER TABLE items ADD KEY IF NOT EXISTS ix_a (a);", /IF \[NOT\] EXISTS on adding/],
    ["ALTER TABLE items DROP INDEX IF EXISTS ix_a;", /IF \[NOT\] EXISTS on adding/],
    ["ALTER TABLE items MODIFY COLUMN IF EXISTS a INT;", /IF \[NOT\] EXISTS on adding/],
    ["CREATE INDEX IF NOT EXISTS ix_a ON items (a);", /CREATE INDEX IF NOT EXISTS/],
    ["create unique index if not exists ix_a on items (a);", /CREATE INDEX IF NOT EXISTS/],
    ["CREATE OR REPLACE TABLE t (id INT);", /CREATE OR REPLACE TABLE/],
    ["ALTER ONLINE TABLE items ADD KEY ix_a (a);", /ALTER ONLINE/],
    ["CREATE TABLE t (id UUID NOT NULL);", /column type/],
    ["CREATE TABLE t (ip INET6);", /column type/],
    ["CREATE TABLE t (id CHAR(36) NOT NULL DEFAULT UUID());", /without parentheses/],
    ["DELETE FROM t RETURNING id;", /RETURNING/],
    ["CREATE SEQUENCE s;", /sequences/],
    ["CREATE TABLE t (id INT) WITH SYSTEM VERSIONING;", /system-versioned/],
    ["CREATE TABLE t (b BLOB COMPRESSED);", /compressed/],
    ["ALTER TABLE t ADD KEY ix_a (a) IGNORED;", /ignored indexes/],
    ["CREATE TABLE t (a TEXT) COLLATE=utf8mb4_uca1400_ai_ci;", /MariaDB 11 collation/],
    ["CREATE TABLE t (a TEXT) COLLATE=utf8mb4_0900_ai_ci;", /MySQL 8 collation; MariaDB/],
    ["DELIMITER //\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1//", /DELIMITER/],
  ])("refuses %j", (sql, rule) => {
    expect(rulesOf(sql)).toEqual([expect.stringMatching(rule)]);
  });

  it.each([
    "CREATE TABLE IF NOT EXISTS t (id INT, at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3));",
    "CREATE TABLE t (id CHAR(36) NOT NULL DEFAULT (UUID()));",
    "ALTER TABLE items ADD KEY ix_a (a), DROP KEY ix_b;",
    "-- ADD COLUMN IF NOT EXISTS in a comment\nSELECT 'CREATE OR REPLACE TABLE in a string';",
    "CREATE TABLE t (uuid_key CHAR(36) NOT NULL, returning_at DATETIME(3) NULL);",
  ])("lets %j through", (sql) => {
    expect(rulesOf(sql)).toEqual([]);
  });

  it("names the file and line", () => {
    const [problem] = lintPortability([
      { name: "0009_x.sql", sql: "-- one\nALTER TABLE t\n  DROP KEY IF EXISTS ix_a;" },
    ]);
    expect(problem).toMatchObject({ file: "0009_x.sql", line: 3 });
  });
});
