import * as z from "zod/mini";

/** Every error code of the contract and the HTTP status it is always sent with. */
export const statusByErrorCode = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  OWN_ITEM: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  USERNAME_TAKEN: 409,
  NICKNAME_TAKEN: 409,
  BID_TOO_LOW: 409,
  BID_TOO_HIGH: 409,
  AUCTION_CLOSED: 409,
  HAS_BIDS: 409,
  ALREADY_RATED: 409,
  HANDOVER_PENDING: 409,
  BUY_NOW_UNAVAILABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof statusByErrorCode;

export const errorCodes = Object.keys(statusByErrorCode) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(statusByErrorCode, code);
}

/** Every 4xx/5xx body. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `details` of VALIDATION_FAILED: one entry per problem; `field` is e.g. `body.startPrice`. */
export const fieldProblemsSchema = z.array(z.object({ field: z.string(), message: z.string() }));

export type FieldProblem = z.infer<typeof fieldProblemsSchema>[number];

/** The parts of a request a VALIDATION_FAILED `field` starts with. */
export const requestParts = ["body", "query", "params"] as const;
export type RequestPart = (typeof requestParts)[number];

/** `details` of BID_TOO_LOW. */
export const bidTooLowDetailsSchema = z.object({ minNextBid: z.int() });

/** `details` of BID_TOO_HIGH. */
export const bidTooHighDetailsSchema = z.object({ maxNextBid: z.int() });
