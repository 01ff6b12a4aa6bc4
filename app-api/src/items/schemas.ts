import { z } from "zod";

export const MAX_START_PRICE = 1_000_000_000;
export const MIN_START_PRICE = 100;

/** Path parameters come as text; only plain digits are an id. */
export const itemParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, "must be a positive integer")
    .transform(Number),
});

export const itemStatusSchema = z.enum(["open", "sold", "unsold"]);
export const personSchema = z.object({ id: z.number().int(), nickname: z.string() });

export const itemSummarySchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    imageUrl: z.string().meta({ example: "/api/images/3f9c0a7e5b1d4c2a8e6f0b9d7c5a3e1f.jpg" }),
    startPrice: z.number().int(),
    currentPrice: z.number().int(),
    bidCount: z.number().int(),
    endsAt: z.iso.datetime(),
    status: itemStatusSchema,
    seller: personSchema,
  })
  .meta({ id: "ItemSummary" });

export const bidViewSchema = z.object({
  amount: z.number().int(),
  bidder: personSchema,
  createdAt: z.iso.datetime(),
});

export const itemDetailSchema = itemSummarySchema
  .extend({
    description: z.string(),
    startsAt: z.iso.datetime(),
    minNextBid: z.number().int(),
    winner: personSchema.nullable(),
    finalPrice: z.number().int().nullable(),
    bids: z.array(bidViewSchema),
  })
  .meta({ id: "ItemDetail" });

export type ItemSummary = z.infer<typeof itemSummarySchema>;
export type ItemDetail = z.infer<typeof itemDetailSchema>;

const pageNumber = z
  .string()
  .regex(/^\d{1,6}$/, "must be a positive integer")
  .transform(Number)
  .pipe(z.number().int().min(1));

export const listItemsQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  sort: z.enum(["latest", "ending", "price_desc", "price_asc"]).default("latest"),
  status: z.enum(["open", "closed", "all"]).default("open"),
  page: pageNumber.default(1),
  pageSize: z
    .string()
    .regex(/^\d{1,2}$/, "must be an integer from 1 to 60")
    .transform(Number)
    .pipe(z.number().int().min(1).max(60))
    .default(24),
});

export type ListItemsQuery = z.infer<typeof listItemsQuerySchema>;

export const itemListSchema = z
  .object({
    items: z.array(itemSummarySchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: "ItemList" });

/**
 * Multipart fields arrive as text, so money is accepted only as plain digits: no sign,
 * no exponent, no decimal point.
 */
export const newItemFieldsSchema = z.strictObject({
  title: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((value) => !/\p{Cc}/u.test(value), "must not contain control characters"),
  description: z.string().max(5000).default(""),
  startPrice: z
    .string()
    .regex(/^\d{1,10}$/, "must be a whole number of won")
    .transform(Number)
    .pipe(z.number().int().min(MIN_START_PRICE).max(MAX_START_PRICE)),
  endsAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
});

export type NewItemFields = z.infer<typeof newItemFieldsSchema>;

/** The multipart body as documented in OpenAPI (the image travels as a file part). */
export const newItemFormSchema = z
  .object({
    title: z.string().min(1).max(100),
    description: z.string().max(5000).optional(),
    startPrice: z.string().regex(/^\d+$/).meta({ example: "10000" }),
    endsAt: z.iso.datetime({ offset: true }),
    image: z.string().meta({ format: "binary", description: "JPEG, PNG, WebP or GIF, ≤ 5 MiB" }),
  })
  .meta({ id: "NewItemForm" });
