import * as z from "zod/mini";

/** Response shapes of shared/API.md, checked at the boundary so the UI only ever sees typed data. */

const isoTime = z.iso.datetime({ offset: true });
const won = z.int();

export const userSchema = z.object({ id: z.int(), username: z.string(), nickname: z.string() });
export type User = z.infer<typeof userSchema>;

export const personSchema = z.object({ id: z.int(), nickname: z.string() });
export type Person = z.infer<typeof personSchema>;

export const itemStatusSchema = z.enum(["open", "sold", "unsold"]);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

export const itemSummarySchema = z.object({
  id: z.int(),
  title: z.string(),
  imageUrl: z.string(),
  startPrice: won,
  currentPrice: won,
  bidCount: z.int(),
  endsAt: isoTime,
  status: itemStatusSchema,
  seller: personSchema,
});
export type ItemSummary = z.infer<typeof itemSummarySchema>;

export const bidSchema = z.object({ amount: won, bidder: personSchema, createdAt: isoTime });
export type Bid = z.infer<typeof bidSchema>;

export const itemDetailSchema = z.extend(itemSummarySchema, {
  description: z.string(),
  startsAt: isoTime,
  minNextBid: won,
  winner: z.nullable(personSchema),
  finalPrice: z.nullable(won),
  bids: z.array(bidSchema),
});
export type ItemDetail = z.infer<typeof itemDetailSchema>;

export const sessionSchema = z.object({ user: userSchema });
export const meSchema = z.object({ user: userSchema });

export const itemPageSchema = z.object({
  items: z.array(itemSummarySchema),
  page: z.int(),
  pageSize: z.int(),
  total: z.int(),
});
export type ItemPage = z.infer<typeof itemPageSchema>;

export const itemEnvelopeSchema = z.object({ item: itemDetailSchema });

export const bidResultSchema = z.object({
  bid: z.object({ amount: won }),
  item: z.object({ currentPrice: won, bidCount: z.int(), endsAt: isoTime, minNextBid: won }),
});
export type BidResult = z.infer<typeof bidResultSchema>;

export const myItemsSchema = z.object({ items: z.array(itemSummarySchema) });

export const purchaseSchema = z.extend(itemSummarySchema, {
  finalPrice: won,
  settledAt: isoTime,
});
export type Purchase = z.infer<typeof purchaseSchema>;
export const myPurchasesSchema = z.object({ items: z.array(purchaseSchema) });

export const myBidSchema = z.extend(itemSummarySchema, { myMaxBid: won, leading: z.boolean() });
export type MyBid = z.infer<typeof myBidSchema>;
export const myBidsSchema = z.object({ items: z.array(myBidSchema) });

/** Payload of the SSE `price` event. */
export const priceEventSchema = z.object({
  currentPrice: won,
  bidCount: z.int(),
  endsAt: isoTime,
  minNextBid: won,
  status: itemStatusSchema,
});
export type PriceEvent = z.infer<typeof priceEventSchema>;

/** Payload of the SSE `closed` event; the outcome fields are read when the server sends them. */
export const closedEventSchema = z.object({
  status: z.optional(itemStatusSchema),
  winner: z.optional(z.nullable(personSchema)),
  finalPrice: z.optional(z.nullable(won)),
});
export type ClosedEvent = z.infer<typeof closedEventSchema>;

const fieldProblemSchema = z.object({
  message: z.string(),
  path: z.optional(z.union([z.string(), z.array(z.union([z.string(), z.number()]))])),
  field: z.optional(z.string()),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});

/** VALIDATION_FAILED `details`: a list of field problems, bare or wrapped, or a field → message map. */
export const fieldProblemListSchema = z.union([
  z.array(fieldProblemSchema),
  z.pipe(
    z.object({ fields: z.array(fieldProblemSchema) }),
    z.transform((value) => value.fields),
  ),
  z.pipe(
    z.object({ issues: z.array(fieldProblemSchema) }),
    z.transform((value) => value.issues),
  ),
]);
export const fieldMessageMapSchema = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())]),
);

export const bidTooLowDetailsSchema = z.object({ minNextBid: won });
