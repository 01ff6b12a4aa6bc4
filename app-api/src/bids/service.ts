import { type ErrorCode, maxNextBid, minNextBid, type PlacedBid } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { withTransaction } from "../db/transaction.js";
import { HttpError } from "../http/errors.js";
import { insertNotification } from "../notifications/repository.js";
import { resolveAutomaticBids } from "./proxy.js";
import {
  findLeader,
  lockItemForBid,
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

export function createBidsService(pool: Pool, options: BidsServiceOptions): BidsService {
  async function placeInTransaction(input: BidInput): Promise<PlacedBid> {
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
      const most = maxNextBid(item);
      if (input.amount > most) {
        throw new HttpError("BID_TOO_HIGH", `The largest accepted bid is ${most} won.`, {
          maxNextBid: most,
        });
      }
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
