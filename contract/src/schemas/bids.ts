import * as z from "zod/mini";
import { id, isoTime, won } from "./primitives.js";

export const bidBodySchema = z.strictObject({
  amount: z
    .int({ error: "must be a whole number of won" })
    .check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
});

export const placedBidSchema = z.object({
  bid: z.object({ id, amount: won, bidder: z.object({ id }), createdAt: isoTime }),
  item: z.object({ currentPrice: won, bidCount: z.int(), endsAt: isoTime, minNextBid: won }),
});

export type PlacedBid = z.infer<typeof placedBidSchema>;
