import type * as z from "zod/mini";
import { afterSaleRoutes } from "./after-sale-routes.js";
import type { ErrorCode } from "./errors.js";
import { limits } from "./limits.js";
import {
  loginBodySchema,
  meResponseSchema,
  sessionSchema,
  signupBodySchema,
} from "./schemas/auth.js";
import { bidBodySchema, placedBidSchema } from "./schemas/bids.js";
import { itemEventSchemas } from "./schemas/events.js";
import {
  imageParamsSchema,
  itemEnvelopeSchema,
  itemListSchema,
  itemParamsSchema,
  listItemsQuerySchema,
  newItemFieldsSchema,
  photoOrderBodySchema,
} from "./schemas/items.js";
import { myBidsSchema, myItemsSchema, myPurchasesSchema, myWatchlistSchema } from "./schemas/me.js";

export type HttpMethod = "GET" | "POST" | "DELETE";

export interface RouteDefinition {
  method: HttpMethod;
  /** The path under the site root, with `{name}` for each path parameter. */
  path: `/api/${string}`;
  tag: "auth" | "items" | "bids" | "images" | "me" | "users" | "sales" | "notifications";
  /** Needs a valid access token (cookie or Bearer). */
  auth: boolean;
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  /** A JSON body. */
  body?: z.core.$ZodType;
  /** A multipart body: text fields and the file part `file`, up to `maxFiles` times (1). */
  form?: { fields: z.ZodMiniObject; file: string; maxFiles?: number };
  response: {
    status: 200 | 201 | 204;
    /** JSON unless `contentType` says otherwise; absent for 204. */
    schema?: z.core.$ZodType;
    contentType?: string;
    /** Server-Sent Events: the payload schema of each event name. */
    events?: Record<string, z.core.$ZodType>;
  };
  /** The error codes this route answers with, besides INTERNAL and UNAVAILABLE (any route). */
  errors: readonly ErrorCode[];
}

/**
 * Errors any route may answer with. (Every POST and DELETE route also lists FORBIDDEN: a browser
 * request from another site is refused before it is looked at.)
 */
export const serverErrorCodes = ["INTERNAL", "UNAVAILABLE"] as const satisfies ErrorCode[];

