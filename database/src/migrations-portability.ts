// Migrations must run on MySQL 8.0/8.4 and on MariaDB 10.11+ (the test run and the bench use
// MariaDB, so nothing else would notice). A short list of forms one of them refuses, checked
// over database/migrations in the test suite (database/test/migrations-portability.test.ts).
import {
  collapse,
  type LintProblem,
  lineOf,
  type MigrationSource,
  maskCommentsAndStrings,
} from "./migrations-lint.js";

interface PortabilityRule {
  pattern: RegExp;
  rule: string;
}

const MYSQL = "MySQL 8 refuses it";
const MARIADB = "MariaDB 10.11 refuses it";

/** Each pattern runs over the SQL with comments and string contents blanked, upper-cased. */
export const portabilityRules: readonly PortabilityRule[] = [
  {
    pattern:
      /\b(ADD|DROP|MODIFY|CHANGE)\s+(COLUMN\s+|INDEX\s+|KEY\s+|CONSTRAINT\s+|FOREIGN\s+KEY\s+|PARTITION\s+)?IF\s+(NOT\s+)?EXISTS\b/,
    rule: `IF [NOT] EXISTS on adding, dropping or changing a column, index or constraint is MariaDB-only; ${MYSQL}`,
  },
  {
    pattern: /\bCREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+IF\s+NOT\s+EXISTS\b/,
    rule: `CREATE INDEX IF NOT EXISTS is MariaDB-only; ${MYSQL}`,
  },
  { pattern: /\bCREATE\s+OR\s+REPLACE\s+TABLE\b/, rule: `CREATE OR REPLACE TABLE: ${MYSQL}` },
  { pattern: /\bALTER\s+ONLINE\s+TABLE\b/, rule: `ALTER ONLINE TABLE: ${MYSQL}` },
  {
    pattern: /\b(INET4|INET6|UUID|XMLTYPE)\s*(,|\)|NOT\b|NULL\b|DEFAULT\b)/,
    rule: `a MariaDB-only column type; ${MYSQL}`,
  },
  {
    pattern:
      /\bDEFAULT\s+(?!CURRENT_TIMESTAMP\b|NOW\b|LOCALTIME\b|LOCALTIMESTAMP\b|NULL\b|TRUE\b|FALSE\b)[A-Z_][A-Z0-9_]*\s*\(/,
    rule: `a function default without parentheses (write DEFAULT (expr)); ${MYSQL}`,
  },
  { pattern: /\bRETURNING\b/, rule: `RETURNING is MariaDB-only; ${MYSQL}` },
  {
    pattern: /\b(CREATE\s+SEQUENCE|NEXTVAL|LASTVAL|SETVAL)\b/,
    rule: `sequences are MariaDB-only; ${MYSQL}`,
  },
  {
    pattern: /\bSYSTEM\s+VERSIONING\b|\bPERIOD\s+FOR\b/,
    rule: `system-versioned tables are MariaDB-only; ${MYSQL}`,
  },
  { pattern: /\bCOMPRESSED\b/, rule: `compressed columns are MariaDB-only; ${MYSQL}` },
  {
    pattern: /\bIGNORED\b/,
    rule: `ignored indexes are MariaDB-only (MySQL says INVISIBLE); ${MYSQL}`,
  },
  { pattern: /\bUTF8MB4_UCA1400_\w+/, rule: `a MariaDB 11 collation; ${MYSQL}` },
  { pattern: /\bUTF8MB4_0900_\w+/, rule: `a MySQL 8 collation; ${MARIADB}` },
  {
    pattern: /^\s*DELIMITER\b/m,
    rule: "DELIMITER is a mysql client command, not SQL; the runner sends statements as they are",
  },
];

/** Every MariaDB-only (or MySQL-only) form in the migrations, with file, line and rule. */
export function lintPortability(files: readonly MigrationSource[]): LintProblem[] {
  return files.flatMap((file) => {
    const masked = maskCommentsAndStrings(file.sql).toUpperCase();
    return portabilityRules.flatMap(({ pattern, rule }) => {
      const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
      return [...masked.matchAll(global)].map((match) => ({
        file: file.name,
        line: lineOf(file.sql, match.index),
        statement: collapse(file.sql.slice(match.index, match.index + match[0].length + 40)),
        rule,
      }));
    });
  });
}
