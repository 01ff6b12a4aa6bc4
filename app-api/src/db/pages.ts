import type { Pool, PoolConnection, RowDataPacket } from "mysql2/promise";

/** Which page of a newest-first list: ids below `before` (none: the newest), `limit` of them. */
export interface PageRequest {
  before?: number;
  limit: number;
}

/**
 * One page of a newest-first list: `select` is a `SELECT … WHERE …` (no ORDER BY or LIMIT) with
 * its `params`, keyed by `idColumn`; this adds `idColumn < before`, orders by `idColumn` descending and reads one row
 * more than `limit`, which tells whether an older page exists. Returns the rows to show and the
 * `before` of the next, older page, or null on the last one.
 */
export async function readNewestFirstPage<Row extends RowDataPacket, Item extends { id: number }>(
  db: Pool | PoolConnection,
  [select, params, idColumn]: [select: string, params: unknown[], idColumn: string],
  page: PageRequest,
  toItem: (row: Row) => Item,
): Promise<{ shown: Item[]; nextBefore: number | null }> {
  const older = page.before === undefined ? "" : `AND ${idColumn} < ?`;
  const [rows] = await db.query<Row[]>(`${select} ${older} ORDER BY ${idColumn} DESC LIMIT ?`, [
    ...params,
    ...(page.before === undefined ? [] : [page.before]),
    page.limit + 1,
  ]);
  const shown = rows.slice(0, page.limit).map(toItem);
  const last = shown.at(-1);
  return { shown, nextBefore: rows.length > page.limit && last ? last.id : null };
}
