export interface PricedItem {
  startPrice: number;
  currentPrice: number;
  bidCount: number;
}

/** The least raise over the current price: 1% of it rounded up to 100 won, at least 100 won. */
export function bidIncrement(currentPrice: number): number {
  return Math.max(100, Math.ceil(currentPrice / 10_000) * 100);
}

/** The least accepted next bid: the start price first, then the current price plus its increment. */
export function minNextBid(item: PricedItem): number {
  if (item.bidCount === 0) return item.startPrice;
  return item.currentPrice + bidIncrement(item.currentPrice);
}
