// The expand-then-contract rule for migrations, checked (CONTRIBUTING.md, "Migrations").
//
// Migrations run in the API's init container while the previous release still serves, and the
// settler's CronJob may run the previous image for a while: every migration must leave a schema
// that the previous release's queries still work against. A statement that would break them
// (drop, rename, truncate/delete, a column made NOT NULL or narrowed, a NOT NULL column without
// a default) is refused unless its file is a contract step, marked on its first line, shipped
// once no running release needs what it removes.

/** The first line of a migration that may remove or narrow what the previous release used. */
export const CONTRACT_STEP_MARKER = "-- ssgbay:contract-step";

export interface MigrationSource {
  name: string;
  sql: string;
}

export interface LintProblem {
  file: string;
  line: number;
  /** The statement (or ALTER clause) as written, whitespace collapsed. */
  statement: string;
  rule: string;
}

/** What the lint knows of a column from earlier migrations: its type and whether NULL is allowed. */
interface ColumnDefinition {
  type: ColumnType;
  nullable: boolean;
  hasDefault: boolean;
}
type Columns = Map<string, ColumnDefinition>;

const CONTRACT_HINT = `a contract step goes in its own migration whose first line is "${CONTRACT_STEP_MARKER}"`;

/** Lints the migrations in order (columns defined by earlier files are known to later ones). */
export function lintMigrations(files: readonly MigrationSource[]): LintProblem[] {
  const columns: Columns = new Map();
  return files.flatMap((file) => lintMigration(file, columns));
}

/** Problems of one file; `columns` is updated with what the file defines. */
export function lintMigration(file: MigrationSource, columns: Columns = new Map()): LintProblem[] {
  const contractStep = file.sql.split("\n", 1)[0]?.trim() === CONTRACT_STEP_MARKER;
  const masked = maskCommentsAndStrings(file.sql);
  const problems: LintProblem[] = [];
  for (const { start, end } of splitTopLevel(masked, ";", 0, masked.length)) {
    const text = masked.slice(start, end);
    const offset = start + (text.length - text.trimStart().length);
    const statement = masked.slice(offset, end).trim();
    if (statement === "") continue;
    const report = (at: number, stop: number, rule: string) => {
      if (contractStep) return;
      problems.push({
        file: file.name,
        line: lineOf(file.sql, at),
        statement: collapse(file.sql.slice(at, stop)),
        rule: `${rule}; ${CONTRACT_HINT}`,
      });
    };
    lintStatement(file.sql, masked, offset, end, columns, report);
  }
  return problems;
}

type Report = (start: number, end: number, rule: string) => void;

