import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  loginBodySchema,
  meResponseSchema,
  sessionSchema,
  signupBodySchema,
} from "../auth/schemas.js";
import { bidBodySchema, placedBidSchema } from "../bids/schemas.js";
import { type ErrorCode, errorBodySchema, statusByCode as statusOf } from "../http/errors.js";
import { imageParamsSchema } from "../images/router.js";
import {
  itemDetailSchema,
  itemListSchema,
  itemParamsSchema,
  listItemsQuerySchema,
  newItemFormSchema,
} from "../items/schemas.js";
import { myBidsSchema, myItemsSchema, myPurchasesSchema } from "../me/schemas.js";

type Method = "get" | "post" | "delete";

interface Route {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  multipart?: z.ZodType;
  success: { status: number; schema?: z.ZodType; contentType?: string; description?: string };
  errors: ErrorCode[];
}

const itemId = { params: itemParamsSchema };

const routes: Route[] = [
  {
    method: "post",
    path: "/api/auth/signup",
    summary: "Create an account and sign in",
    tag: "auth",
    body: signupBodySchema,
    success: { status: 201, schema: sessionSchema },
    errors: ["VALIDATION_FAILED", "USERNAME_TAKEN", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
  },
  {
    method: "post",
    path: "/api/auth/login",
    summary: "Sign in",
    tag: "auth",
    body: loginBodySchema,
    success: { status: 200, schema: sessionSchema },
    errors: ["VALIDATION_FAILED", "INVALID_CREDENTIALS", "RATE_LIMITED"],
  },
  {
    method: "post",
    path: "/api/auth/refresh",
    summary: "Rotate the refresh cookie and get a new access token",
    tag: "auth",
    success: { status: 200, schema: sessionSchema },
    errors: ["UNAUTHENTICATED", "RATE_LIMITED"],
  },
  {
    method: "post",
    path: "/api/auth/logout",
    summary: "Revoke the refresh token and clear the cookies",
    tag: "auth",
    success: { status: 204, description: "Signed out" },
    errors: [],
  },
  {
    method: "get",
    path: "/api/auth/me",
    summary: "The signed-in user",
    tag: "auth",
    auth: true,
    success: { status: 200, schema: meResponseSchema },
    errors: ["UNAUTHENTICATED"],
  },
  {
    method: "get",
    path: "/api/items",
    summary: "Search and list items",
    tag: "items",
    query: listItemsQuerySchema,
    success: { status: 200, schema: itemListSchema },
    errors: ["VALIDATION_FAILED"],
  },
  {
    method: "post",
    path: "/api/items",
    summary: "List an item for auction",
    tag: "items",
    auth: true,
    multipart: newItemFormSchema,
    success: { status: 201, schema: z.object({ item: itemDetailSchema }) },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  },
  {
    method: "get",
    path: "/api/items/{id}",
    summary: "One item with its newest bids",
    tag: "items",
    ...itemId,
    success: { status: 200, schema: z.object({ item: itemDetailSchema }) },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
  },
  {
    method: "delete",
    path: "/api/items/{id}",
    summary: "Delete my item while nobody has bid on it",
    tag: "items",
    auth: true,
    ...itemId,
    success: { status: 204, description: "Deleted" },
    errors: ["VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "HAS_BIDS"],
  },
  {
    method: "post",
    path: "/api/items/{id}/bids",
    summary: "Bid on an item",
    tag: "bids",
    auth: true,
    ...itemId,
    body: bidBodySchema,
    success: { status: 201, schema: placedBidSchema },
    errors: [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "OWN_ITEM",
      "NOT_FOUND",
      "BID_TOO_LOW",
      "AUCTION_CLOSED",
    ],
  },
  {
    method: "get",
    path: "/api/items/{id}/events",
    summary: "Live `price` events, then `closed` once settled (Server-Sent Events)",
    tag: "bids",
    ...itemId,
    success: { status: 200, contentType: "text/event-stream", schema: z.string() },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/images/{key}",
    summary: "An uploaded image",
    tag: "images",
    params: imageParamsSchema,
    success: {
      status: 200,
      contentType: "image/*",
      schema: z.string().meta({ format: "binary" }),
    },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/me/items",
    summary: "My listings, every status, newest first",
    tag: "me",
    auth: true,
    success: { status: 200, schema: myItemsSchema },
    errors: ["UNAUTHENTICATED"],
  },
  {
    method: "get",
    path: "/api/me/purchases",
    summary: "Auctions I won",
    tag: "me",
    auth: true,
    success: { status: 200, schema: myPurchasesSchema },
    errors: ["UNAUTHENTICATED"],
  },
  {
    method: "get",
    path: "/api/me/bids",
    summary: "Auctions I bid on",
    tag: "me",
    auth: true,
    success: { status: 200, schema: myBidsSchema },
    errors: ["UNAUTHENTICATED"],
  },
];

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31["generateDocument"]> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  registry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: "ssgbay_access",
  });
  for (const route of routes) {
    const errorResponses = Object.fromEntries(
      [...new Set([...route.errors, "INTERNAL" as const, "UNAVAILABLE" as const])]
        .map((code) => statusOf[code])
        .map((status) => [
          String(status),
          {
            description:
              route.errors.filter((code) => statusOf[code] === status).join(", ") || "Server error",
            content: { "application/json": { schema: errorBodySchema } },
          },
        ]),
    );
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.body
          ? { body: { required: true, content: { "application/json": { schema: route.body } } } }
          : {}),
        ...(route.multipart
          ? {
              body: {
                required: true,
                content: { "multipart/form-data": { schema: route.multipart } },
              },
            }
          : {}),
      },
      responses: {
        [String(route.success.status)]: {
          description: route.success.description ?? "Success",
          ...(route.success.schema
            ? {
                content: {
                  [route.success.contentType ?? "application/json"]: {
                    schema: route.success.schema,
                  },
                },
              }
            : {}),
        },
        ...errorResponses,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "SSGBay API",
      version: "1.0.0",
      description: "The peer-to-peer auction API. Money is integer won; times are UTC ISO-8601.",
    },
    servers: [{ url: "/" }],
  });
}