/** The routes the web app's first page load needs a client for (its entry chunk bundles them). */
export const coreRoutes = {
  signup: {
    method: "POST",
    path: "/api/auth/signup",
    tag: "auth",
    auth: false,
    body: signupBodySchema,
    response: { status: 201, schema: sessionSchema },
    errors: [
      "VALIDATION_FAILED",
      "USERNAME_TAKEN",
      "NICKNAME_TAKEN",
      "PAYLOAD_TOO_LARGE",
      "RATE_LIMITED",
      "FORBIDDEN",
    ],
  },
  login: {
    method: "POST",
    path: "/api/auth/login",
    tag: "auth",
    auth: false,
    body: loginBodySchema,
    response: { status: 200, schema: sessionSchema },
    errors: ["VALIDATION_FAILED", "INVALID_CREDENTIALS", "RATE_LIMITED", "FORBIDDEN"],
  },
  refresh: {
    method: "POST",
    path: "/api/auth/refresh",
    tag: "auth",
    auth: false,
    response: { status: 200, schema: sessionSchema },
    errors: ["UNAUTHENTICATED", "RATE_LIMITED", "FORBIDDEN"],
  },
  logout: {
    method: "POST",
    path: "/api/auth/logout",
    tag: "auth",
    auth: false,
    response: { status: 204 },
    errors: ["FORBIDDEN"],
  },
  me: {
    method: "GET",
    path: "/api/auth/me",
    tag: "auth",
    auth: true,
    response: { status: 200, schema: meResponseSchema },
    errors: ["UNAUTHENTICATED"],
  },
  listItems: {
    method: "GET",
    path: "/api/items",
    tag: "items",
    auth: false,
    query: listItemsQuerySchema,
    response: { status: 200, schema: itemListSchema },
    errors: ["VALIDATION_FAILED"],
  },
  createItem: {
    method: "POST",
    path: "/api/items",
    tag: "items",
    auth: true,
    form: { fields: newItemFieldsSchema, file: "image", maxFiles: limits.imagesPerItemMax },
    response: { status: 201, schema: itemEnvelopeSchema },
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
    ],
  },
  getItem: {
    method: "GET",
    path: "/api/items/{id}",
    tag: "items",
    auth: false,
    params: itemParamsSchema,
    response: { status: 200, schema: itemEnvelopeSchema },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
  },
  deleteItem: {
    method: "DELETE",
    path: "/api/items/{id}",
    tag: "items",
    auth: true,
    params: itemParamsSchema,
    response: { status: 204 },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "HAS_BIDS"],
  },
  reorderPhotos: {
    method: "POST",
    path: "/api/items/{id}/photo-order",
    tag: "items",
    auth: true,
    params: itemParamsSchema,
    body: photoOrderBodySchema,
    response: { status: 200, schema: itemEnvelopeSchema },
    // HAS_BIDS: only before the first bid; AUCTION_CLOSED: only while the auction is open.
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "NOT_FOUND",
      "HAS_BIDS",
      "AUCTION_CLOSED",
    ],
  },
  placeBid: {
    method: "POST",
    path: "/api/items/{id}/bids",
    tag: "bids",
    auth: true,
    params: itemParamsSchema,
    body: bidBodySchema,
    response: { status: 201, schema: placedBidSchema },
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "OWN_ITEM",
      "NOT_FOUND",
      "BID_TOO_LOW",
      "BID_TOO_HIGH",
      "AUCTION_CLOSED",
    ],
  },
  buyNow: {
    method: "POST",
    path: "/api/items/{id}/buy-now",
    tag: "bids",
    auth: true,
    params: itemParamsSchema,
    response: { status: 200, schema: itemEnvelopeSchema },
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "OWN_ITEM",
      "NOT_FOUND",
      "AUCTION_CLOSED",
      "BUY_NOW_UNAVAILABLE",
    ],
  },
  watchItem: {
    method: "POST",
    path: "/api/items/{id}/watch",
    tag: "me",
    auth: true,
    params: itemParamsSchema,
    response: { status: 204 },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "NOT_FOUND"],
  },
  unwatchItem: {
    method: "DELETE",
    path: "/api/items/{id}/watch",
    tag: "me",
    auth: true,
    params: itemParamsSchema,
    response: { status: 204 },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED"],
  },
  itemEvents: {
    method: "GET",
    path: "/api/items/{id}/events",
    tag: "bids",
    auth: false,
    params: itemParamsSchema,
    response: { status: 200, contentType: "text/event-stream", events: itemEventSchemas },
    // RATE_LIMITED: too many streams open from the client's address (UNAVAILABLE: on the replica).
    errors: ["VALIDATION_FAILED", "NOT_FOUND", "RATE_LIMITED"],
  },
  getImage: {
    method: "GET",
    path: "/api/images/{key}",
    tag: "images",
    auth: false,
    params: imageParamsSchema,
    response: { status: 200, contentType: "image/*" },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
  },
  myItems: {
    method: "GET",
    path: "/api/me/items",
    tag: "me",
    auth: true,
    response: { status: 200, schema: myItemsSchema },
    errors: ["UNAUTHENTICATED"],
  },
  myPurchases: {
    method: "GET",
    path: "/api/me/purchases",
    tag: "me",
    auth: true,
    response: { status: 200, schema: myPurchasesSchema },
    errors: ["UNAUTHENTICATED"],
  },
  myWatchlist: {
    method: "GET",
    path: "/api/me/watchlist",
    tag: "me",
    auth: true,
    response: { status: 200, schema: myWatchlistSchema },
    errors: ["UNAUTHENTICATED"],
  },
  myBids: {
    method: "GET",
    path: "/api/me/bids",
    tag: "me",
    auth: true,
    response: { status: 200, schema: myBidsSchema },
    errors: ["UNAUTHENTICATED"],
  },
} as const satisfies Record<string, RouteDefinition>;

/**
 * Every route of the API: the API serves these paths, the OpenAPI document is generated from it
 * (with the prose in docs.ts) and the web's typed client is derived from it. Groups that only
 * some pages use live in their own modules, so the web bundles them with those pages.
 */
export const routes = /* @__PURE__ */ joinRouteTables(coreRoutes, afterSaleRoutes);

/** A call (marked pure) rather than a spread, so a bundle that never reads `routes` drops it. */
function joinRouteTables<A extends object, B extends object>(a: A, b: B): A & B {
  return { ...a, ...b };
}

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** The route's path with its parameters filled in (each one URL-encoded). */
export function pathOf(
  route: RouteDefinition,
  params: Record<string, string | number> = {},
): string {
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}
