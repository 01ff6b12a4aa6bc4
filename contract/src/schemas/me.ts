import * as z from "zod/mini";
import { itemSummarySchema } from "./items.js";
import { isoTime, won } from "./primitives.js";

export const myItemsSchema = z.object({ items: z.array(itemSummarySchema) });

/** The items I watch (♡), the latest watched first. */
export const myWatchlistSchema = myItemsSchema;

export const myPurchaseSchema = z.extend(itemSummarySchema, {
  finalPrice: won,
  settledAt: isoTime,
});
export type MyPurchase = z.infer<typeof myPurchaseSchema>;

export const myPurchasesSchema = z.object({ items: z.array(myPurchaseSchema) });

export const myBidSchema = z.extend(itemSummarySchema, { myMaxBid: won, leading: z.boolean() });
export type MyBid = z.infer<typeof myBidSchema>;

export const myBidsSchema = z.object({ items: z.array(myBidSchema) });
