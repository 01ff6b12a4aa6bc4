import * as z from "zod/mini";
import { afterSaleLimits } from "../after-sale-limits.js";
import { id, isoTime, won } from "./primitives.js";
import { messageSchema } from "./sales.js";

/**
 * What a notification tells its reader: `outbid` (someone outbid you), `sold` / `unsold` (your
 * auction ended), `won` (you won an auction), `message` (the other party of a sale wrote),
 * `ending` (an auction on your watchlist ends within minutes).
 */
export const notificationKinds = ["outbid", "sold", "unsold", "won", "message", "ending"] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationSchema = z.object({
  id,
  kind: notificationKindSchema,
  item: z.object({ id, title: z.string() }),
  /** The price it is about: the new price (outbid), the final price (sold, won), the current
   * price (ending); else null. */
  amount: z.nullable(won),
  read: z.boolean(),
  createdAt: isoTime,
});

export type Notification = z.infer<typeof notificationSchema>;

/** Newest first; `nextBefore` is null on the last page. */
export const notificationPageSchema = z.object({
  notifications: z.array(notificationSchema),
  unreadCount: z.int(),
  nextBefore: z.nullable(id),
});

export type NotificationPage = z.infer<typeof notificationPageSchema>;

/** Marks the given notifications of mine read, or every one of them with `all: true`. */
export const markReadBodySchema = z
  .strictObject({
    ids: z.optional(
      z
        .array(z.int().check(z.minimum(1)))
        .check(z.minLength(1), z.maxLength(afterSaleLimits.threadPageMax)),
    ),
    all: z.optional(z.boolean()),
  })
  .check(
    // One of the two: a union would do, but would put zod's union code in the web's entry chunk.
    z.refine((body) => (body.ids === undefined) !== (body.all !== true) && body.all !== false, {
      message: "give either ids or all: true",
    }),
  );

export type MarkReadInput = z.input<typeof markReadBodySchema>;

export const unreadCountSchema = z.object({ unreadCount: z.int() });

/** SSE `notification` on `GET /api/me/events`: a new notification and the unread count after it. */
export const notificationEventSchema = z.object({
  notification: notificationSchema,
  unreadCount: z.int(),
});

/** SSE `unread` on `GET /api/me/events`: sent on connect and whenever the count changes. */
export const unreadEventSchema = unreadCountSchema;

/** SSE `message` on `GET /api/me/events`: a new message in a thread of one of my sales. */
export const messageEventSchema = z.object({ message: messageSchema });

/** The events of `GET /api/me/events`, by event name. */
export const myEventSchemas = {
  unread: unreadEventSchema,
  notification: notificationEventSchema,
  message: messageEventSchema,
} as const;

export type NotificationEventPayload = z.infer<typeof notificationEventSchema>;
export type MessageEventPayload = z.infer<typeof messageEventSchema>;
