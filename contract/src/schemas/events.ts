import * as z from "zod/mini";
import { itemStatusSchema } from "./items.js";
import { isoTime, personSchema, won } from "./primitives.js";

/** Payload of the SSE `price` event: sent on connect and on every change. */
export const priceEventSchema = z.object({
  currentPrice: won,
  bidCount: z.int(),
  endsAt: isoTime,
  minNextBid: won,
  status: itemStatusSchema,
});

export type PriceEvent = z.infer<typeof priceEventSchema>;

/** Payload of the SSE `closed` event: sent once the item is settled, then the stream ends. */
export const closedEventSchema = z.object({
  status: z.enum(["sold", "unsold"]),
  winner: z.nullable(personSchema),
  finalPrice: z.nullable(won),
});

export type ClosedEvent = z.infer<typeof closedEventSchema>;

/** The events of `GET /api/items/{id}/events`, by event name. */
export const itemEventSchemas = { price: priceEventSchema, closed: closedEventSchema } as const;
