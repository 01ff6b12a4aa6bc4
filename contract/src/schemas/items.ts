import * as z from "zod/mini";
import { imageKeyPattern, limits } from "../limits.js";
import {
  digits,
  id,
  integerText,
  isoTime,
  pageQuery,
  pageSizeQuery,
  personSchema,
  shownText,
  won,
} from "./primitives.js";
import { emptyOrVisibleText, multiLineText } from "./text.js";

/** Path parameters come as text; only plain digits are an id. */
export const itemParamsSchema = z.strictObject({
  id: digits(/^[1-9]\d{0,14}$/, "must be a positive integer"),
});

export const imageParamsSchema = z.strictObject({
  key: z.string().check(z.regex(imageKeyPattern, "is not an image key")),
});

export const itemStatusSchema = z.enum(["open", "sold", "unsold"]);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

export const itemSummarySchema = z.object({
  id,
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

export const bidViewSchema = z.object({ amount: won, bidder: personSchema, createdAt: isoTime });
export type BidView = z.infer<typeof bidViewSchema>;

export const itemDetailSchema = z.extend(itemSummarySchema, {
  description: z.string(),
  startsAt: isoTime,
  minNextBid: won,
  winner: z.nullable(personSchema),
  finalPrice: z.nullable(won),
  /** The newest bids first, at most `limits.detailBidCount`. */
  bids: z.array(bidViewSchema),
});

export type ItemDetail = z.infer<typeof itemDetailSchema>;

export const itemEnvelopeSchema = z.object({ item: itemDetailSchema });

export const itemSortOrders = ["latest", "ending", "price_desc", "price_asc"] as const;
export const itemStatusFilters = ["open", "closed", "all"] as const;

export const listItemsQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(limits.searchMaxLength), z.trim())),
  sort: z._default(z.enum(itemSortOrders), "latest"),
  status: z._default(z.enum(itemStatusFilters), "open"),
  page: pageQuery,
  pageSize: pageSizeQuery,
});

export type ListItemsQuery = z.infer<typeof listItemsQuerySchema>;

export const itemListSchema = z.object({
  items: z.array(itemSummarySchema),
  page: z.int(),
  pageSize: z.int(),
  total: z.int(),
});

export type ItemList = z.infer<typeof itemListSchema>;

/**
 * The text fields of a new item's multipart body (the image travels as a file part). Money is
 * accepted only as plain digits: no sign, no exponent, no decimal point. Whether `endsAt` is
 * far enough ahead is judged by the server against the database clock.
 */
export const newItemFieldsSchema = z.strictObject({
  title: shownText(limits.titleMaxLength),
  description: z._default(
    z.string().check(z.maxLength(limits.descriptionMaxLength), multiLineText, emptyOrVisibleText),
    "",
  ),
  startPrice: integerText(
    limits.startPriceMin,
    limits.startPriceMax,
    `must be a whole number of won from ${limits.startPriceMin} to ${limits.startPriceMax}`,
  ),
  endsAt: z.pipe(
    z.iso.datetime({ offset: true }),
    z.transform((value: string) => new Date(value)),
  ),
});

export type NewItemFields = z.infer<typeof newItemFieldsSchema>;
