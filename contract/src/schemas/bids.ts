import * as z from "zod/mini";
import { id, isoTime, won } from "./primitives.js";

const bidAmount = z
  .int({ error: "must be a whole number of won" })
  .check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));

/**
 * `amount` is bid now; `maxAmount` (at least `amount`) lets the server bid for you, one least
 * accepted step at a time, whenever someone outbids you, up to that maximum (proxy bidding).
 */
export const bidBodySchema = z
  .strictObject({ amount: bidAmount, maxAmount: z.optional(bidAmount) })
  .check(
    z.refine((bid) => bid.maxAmount === undefined || bid.maxAmount >= bid.amount, {
      message: "must be at least the amount",
      path: ["maxAmount"],
    }),
  );

export type BidInput = z.input<typeof bidBodySchema>;

export const placedBidSchema = z.object({
  bid: z.object({ id, amount: won, bidder: z.object({ id }), createdAt: isoTime }),
  item: z.object({ currentPrice: won, bidCount: z.int(), endsAt: isoTime, minNextBid: won }),
  /** Whether you lead after automatic (proxy) bids answered yours. */
  leading: z.boolean(),
  /** Your own standing maximum on this item (never shown to anyone else), or null. */
  maxAmount: z.nullable(won),
});

export type PlacedBid = z.infer<typeof placedBidSchema>;
