import type { RouteDefinition } from "./routes.js";
import { itemParamsSchema } from "./schemas/items.js";
import {
  markReadBodySchema,
  myEventSchemas,
  notificationPageSchema,
  unreadCountSchema,
} from "./schemas/notifications.js";
import {
  messageBodySchema,
  messageEnvelopeSchema,
  messagePageSchema,
  pageQuerySchema,
  ratingBodySchema,
  ratingEnvelopeSchema,
  saleEnvelopeSchema,
} from "./schemas/sales.js";
import { profileEnvelopeSchema, userParamsSchema } from "./schemas/users.js";

/**
 * After the sale, notifications and public profiles: only the pages that show them call these,
 * so the web app bundles this table (and its schemas) with those pages, not its entry chunk.
 */
export const afterSaleRoutes = {
  userProfile: {
    method: "GET",
    path: "/api/users/{id}",
    tag: "users",
    auth: false,
    params: userParamsSchema,
    response: { status: 200, schema: profileEnvelopeSchema },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
  },
  getSale: {
    method: "GET",
    path: "/api/items/{id}/sale",
    tag: "sales",
    auth: true,
    params: itemParamsSchema,
    response: { status: 200, schema: saleEnvelopeSchema },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"],
  },
  markHandedOver: {
    method: "POST",
    path: "/api/items/{id}/sale/handover",
    tag: "sales",
    auth: true,
    params: itemParamsSchema,
    response: { status: 200, schema: saleEnvelopeSchema },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"],
  },
  rateSale: {
    method: "POST",
    path: "/api/items/{id}/sale/rating",
    tag: "sales",
    auth: true,
    params: itemParamsSchema,
    body: ratingBodySchema,
    response: { status: 201, schema: ratingEnvelopeSchema },
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "NOT_FOUND",
      "HANDOVER_PENDING",
      "ALREADY_RATED",
    ],
  },
  listMessages: {
    method: "GET",
    path: "/api/items/{id}/messages",
    tag: "sales",
    auth: true,
    params: itemParamsSchema,
    query: pageQuerySchema,
    response: { status: 200, schema: messagePageSchema },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"],
  },
  sendMessage: {
    method: "POST",
    path: "/api/items/{id}/messages",
    tag: "sales",
    auth: true,
    params: itemParamsSchema,
    body: messageBodySchema,
    response: { status: 201, schema: messageEnvelopeSchema },
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "NOT_FOUND",
      "PAYLOAD_TOO_LARGE",
      "RATE_LIMITED",
    ],
  },
  listNotifications: {
    method: "GET",
    path: "/api/me/notifications",
    tag: "notifications",
    auth: true,
    query: pageQuerySchema,
    response: { status: 200, schema: notificationPageSchema },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED"],
  },
  markNotificationsRead: {
    method: "POST",
    path: "/api/me/notifications/read",
    tag: "notifications",
    auth: true,
    body: markReadBodySchema,
    response: { status: 200, schema: unreadCountSchema },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED"],
  },
  myEvents: {
    method: "GET",
    path: "/api/me/events",
    tag: "notifications",
    auth: true,
    response: { status: 200, contentType: "text/event-stream", events: myEventSchemas },
    // RATE_LIMITED: too many streams (item and user streams together) from the client's address.
    errors: ["UNAUTHENTICATED", "RATE_LIMITED"],
  },
} as const satisfies Record<string, RouteDefinition>;