function lintStatement(
  sql: string,
  masked: string,
  start: number,
  end: number,
  columns: Columns,
  report: Report,
): void {
  const head = masked.slice(start, end).toUpperCase();
  if (/^DROP\s/.test(head)) {
    report(start, end, "drops an object the running release may still use");
    return;
  }
  if (/^RENAME\s/.test(head)) {
    report(start, end, "renames a table the running release still uses by its old name");
    return;
  }
  if (/^TRUNCATE\s/.test(head) || /^DELETE\s/.test(head)) {
    report(start, end, "deletes rows");
    return;
  }
  const create = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?\s*\(/.exec(head);
  if (create?.[1]) {
    const open = start + create[0].length;
    const close = matchingParen(masked, open - 1);
    for (const part of splitTopLevel(masked, ",", open, close)) {
      const definition = columnDefinition(sql.slice(part.start, part.end));
      if (definition) columns.set(columnKey(create[1], definition.name), definition.column);
    }
    return;
  }
  const alter = /^ALTER\s+(?:ONLINE\s+|IGNORE\s+)?TABLE\s+`?(\w+)`?\s+/.exec(head);
  if (!alter?.[1]) return;
  const table = alter[1];
  for (const clause of splitTopLevel(masked, ",", start + alter[0].length, end)) {
    const text = masked.slice(clause.start, clause.end);
    const at = clause.start + (text.length - text.trimStart().length);
    lintAlterClause(table, sql.slice(at, clause.end).trim(), at, clause.end, columns, report);
  }
}

function lintAlterClause(
  table: string,
  clause: string,
  start: number,
  end: number,
  columns: Columns,
  report: Report,
): void {
  const upper = clause.toUpperCase();
  if (/^DROP\s/.test(upper)) {
    report(start, end, "drops a column, index or constraint the running release may use");
    return;
  }
  if (/^RENAME\s/.test(upper)) {
    report(start, end, "renames what the running release still uses by its old name");
    return;
  }
  if (/^ALTER\s+(COLUMN\s+)?`?\w+`?\s+DROP\s+DEFAULT/.test(upper)) {
    report(start, end, "drops a default the running release's INSERTs may rely on");
    return;
  }
  const add = /^ADD\s+(COLUMN\s+)?/.exec(upper);
  if (
    add &&
    !/^(INDEX|KEY|CONSTRAINT|PRIMARY|UNIQUE|FULLTEXT|SPATIAL|FOREIGN|CHECK|PARTITION)\b/.test(
      upper.slice(add[0].length),
    )
  ) {
    const definition = columnDefinition(clause.slice(add[0].length));
    if (!definition) return;
    const { column } = definition;
    if (!column.nullable && !column.hasDefault) {
      report(
        start,
        end,
        "adds a NOT NULL column without a DEFAULT: the running release's INSERTs do not set it",
      );
    }
    columns.set(columnKey(table, definition.name), column);
    return;
  }
  const change = /^CHANGE\s+(COLUMN\s+)?`?(\w+)`?\s+/.exec(upper);
  const modify = /^MODIFY\s+(COLUMN\s+)?/.exec(upper);
  if (!change && !modify) return;
  const rest = clause.slice((change ?? modify)?.[0].length ?? 0);
  const definition = columnDefinition(rest);
  if (!definition) {
    report(start, end, "changes a column in a way the lint cannot read");
    return;
  }
  const oldName = change?.[2] ?? definition.name;
  if (oldName.toLowerCase() !== definition.name.toLowerCase()) {
    report(start, end, "renames a column the running release still uses by its old name");
  }
  const before = columns.get(columnKey(table, oldName));
  const next = definition.column;
  if (!before) {
    report(start, end, `changes ${table}.${oldName}, a column no earlier migration defines`);
  } else {
    const narrowing = narrowingOf(before.type, next.type);
    if (narrowing) report(start, end, `narrows the column's type (${narrowing})`);
    if (before.nullable && !next.nullable) {
      report(start, end, "makes a nullable column NOT NULL: the running release may write NULL");
    }
    if (before.hasDefault && !next.hasDefault) {
      report(start, end, "drops a default the running release's INSERTs may rely on");
    }
  }
  columns.delete(columnKey(table, oldName));
  columns.set(columnKey(table, definition.name), next);
}

// ---- column types -------------------------------------------------------------------------

interface ColumnType {
  /** Upper-case base name: VARCHAR, INT, ENUM, … */
  base: string;
  /** Numbers in the parentheses (length, precision, scale, fractional seconds). */
  sizes: number[];
  /** ENUM/SET values. */
  values: string[];
  unsigned: boolean;
  text: string;
}

const INTEGER_BYTES: Record<string, number> = {
  TINYINT: 1,
  SMALLINT: 2,
  MEDIUMINT: 3,
  INT: 4,
  INTEGER: 4,
  BIGINT: 8,
};
const TEXT_BYTES: Record<string, number> = {
  CHAR: 1,
  VARCHAR: 2,
  TINYTEXT: 1,
  TEXT: 3,
  MEDIUMTEXT: 4,
  LONGTEXT: 5,
};
/** Most bytes a type holds: CHAR/VARCHAR(n) as n utf8mb4 characters of up to 4 bytes each. */
function textCapacity(type: ColumnType): number | undefined {
  if (type.base === "CHAR" || type.base === "VARCHAR") return (type.sizes[0] ?? 1) * 4;
  const limits: Record<string, number> = {
    TINYTEXT: 255,
    TEXT: 65_535,
    MEDIUMTEXT: 16_777_215,
    LONGTEXT: 4_294_967_295,
  };
  return limits[type.base];
}
const TEMPORAL = new Set(["DATETIME", "TIMESTAMP", "TIME"]);

/** Why `next` may not hold every value `before` holds, or undefined when it does. */
function narrowingOf(before: ColumnType, next: ColumnType): string | undefined {
  const change = `${before.text} → ${next.text}`;
  if (before.text === next.text) return undefined;
  const integer = (type: ColumnType) => INTEGER_BYTES[type.base];
  if (integer(before) !== undefined && integer(next) !== undefined) {
    if (before.unsigned !== next.unsigned) return `${change}: signedness changes`;
    return (integer(next) ?? 0) < (integer(before) ?? 0) ? change : undefined;
  }
  if (TEXT_BYTES[before.base] !== undefined && TEXT_BYTES[next.base] !== undefined) {
    return (textCapacity(next) ?? 0) < (textCapacity(before) ?? 0) ? change : undefined;
  }
  if ((before.base === "ENUM" || before.base === "SET") && next.base === before.base) {
    const missing = before.values.filter((value) => !next.values.includes(value));
    return missing.length > 0 ? `${change}: drops ${missing.join(", ")}` : undefined;
  }
  if (before.base === "DECIMAL" && next.base === "DECIMAL") {
    const [precision = 10, scale = 0] = before.sizes;
    const [nextPrecision = 10, nextScale = 0] = next.sizes;
    return nextScale < scale || nextPrecision - nextScale < precision - scale ? change : undefined;
  }
  if (TEMPORAL.has(before.base) && next.base === before.base) {
    return (next.sizes[0] ?? 0) < (before.sizes[0] ?? 0) ? change : undefined;
  }
  return `${change}: not a known widening`;
}

/** `name TYPE …` → the column's name and definition, or undefined for a key/constraint line. */
function columnDefinition(written: string): { name: string; column: ColumnDefinition } | undefined {
  const masked = maskCommentsAndStrings(written);
  const text = written.slice(masked.length - masked.trimStart().length);
  const match = /^\s*`?(\w+)`?\s+([A-Za-z]+)\s*(\(([^)]*)\))?\s*(UNSIGNED)?/i.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const name = match[1];
  if (/^(PRIMARY|KEY|INDEX|UNIQUE|CONSTRAINT|FOREIGN|CHECK|FULLTEXT|SPATIAL)$/i.test(name)) {
    return undefined;
  }
  const base = match[2].toUpperCase();
  const inside = match[4] ?? "";
  const type: ColumnType = {
    base,
    sizes: base === "ENUM" || base === "SET" ? [] : inside.split(",").filter(Boolean).map(Number),
    values: [...inside.matchAll(/'((?:[^']|'')*)'/g)].map((value) => value[1] ?? ""),
    unsigned: match[5] !== undefined,
    text: collapse(match[0].slice(match[0].indexOf(match[2]))).toUpperCase(),
  };
  const rest = maskCommentsAndStrings(text.slice(match[0].length)).toUpperCase();
  return {
    name,
    column: {
      type,
      nullable: !/\bNOT\s+NULL\b/.test(rest) && !/\bPRIMARY\s+KEY\b/.test(rest),
      hasDefault:
        /\bDEFAULT\b/.test(rest) ||
        /\bAUTO_INCREMENT\b/.test(rest) ||
        /\b(AS|GENERATED)\b/.test(rest),
    },
  };
}

