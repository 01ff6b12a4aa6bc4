/**
 * One page of a newest-first list read with `LIMIT limit + 1`: the rows to show, and the id the
 * next (older) page starts below, or null when the extra row shows there is none.
 */
export function newestFirstPage<Row, Item extends { id: number }>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { shown: Item[]; nextBefore: number | null } {
  const shown = rows.slice(0, limit).map(toItem);
  const last = shown.at(-1);
  return { shown, nextBefore: rows.length > limit && last ? last.id : null };
}
