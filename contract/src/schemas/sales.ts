import * as z from "zod/mini";
import { afterSaleLimits } from "../after-sale-limits.js";
import { digits, id, isoTime, personSchema, won } from "./primitives.js";
import { emptyOrVisibleText, multiLineText, visibleText } from "./text.js";

/** A rating one party of a sale leaves the other: 1–5 and a short text. */
export const ratingBodySchema = z.strictObject({
  score: z.int().check(z.minimum(1), z.maximum(5)),
  comment: z._default(
    z
      .string()
      .check(
        z.maxLength(afterSaleLimits.ratingCommentMaxLength),
        multiLineText,
        emptyOrVisibleText,
        z.trim(),
      ),
    "",
  ),
});

export type RatingInput = z.input<typeof ratingBodySchema>;

export const ratingSchema = z.object({
  itemId: id,
  score: z.int(),
  comment: z.string(),
  rater: personSchema,
  createdAt: isoTime,
});

export type Rating = z.infer<typeof ratingSchema>;

export const saleRoleSchema = z.enum(["buyer", "seller"]);
export type SaleRole = z.infer<typeof saleRoleSchema>;

/**
 * A sold item as one of its two parties sees it. `counterpart.phone` (the number given at
 * signup) is in no other response of the API: only the buyer and the seller read it here.
 */
export const saleSchema = z.object({
  itemId: id,
  title: z.string(),
  role: saleRoleSchema,
  finalPrice: won,
  settledAt: isoTime,
  handedOverAt: z.nullable(isoTime),
  counterpart: z.object({ id, nickname: z.string(), phone: z.string() }),
  myRating: z.nullable(ratingSchema),
  theirRating: z.nullable(ratingSchema),
});

export type Sale = z.infer<typeof saleSchema>;

export const saleEnvelopeSchema = z.object({ sale: saleSchema });
export const ratingEnvelopeSchema = z.object({ rating: ratingSchema });

export const messageBodySchema = z.strictObject({
  body: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(afterSaleLimits.messageMaxLength),
      multiLineText,
      visibleText,
      z.trim(),
    ),
});

export const messageSchema = z.object({
  id,
  itemId: id,
  sender: personSchema,
  body: z.string(),
  createdAt: isoTime,
});

export type Message = z.infer<typeof messageSchema>;

export const messageEnvelopeSchema = z.object({ message: messageSchema });

/** Pages of a newest-first list: `before` is the id the next (older) page starts below. */
export const pageQuerySchema = z.strictObject({
  before: z.optional(digits(/^[1-9]\d{0,14}$/, "must be a positive integer")),
  limit: z._default(
    z.pipe(
      digits(/^\d{1,3}$/, `must be an integer from 1 to ${afterSaleLimits.threadPageMax}`),
      z.int().check(z.minimum(1), z.maximum(afterSaleLimits.threadPageMax)),
    ),
    afterSaleLimits.threadPageDefault,
  ),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

/** Newest first; `nextBefore` is null on the last page. */
export const messagePageSchema = z.object({
  messages: z.array(messageSchema),
  nextBefore: z.nullable(id),
});

export type MessagePage = z.infer<typeof messagePageSchema>;