// ---- text --------------------------------------------------------------------------------

/** The SQL with comments and string contents blanked (same length, newlines kept). */
export function maskCommentsAndStrings(sql: string): string {
  let out = "";
  let index = 0;
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  while (index < sql.length) {
    const rest = sql.slice(index);
    const comment = /^(--[^\n]*|#[^\n]*|\/\*[\s\S]*?(\*\/|$))/.exec(rest);
    if (comment) {
      out += blank(comment[0]);
      index += comment[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"' || quote === "`") {
      let close = 1;
      while (close < rest.length) {
        if (rest[close] === "\\" && quote !== "`") close += 2;
        else if (rest[close] === quote && rest[close + 1] === quote) close += 2;
        else if (rest[close] === quote) break;
        else close += 1;
      }
      const literal = rest.slice(0, close + 1);
      // Backticks quote names: keep them (the name matters); blank string contents only.
      out += quote === "`" ? literal : `${quote}${blank(literal.slice(1, -1))}${quote}`;
      index += literal.length;
      continue;
    }
    out += rest[0];
    index += 1;
  }
  return out;
}

/** Ranges between `separator`s outside parentheses, within [start, end). */
function splitTopLevel(
  masked: string,
  separator: string,
  start: number,
  end: number,
): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let depth = 0;
  let from = start;
  for (let index = start; index < end; index += 1) {
    const char = masked[index];
    if (char === "(") depth += 1;
    else if (char === ")") depth -= 1;
    else if (char === separator && depth === 0) {
      parts.push({ start: from, end: index });
      from = index + 1;
    }
  }
  parts.push({ start: from, end });
  return parts;
}

function matchingParen(masked: string, open: number): number {
  let depth = 0;
  for (let index = open; index < masked.length; index += 1) {
    if (masked[index] === "(") depth += 1;
    else if (masked[index] === ")" && --depth === 0) return index;
  }
  return masked.length;
}

const columnKey = (table: string, column: string) => `${table}.${column}`.toLowerCase();
export const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
export const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;
