/**
 * The contract's bid increment: the first bid is at least the start price; later bids at least
 * the current price + max(100, 1% of it rounded up to 100 won).
 */
export function minNextBid(currentPrice: number, bidCount: number, startPrice: number): number {
  if (bidCount === 0) return startPrice;
  const onePercentRoundedUp = Math.ceil(currentPrice / 100 / 100) * 100;
  return currentPrice + Math.max(100, onePercentRoundedUp);
}
