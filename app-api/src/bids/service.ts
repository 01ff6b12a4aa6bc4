import { type ErrorCode, maxNextBid, minNextBid, type PlacedBid } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import { insertNotification } from "../notifications/repository.js";
import { resolveAutomaticBids } from "./proxy.js";
import {
  type BidItem,
  findLeader,
  lockItemForBid,
  peekItemForBid,
  recordAutomaticBids,
  recordBid,
  saveAndReadStandingMaxima,
} from "./repository.js";

export type BidOutcome = "accepted" | ErrorCode;

export interface BidInput {
  itemId: number;
  bidderId: number;
  amount: number;
  /** The most the server may bid for this bidder on this item (proxy bidding). */
  maxAmount?: number;
}

export interface BidsService {
  place(input: BidInput): Promise<PlacedBid>;
}

export interface BidsServiceOptions {
  antiSnipingSeconds: number;
  /** Called after each attempt with its outcome (for metrics). */
  onOutcome: (outcome: BidOutcome) => void;
  /** Called after a bid has committed, so live viewers hear about it. */
  onAccepted: (itemId: number) => void;
}

/**
 * The refusal a bid earns against a view of its item, or undefined; the checks and their order
 * are the contract's. Under the row lock (`locked`) every rule is decided. On a lock-free read,
 * only refusals no concurrent bid can undo are given: the seller never changes, a closed status
 * never reopens, and the least next bid only rises. An end time that has passed may still be
 * moved by a soft close committing now, and the largest bid rises with the price, so both wait
 * for the lock.
 */
function refusalOf(item: BidItem, input: BidInput, locked: boolean): HttpError | undefined {
  if (item.sellerId === input.bidderId) {
    return new HttpError("OWN_ITEM", "You cannot bid on your own item.");
  }
  if (item.status !== "open") return auctionClosed();
  if (!item.beforeEnd) return locked ? auctionClosed() : undefined;
  const least = minNextBid(item);
  if (input.amount < least) {
    return new HttpError("BID_TOO_LOW", `The least accepted bid is ${least} won.`, {
      minNextBid: least,
    });
  }
  if (!locked) return undefined;
  const most = maxNextBid(item);
  if (input.amount > most) {
    return new HttpError("BID_TOO_HIGH", `The largest accepted bid is ${most} won.`, {
      maxNextBid: most,
    });
  }
  return undefined;
}

const auctionClosed = () => new HttpError("AUCTION_CLOSED", "This auction has ended.");
const noSuchItem = () => new HttpError("NOT_FOUND", "No such item.");

export function createBidsService(pool: Pool, options: BidsServiceOptions): BidsService {
  /**
   * A plain (lock-free) read first: most refused bids are refused here and never queue for the
   * row lock behind the bids that win.
   */
  async function refuseEarly(input: BidInput): Promise<void> {
    const seen = await peekItemForBid(pool, input.itemId);
    if (!seen) throw noSuchItem();
    const refusal = refusalOf(seen, input, false);
    if (refusal) throw refusal;
  }

  async function placeInTransaction(input: BidInput): Promise<PlacedBid> {
    return withTransaction(pool, async (connection) => {
      const item = await lockItemForBid(connection, input.itemId);
      if (!item) throw noSuchItem();
      const refusal = refusalOf(item, input, true);
      if (refusal) throw refusal;
      const previousLeader = await findLeader(connection, input.itemId);
      const recorded = await recordBid(connection, item, {
        ...input,
        antiSnipingSeconds: options.antiSnipingSeconds,
      });
      const standing = await saveAndReadStandingMaxima(connection, {
        itemId: input.itemId,
        bidderId: input.bidderId,
        maxAmount: input.maxAmount,
        now: item.now,
      });
      const automatic = resolveAutomaticBids(
        {
          startPrice: item.startPrice,
          price: recorded.currentPrice,
          bidCount: recorded.bidCount,
          leaderId: input.bidderId,
        },
        standing,
      );
      await recordAutomaticBids(connection, {
        itemId: input.itemId,
        at: item.now,
        bids: automatic,
      });
      const currentPrice = automatic.at(-1)?.amount ?? recorded.currentPrice;
      const bidCount = recorded.bidCount + automatic.length;
      const leaderId = automatic.at(-1)?.bidderId ?? input.bidderId;
      // The bidder learns from `leading`; the leader this bid displaced is told.
      if (
        previousLeader !== undefined &&
        previousLeader !== leaderId &&
        previousLeader !== input.bidderId
      ) {
        await insertNotification(connection, {
          userId: previousLeader,
          kind: "outbid",
          itemId: input.itemId,
          amount: currentPrice,
        });
      }
      const mine = standing.find((entry) => entry.bidderId === input.bidderId);
      return {
        bid: {
          id: recorded.bidId,
          amount: input.amount,
          bidder: { id: input.bidderId },
          createdAt: recorded.createdAt.toISOString(),
        },
        item: {
          currentPrice,
          bidCount,
          endsAt: recorded.endsAt.toISOString(),
          minNextBid: minNextBid({ startPrice: item.startPrice, currentPrice, bidCount }),
        },
        leading: leaderId === input.bidderId,
        maxAmount: mine?.maxAmount ?? null,
      };
    });
  }

  return {
    async place(input) {
      try {
        await refuseEarly(input);
        const placed = await placeInTransaction(input);
        options.onOutcome("accepted");
        options.onAccepted(input.itemId);
        return placed;
      } catch (error) {
        options.onOutcome(error instanceof HttpError ? error.code : "INTERNAL");
        throw error;
      }
    },
  };
}
