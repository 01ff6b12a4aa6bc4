import { describe, expect, it } from "vitest";
import { readMigrations } from "../src/migrate.js";
import { CONTRACT_STEP_MARKER, lintMigrations } from "../src/migrations-lint.js";

/** A schema like the shipped one, then the migration under test. */
const base = {
  name: "0001_base.sql",
  sql: `CREATE TABLE items (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  -- a comment before a column
  title         VARCHAR(100) NOT NULL,
  note          VARCHAR(30)  NULL,
  bid_count     INT UNSIGNED NOT NULL DEFAULT 0,
  price         DECIMAL(10,2) NOT NULL DEFAULT 0,
  ends_at       DATETIME(3)  NOT NULL,
  status        ENUM('open', 'sold', 'unsold') NOT NULL DEFAULT 'open',
  PRIMARY KEY (id),
  KEY ix_items_status (status)
) ENGINE=InnoDB;
`,
};
const rulesOf = (sql: string) =>
  lintMigrations([base, { name: "0002_change.sql", sql }]).map((problem) => problem.rule);

describe("migration lint (expand-then-contract)", () => {
  it("passes every shipped migration", async () => {
    const problems = lintMigrations(await readMigrations());
    expect(problems).toEqual([]);
  });

  it.each([
    ["DROP TABLE items;", /drops an object/],
    ["DROP INDEX ix_items_status ON items;", /drops an object/],
    ["ALTER TABLE items DROP COLUMN note;", /drops a column/],
    ["ALTER TABLE items DROP note;", /drops a column/],
    ["ALTER TABLE items ADD COLUMN a INT NULL, DROP KEY ix_items_status;", /drops a column, index/],
    ["ALTER TABLE items RENAME COLUMN note TO remark;", /renames/],
    ["ALTER TABLE items RENAME TO listings;", /renames/],
    ["RENAME TABLE items TO listings;", /renames a table/],
    ["ALTER TABLE items CHANGE note remark VARCHAR(30) NULL;", /renames a column/],
    [
      "ALTER TABLE items ADD COLUMN seller BIGINT UNSIGNED NOT NULL;",
      /NOT NULL column without a DEFAULT/,
    ],
    [
      "ALTER TABLE items ADD sku VARCHAR(20) NOT NULL AFTER title;",
      /NOT NULL column without a DEFAULT/,
    ],
    [
      "ALTER TABLE items MODIFY title VARCHAR(50) NOT NULL;",
      /narrows .*VARCHAR\(100\) → VARCHAR\(50\)/,
    ],
    ["ALTER TABLE items MODIFY COLUMN title TINYTEXT NOT NULL;", /narrows/],
    ["ALTER TABLE items MODIFY bid_count SMALLINT UNSIGNED NOT NULL DEFAULT 0;", /narrows/],
    ["ALTER TABLE items MODIFY bid_count INT NOT NULL DEFAULT 0;", /signedness changes/],
    ["ALTER TABLE items MODIFY price DECIMAL(8,2) NOT NULL DEFAULT 0;", /narrows/],
    ["ALTER TABLE items MODIFY ends_at DATETIME NOT NULL;", /narrows/],
    [
      "ALTER TABLE items MODIFY status ENUM('open', 'sold') NOT NULL DEFAULT 'open';",
      /drops unsold/,
    ],
    ["ALTER TABLE items MODIFY title INT NOT NULL;", /not a known widening/],
    [
      "ALTER TABLE items MODIFY note VARCHAR(30) NOT NULL DEFAULT '';",
      /makes a nullable column NOT NULL/,
    ],
    ["ALTER TABLE items MODIFY bid_count INT UNSIGNED NOT NULL;", /drops a default/],
    ["ALTER TABLE items ALTER COLUMN bid_count DROP DEFAULT;", /drops a default/],
    ["ALTER TABLE items MODIFY unknown_column INT NULL;", /no earlier migration defines/],
    ["TRUNCATE TABLE items;", /deletes rows/],
    ["DELETE FROM items WHERE status = 'unsold';", /deletes rows/],
  ])("refuses %s", (sql, rule) => {
    const rules = rulesOf(sql);
    expect(rules.length, rules.join("\n")).toBeGreaterThan(0);
    expect(rules.join("\n")).toMatch(rule);
    expect(rules[0]).toContain(`first line is "${CONTRACT_STEP_MARKER}"`);
  });

  it.each([
    "ALTER TABLE items ADD COLUMN subtitle VARCHAR(100) NULL;",
    "ALTER TABLE items ADD COLUMN views INT UNSIGNED NOT NULL DEFAULT 0, ADD INDEX ix_items_views (views);",
    "ALTER TABLE items ADD COLUMN slug VARCHAR(40) GENERATED ALWAYS AS (LOWER(title)) VIRTUAL;",
    "ALTER TABLE items ADD CONSTRAINT ck_items_count CHECK (bid_count >= 0);",
    "CREATE INDEX ix_items_ends ON items (ends_at);",
    "CREATE TABLE watches (user_id BIGINT UNSIGNED NOT NULL, item_id BIGINT UNSIGNED NOT NULL, PRIMARY KEY (user_id, item_id));",
    "ALTER TABLE items MODIFY title VARCHAR(200) NOT NULL;",
    "ALTER TABLE items MODIFY title TEXT NOT NULL;",
    "ALTER TABLE items MODIFY bid_count BIGINT UNSIGNED NOT NULL DEFAULT 0;",
    "ALTER TABLE items MODIFY note VARCHAR(60) NULL;",
    "ALTER TABLE items MODIFY status ENUM('open', 'sold', 'unsold', 'withdrawn') NOT NULL DEFAULT 'open';",
    "ALTER TABLE items MODIFY price DECIMAL(12,3) NOT NULL DEFAULT 0;",
    "UPDATE items SET note = 'DROP TABLE items; -- not a statement' WHERE note IS NULL;",
    "-- DROP TABLE items; is only a comment\nINSERT INTO items (title, ends_at) VALUES ('x', NOW(3));",
  ])("accepts %s", (sql) => {
    expect(rulesOf(sql)).toEqual([]);
  });

  it("names the file and line of each refused statement", () => {
    const problems = lintMigrations([
      base,
      {
        name: "0002_cleanup.sql",
        sql: "-- tidy up\nALTER TABLE items ADD COLUMN a INT NULL;\n\nALTER TABLE items\n  DROP COLUMN note;\n",
      },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ file: "0002_cleanup.sql", line: 5, statement: "DROP COLUMN note" }),
    ]);
  });

  it("lets a contract step through only when the marker is its first line", () => {
    const drop = "ALTER TABLE items DROP COLUMN note;\n";
    expect(
      lintMigrations([base, { name: "0002_x.sql", sql: `${CONTRACT_STEP_MARKER}\n${drop}` }]),
    ).toEqual([]);
    expect(
      lintMigrations([
        base,
        { name: "0002_x.sql", sql: `-- why\n${CONTRACT_STEP_MARKER}\n${drop}` },
      ]),
    ).toHaveLength(1);
  });

  it("follows columns across files: a widened column may be widened again, not narrowed back", () => {
    const widen = {
      name: "0002_widen.sql",
      sql: "ALTER TABLE items MODIFY note VARCHAR(60) NULL;",
    };
    const narrow = {
      name: "0003_narrow.sql",
      sql: "ALTER TABLE items MODIFY note VARCHAR(40) NULL;",
    };
    expect(lintMigrations([base, widen])).toEqual([]);
    expect(lintMigrations([base, widen, narrow]).map((problem) => problem.file)).toEqual([
      "0003_narrow.sql",
    ]);
  });
});
