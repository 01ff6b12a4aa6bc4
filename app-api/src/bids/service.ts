import { type ErrorCode, minNextBid, type PlacedBid } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import { lockItemForBid, recordBid } from "./repository.js";

export type BidOutcome = "accepted" | ErrorCode;

export interface BidsService {
  place(input: { itemId: number; bidderId: number; amount: number }): Promise<PlacedBid>;
}

export interface BidsServiceOptions {
  antiSnipingSeconds: number;
  /** Called after each attempt with its outcome (for metrics). */
  onOutcome: (outcome: BidOutcome) => void;
  /** Called after a bid has committed, so live viewers hear about it. */
  onAccepted: (itemId: number) => void;
}

export function createBidsService(pool: Pool, options: BidsServiceOptions): BidsService {
  async function placeInTransaction(input: {
    itemId: number;
    bidderId: number;
    amount: number;
  }): Promise<PlacedBid> {
    return withTransaction(pool, async (connection) => {
      const item = await lockItemForBid(connection, input.itemId);
      if (!item) throw new HttpError("NOT_FOUND", "No such item.");
      if (item.sellerId === input.bidderId) {
        throw new HttpError("OWN_ITEM", "You cannot bid on your own item.");
      }
      if (item.status !== "open" || !item.beforeEnd) {
        throw new HttpError("AUCTION_CLOSED", "This auction has ended.");
      }
      const least = minNextBid(item);
      if (input.amount < least) {
        throw new HttpError("BID_TOO_LOW", `The least accepted bid is ${least} won.`, {
          minNextBid: least,
        });
      }
      const recorded = await recordBid(connection, item, {
        ...input,
        antiSnipingSeconds: options.antiSnipingSeconds,
      });
      return {
        bid: {
          id: recorded.bidId,
          amount: input.amount,
          bidder: { id: input.bidderId },
          createdAt: recorded.createdAt.toISOString(),
        },
        item: {
          currentPrice: recorded.currentPrice,
          bidCount: recorded.bidCount,
          endsAt: recorded.endsAt.toISOString(),
          minNextBid: minNextBid({
            startPrice: item.startPrice,
            currentPrice: recorded.currentPrice,
            bidCount: recorded.bidCount,
          }),
        },
        leading: true,
        maxAmount: null,
      };
    });
  }

  return {
    async place(input) {
      try {
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
