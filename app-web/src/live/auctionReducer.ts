import type {
  ClosedEvent,
  ItemDetail,
  ItemStatus,
  Person,
  PlacedBid,
  PriceEvent,
} from "@ssgbay/contract";

/** What the item page shows live; fed by the first fetch, SSE events and our own bids. */
export interface AuctionState {
  currentPrice: number;
  bidCount: number;
  endsAt: string;
  minNextBid: number;
  status: ItemStatus;
  winner: Person | null;
  finalPrice: number | null;
  /** Set when a soft-close bid moved endsAt later than what we showed before. */
  extendedTo: string | null;
  /** True once the server said the auction is over, before the outcome is known. */
  closed: boolean;
}

export type AuctionAction =
  | { type: "snapshot"; item: ItemDetail }
  | { type: "price"; event: PriceEvent }
  | { type: "bidAccepted"; result: PlacedBid }
  | { type: "closed"; event: Partial<ClosedEvent> };

export function initialAuctionState(item: ItemDetail): AuctionState {
  return {
    currentPrice: item.currentPrice,
    bidCount: item.bidCount,
    endsAt: item.endsAt,
    minNextBid: item.minNextBid,
    status: item.status,
    winner: item.winner,
    finalPrice: item.finalPrice,
    extendedTo: null,
    closed: item.status !== "open",
  };
}

interface PriceUpdate {
  currentPrice: number;
  bidCount: number;
  endsAt: string;
  minNextBid: number;
}

/**
 * Applies a price update unless it is older than what we show: bid counts only grow, so an
 * update with fewer bids arrived out of order (e.g. an SSE event overtaken by our own bid's answer).
 */
function applyPrice(state: AuctionState, update: PriceUpdate): AuctionState {
  if (update.bidCount < state.bidCount) return state;
  const endsLater = Date.parse(update.endsAt) > Date.parse(state.endsAt);
  return {
    ...state,
    currentPrice: update.currentPrice,
    bidCount: update.bidCount,
    minNextBid: update.minNextBid,
    endsAt: endsLater ? update.endsAt : state.endsAt,
    extendedTo: endsLater ? update.endsAt : state.extendedTo,
  };
}

export function auctionReducer(state: AuctionState, action: AuctionAction): AuctionState {
  switch (action.type) {
    case "snapshot": {
      const next = initialAuctionState(action.item);
      return next.bidCount < state.bidCount && next.status === "open"
        ? state
        : { ...next, extendedTo: state.extendedTo };
    }
    case "bidAccepted":
      return applyPrice(state, action.result.item);
    case "price": {
      const next = applyPrice(state, action.event);
      return action.event.status === "open"
        ? next
        : { ...next, status: action.event.status, closed: true };
    }
    case "closed":
      return {
        ...state,
        closed: true,
        status: action.event.status ?? state.status,
        winner: action.event.winner === undefined ? state.winner : action.event.winner,
        finalPrice:
          action.event.finalPrice === undefined ? state.finalPrice : action.event.finalPrice,
      };
  }
}
