import * as z from "zod/mini";
import { digits, id, isoTime } from "./primitives.js";
import { ratingSchema } from "./sales.js";

export const userParamsSchema = z.strictObject({
  id: digits(/^[1-9]\d{0,14}$/, "must be a positive integer"),
});

/** What anyone may read of a user's ratings: how many, their mean, the newest few. */
export const ratingsSummarySchema = z.object({
  count: z.int(),
  /** Mean score rounded to one decimal, null without ratings. */
  average: z.nullable(z.number()),
  recent: z.array(ratingSchema),
});

export type RatingsSummary = z.infer<typeof ratingsSummarySchema>;

/** A user's public profile: never the phone number. */
export const publicProfileSchema = z.object({
  id,
  username: z.string(),
  nickname: z.string(),
  joinedAt: isoTime,
  ratings: ratingsSummarySchema,
});

export type PublicProfile = z.infer<typeof publicProfileSchema>;

export const profileEnvelopeSchema = z.object({ user: publicProfileSchema });
