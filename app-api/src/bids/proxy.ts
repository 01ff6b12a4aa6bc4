import { minNextBid } from "@ssgbay/contract";

/** A bidder's standing maximum on an item (proxy bid), oldest first. */
export interface StandingMax {
  bidderId: number;
  maxAmount: number;
}

export interface ExchangeState {
  startPrice: number;
  /** The price after the bid just placed, and who placed it. */
  price: number;
  bidCount: number;
  leaderId: number;
}

export interface AutomaticBid {
  bidderId: number;
  amount: number;
}

/**
 * The automatic bids that answer the bid just placed (eBay-style proxy bidding). Whenever the
 * leader has a rival whose standing maximum still covers `minNextBid`, the strongest such rival
 * (highest maximum, the older one on a tie) and the leader take turns bidding `minNextBid`
 * while their maximums cover it; the one who bid last leads. Of each exchange only the last bid
 * of each side is returned, so the winner pays one step over the loser's last bid and a
 * maximum is never written unless it happens to be a step. Amounts strictly increase, each at
 * least `minNextBid` of the one before, so the bid rules hold for every returned bid.
 */
export function resolveAutomaticBids(
  state: ExchangeState,
  standing: readonly StandingMax[],
): AutomaticBid[] {
  const maxOf = (bidderId: number) =>
    standing.find((entry) => entry.bidderId === bidderId)?.maxAmount ?? 0;
  const written: AutomaticBid[] = [];
  let { price, bidCount, leaderId } = state;
  const next = (current: number, count: number) =>
    minNextBid({ startPrice: state.startPrice, currentPrice: current, bidCount: count });

  for (;;) {
    const least = next(price, bidCount);
    let rival: StandingMax | undefined;
    for (const entry of standing) {
      if (entry.bidderId === leaderId || entry.maxAmount < least) continue;
      if (!rival || entry.maxAmount > rival.maxAmount) rival = entry;
    }
    if (!rival) return written;

    const sides = [rival.bidderId, leaderId] as const;
    const maxima = [rival.maxAmount, maxOf(leaderId)];
    const last: [number | undefined, number | undefined] = [undefined, undefined];
    let turn: 0 | 1 = 0;
    let step = price;
    let count = bidCount;
    for (;;) {
      const amount = next(step, count);
      if (amount > (maxima[turn] ?? 0)) break;
      step = amount;
      count += 1;
      last[turn] = amount;
      turn = turn === 0 ? 1 : 0;
    }
    // `turn` could not answer, so the other side bid last and leads.
    const winner: 0 | 1 = turn === 0 ? 1 : 0;
    const loser = turn;
    const loserLast = last[loser];
    const winnerLast = last[winner];
    if (loserLast !== undefined) written.push({ bidderId: sides[loser], amount: loserLast });
    if (winnerLast !== undefined) written.push({ bidderId: sides[winner], amount: winnerLast });
    bidCount += (loserLast === undefined ? 0 : 1) + (winnerLast === undefined ? 0 : 1);
    price = step;
    leaderId = sides[winner];
  }
}
