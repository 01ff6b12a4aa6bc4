/** The least next bid: the start price first, then the current price plus 1% (in 100s, ≥ 100). */
export function minNextBid(item: { startPrice: number; currentPrice: number; bidCount: number }) {
  if (item.bidCount === 0) return item.startPrice;
  const increment = Math.max(100, Math.ceil(item.currentPrice / 10_000) * 100);
  return item.currentPrice + increment;
}
