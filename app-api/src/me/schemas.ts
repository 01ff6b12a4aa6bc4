import { z } from "zod";
import { itemSummarySchema } from "../items/schemas.js";

export const myItemsSchema = z
  .object({ items: z.array(itemSummarySchema) })
  .meta({ id: "MyItems" });

export const myPurchasesSchema = z
  .object({
    items: z.array(
      itemSummarySchema.extend({ finalPrice: z.number().int(), settledAt: z.iso.datetime() }),
    ),
  })
  .meta({ id: "MyPurchases" });

export const myBidsSchema = z
  .object({
    items: z.array(itemSummarySchema.extend({ myMaxBid: z.number().int(), leading: z.boolean() })),
  })
  .meta({ id: "MyBids" });

export type MyPurchase = z.infer<typeof myPurchasesSchema>["items"][number];
export type MyBid = z.infer<typeof myBidsSchema>["items"][number];
