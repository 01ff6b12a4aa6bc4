import type { ItemSummary } from "@ssgbay/contract";
import { type ReactNode, useDeferredValue } from "react";
import { ItemCard, ItemGrid, ItemGridCell } from "./ItemCard";
import { Pagination } from "./Pagination";

/**
 * Cards a grid shows in its first render: about a screenful (two rows of four on a wide
 * screen). The rest follow in a background render right after, so the first cards appear
 * without waiting for React to build all 24.
 */
export const firstScreenful = 8;

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
  // the first render takes a screenful; the deferred one (a transition) every card
  const shown = useDeferredValue(items.length, Math.min(items.length, firstScreenful));
  return (
    <>
      <ItemGrid label={label}>
        {items.slice(0, shown).map((item) => (
          <ItemGridCell key={item.id}>
            <ItemCard item={item} corner={corner?.(item)} headingLevel={headingLevel} />
          </ItemGridCell>
        ))}
      </ItemGrid>
      <Pagination page={page} pages={pages} onChange={onPage} />
    </>
  );
}
