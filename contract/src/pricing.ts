import { limits } from "./limits.js";

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

/**
 * The largest accepted next bid: `bidMaxMultiple` × the current price (the start price before
 * the first bid), at most `bidMaxAmount` won. One bid can then never jump an auction to a price
 * nobody can outbid (a bid of 2^53 - 1 on a 1,000-won item did); and since it is never below
 * `minNextBid`, the least raise is always allowed, so no auction is ever frozen by its cap.
 */
export function maxNextBid(item: PricedItem): number {
  const base = item.bidCount === 0 ? item.startPrice : item.currentPrice;
  const cap = Math.min(limits.bidMaxAmount, base * limits.bidMaxMultiple);
  return Math.max(minNextBid(item), cap);
}
