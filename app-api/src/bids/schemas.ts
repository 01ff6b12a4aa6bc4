import { z } from "zod";

export const bidBodySchema = z
  .strictObject({
    amount: z
      .number({ error: "must be a whole number of won" })
      .int("must be a whole number of won")
      .min(1)
      .max(Number.MAX_SAFE_INTEGER),
  })
  .meta({ id: "BidRequest" });

export const placedBidSchema = z
  .object({
    bid: z.object({
      id: z.number().int(),
      amount: z.number().int(),
      bidder: z.object({ id: z.number().int() }),
      createdAt: z.iso.datetime(),
    }),
    item: z.object({
      currentPrice: z.number().int(),
      bidCount: z.number().int(),
      endsAt: z.iso.datetime(),
      minNextBid: z.number().int(),
    }),
  })
  .meta({ id: "PlacedBid" });

export type PlacedBid = z.infer<typeof placedBidSchema>;
