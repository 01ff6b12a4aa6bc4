import type { ItemSummary } from "@ssgbay/contract";
import type { ReactNode } from "react";
import { ItemCard, ItemGrid, ItemGridCell } from "./ItemCard";
import { Pagination } from "./Pagination";

/** One page of a listing as a grid of cards, with the pager below (home, a user's profile). */
export function PagedItemGrid({
  items,
  label,
  page,
  pages,
  onPage,
  corner,
  headingLevel,
}: {
  items: ItemSummary[];
  label: string;
  page: number;
  pages: number;
  onPage(next: number): void;
  /** What each card shows over its photo's corner. */
  corner?: (item: ItemSummary) => ReactNode;
  /** The cards' title level: one below the section they are in. */
  headingLevel?: 2 | 3;
}) {
  return (
    <>
      <ItemGrid label={label}>
        {items.map((item) => (
          <ItemGridCell key={item.id}>
            <ItemCard item={item} corner={corner?.(item)} headingLevel={headingLevel} />
          </ItemGridCell>
        ))}
      </ItemGrid>
      <Pagination page={page} pages={pages} onChange={onPage} />
    </>
  );
}
