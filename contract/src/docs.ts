/**
 * The contract's prose for readers of the OpenAPI document: component names, examples and what
 * each route does. Kept apart from the schemas and the route table so that the web app, which
 * bundles those, carries none of it.
 */
import * as z from "zod/mini";
import { errorBodySchema } from "./errors.js";
import { limits } from "./limits.js";
import type { RouteName } from "./routes.js";
import {
  loginBodySchema,
  phoneSchema,
  sessionSchema,
  signupBodySchema,
  usernameSchema,
  userSchema,
} from "./schemas/auth.js";
import { bidBodySchema, placedBidSchema } from "./schemas/bids.js";
import { closedEventSchema, priceEventSchema } from "./schemas/events.js";
import {
  itemDetailSchema,
  itemListSchema,
  itemSummarySchema,
  newItemFieldsSchema,
} from "./schemas/items.js";
import { myBidsSchema, myItemsSchema, myPurchasesSchema } from "./schemas/me.js";
import {
  markReadBodySchema,
  messageEventSchema,
  notificationEventSchema,
  notificationPageSchema,
  notificationSchema,
  unreadCountSchema,
} from "./schemas/notifications.js";
import {
  messageBodySchema,
  messagePageSchema,
  messageSchema,
  ratingBodySchema,
  ratingSchema,
  saleSchema,
} from "./schemas/sales.js";
import { publicProfileSchema } from "./schemas/users.js";

export interface SchemaDoc {
  /** The schema's name under `components.schemas`. */
  id?: string;
  example?: unknown;
  description?: string;
}

/** Metadata for z.toJSONSchema (`metadata` option): names, examples, descriptions. */
export const schemaDocs = z.registry<SchemaDoc>();

const named: [z.core.$ZodType, string][] = [
  [errorBodySchema, "Error"],
  [signupBodySchema, "SignupRequest"],
  [loginBodySchema, "LoginRequest"],
  [userSchema, "User"],
  [sessionSchema, "Session"],
  [itemSummarySchema, "ItemSummary"],
  [itemDetailSchema, "ItemDetail"],
  [itemListSchema, "ItemList"],
  [newItemFieldsSchema, "NewItemForm"],
  [bidBodySchema, "BidRequest"],
  [placedBidSchema, "PlacedBid"],
  [myItemsSchema, "MyItems"],
  [myPurchasesSchema, "MyPurchases"],
  [myBidsSchema, "MyBids"],
  [priceEventSchema, "PriceEvent"],
  [closedEventSchema, "ClosedEvent"],
  [saleSchema, "Sale"],
  [ratingSchema, "Rating"],
  [ratingBodySchema, "RatingRequest"],
  [messageSchema, "Message"],
  [messageBodySchema, "MessageRequest"],
  [messagePageSchema, "MessagePage"],
  [notificationSchema, "Notification"],
  [notificationPageSchema, "NotificationPage"],
  [markReadBodySchema, "MarkReadRequest"],
  [unreadCountSchema, "UnreadCount"],
  [notificationEventSchema, "NotificationEvent"],
  [messageEventSchema, "MessageEvent"],
  [publicProfileSchema, "PublicProfile"],
];
for (const [schema, id] of named) schemaDocs.add(schema, { id });
schemaDocs.add(usernameSchema, { example: "kim_minsu" });
schemaDocs.add(phoneSchema, { example: "010-1234-5678" });
schemaDocs.add(itemSummarySchema.shape.imageUrl, {
  example: "/api/images/3f9c0a7e5b1d4c2a8e6f0b9d7c5a3e1f.jpg",
});
schemaDocs.add(newItemFieldsSchema.shape.startPrice, { example: "10000" });

export interface RouteDoc {
  summary: string;
  /** Of the success response. */
  description?: string;
  /** Of the multipart file part. */
  fileDescription?: string;
}

export const routeDocs: Record<RouteName, RouteDoc> = {
  signup: { summary: "Create an account and sign in" },
  login: { summary: "Sign in" },
  refresh: { summary: "Rotate the refresh cookie and get a new access token" },
  logout: { summary: "Revoke the refresh token and clear the cookies", description: "Signed out" },
  me: { summary: "The signed-in user" },
  listItems: { summary: "Search and list items" },
  createItem: {
    summary: "List an item for auction",
    fileDescription: `1–${limits.imagesPerItemMax} photos in the seller's order (the first is the cover), each JPEG, PNG, WebP or GIF, ≤ ${limits.imageMaxBytes / 1024 / 1024} MiB`,
  },
  getItem: { summary: "One item with its newest bids" },
  deleteItem: { summary: "Delete my item while nobody has bid on it", description: "Deleted" },
  reorderPhotos: {
    summary: "Reorder my item's photos (the first is the cover) while nobody has bid on it",
    description:
      "`order` must list each of the item's current photo positions once (a rule checked against the item).",
  },
  placeBid: { summary: "Bid on an item" },
  buyNow: { summary: "Buy an item at its buy-now price, ending the auction at once" },
  watchItem: {
    summary: "Watch an item (♡); watching it again changes nothing",
    description: "Watched",
  },
  unwatchItem: { summary: "Stop watching an item", description: "Not watched" },
  itemEvents: {
    summary: "Live `price` events, then `closed` once settled (Server-Sent Events)",
    description:
      "`price` events (PriceEvent) on connect and on every change, then one `closed` event (ClosedEvent) once settled",
  },
  getImage: { summary: "An uploaded image" },
  myItems: { summary: "My listings, every status, newest first" },
  myPurchases: { summary: "Auctions I won" },
  myBids: { summary: "Auctions I bid on" },
  userProfile: { summary: "A user's public profile with their ratings (never the phone number)" },
  getSale: {
    summary: "A sold item as its buyer or seller sees it, with the other party's contact",
  },
  markHandedOver: { summary: "The seller marks the item handed over" },
  rateSale: { summary: "Rate the other party of a sale once, after the handover" },
  listMessages: { summary: "The messages between the buyer and the seller, newest first" },
  sendMessage: { summary: "Write to the other party of a sale" },
  listNotifications: { summary: "My notifications, newest first, with the unread count" },
  markNotificationsRead: { summary: "Mark some or all of my notifications read" },
  myEvents: {
    summary: "My live `unread`, `notification` and `message` events (Server-Sent Events)",
    description:
      "`unread` (UnreadCount) on connect and on change, `notification` (NotificationEvent) for each new notification, `message` (MessageEvent) for each new message in one of my sales",
  },
  myWatchlist: { summary: "Items I watch, the latest watched first" },
};
