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

/**
 * A new order of an item's photos: the current positions (0 = the cover) in the order wanted,
 * each once (`[2, 0, 1]` makes the third photo the cover). That it lists every photo once is
 * checked against the item (400 `VALIDATION_FAILED`).
 */
export const photoOrderBodySchema = z.strictObject({
  order: z
    .array(z.int().check(z.minimum(0), z.maximum(limits.imagesPerItemMax - 1)))
    .check(z.minLength(1), z.maxLength(limits.imagesPerItemMax)),
});

export type PhotoOrderInput = z.infer<typeof photoOrderBodySchema>;

export const imageParamsSchema = z.strictObject({
  key: z.string().check(z.regex(imageKeyPattern, "is not an image key")),
});

export const itemStatusSchema = z.enum(["open", "sold", "unsold"]);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

/** The fixed list of categories a listing is filed under (the web names them in each language). */
export const itemCategories = [
  "digital",
  "camera",
  "fashion",
  "furniture",
  "books",
  "sports",
  "hobby",
  "etc",
] as const;
export type ItemCategory = (typeof itemCategories)[number];

/** 새 상품 / 거의 새것 / 사용감 있음 / 고장·부품용 */
export const itemConditions = ["new", "like_new", "used", "for_parts"] as const;
export type ItemCondition = (typeof itemConditions)[number];

/** 직거래 (in `tradeArea`), 택배, or either. */
export const tradeMethods = ["meetup", "delivery", "both"] as const;
export type TradeMethod = (typeof tradeMethods)[number];

/** Whether a trade method meets in person, so needs a `tradeArea`. */
export function meetsInPerson(method: TradeMethod): boolean {
  return method !== "delivery";
}

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
  category: z.enum(itemCategories),
  condition: z.enum(itemConditions),
  tradeMethod: z.enum(tradeMethods),
  /** Where to meet, when the trade method meets in person; otherwise null. */
  tradeArea: z.nullable(z.string()),
  /** Takes the item at once while the highest bid is below it; null when the seller set none. */
  buyNowPrice: z.nullable(won),
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
  /** Every photo's URL in the seller's order; the first is `imageUrl`, the cover. */
  images: z.array(z.string()),
  /** How many users watch the item (♡). */
  watchCount: z.int(),
});

export type ItemDetail = z.infer<typeof itemDetailSchema>;

export const itemEnvelopeSchema = z.object({ item: itemDetailSchema });

export const itemSortOrders = ["latest", "ending", "price_desc", "price_asc"] as const;
export const itemStatusFilters = ["open", "closed", "all"] as const;

export const listItemsQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(limits.searchMaxLength), z.trim())),
  sort: z._default(z.enum(itemSortOrders), "latest"),
  status: z._default(z.enum(itemStatusFilters), "open"),
  category: z.optional(z.enum(itemCategories)),
  /** Only this seller's items (a profile page). */
  seller: z.optional(digits(/^[1-9]\d{0,14}$/, "must be a positive integer")),
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
  // Defaults for a client that predates them (the single-photo form).
  category: z._default(z.enum(itemCategories), "etc"),
  condition: z._default(z.enum(itemConditions), "used"),
  tradeMethod: z._default(z.enum(tradeMethods), "delivery"),
  /** Required when the trade method meets in person (checked with it by the server). */
  tradeArea: z.optional(shownText(limits.tradeAreaMaxLength)),
  /** More than `startPrice` (checked with it by the server). */
  buyNowPrice: z.optional(
    integerText(
      limits.startPriceMin,
      limits.startPriceMax,
      `must be a whole number of won from ${limits.startPriceMin} to ${limits.startPriceMax}`,
    ),
  ),
});

export type NewItemFields = z.infer<typeof newItemFieldsSchema>;
