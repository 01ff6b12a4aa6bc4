import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { isDatabaseUnavailable } from "../db/unavailable.js";

export const errorCodes = [
  "VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "INVALID_CREDENTIALS",
  "FORBIDDEN",
  "OWN_ITEM",
  "NOT_FOUND",
  "USERNAME_TAKEN",
  "BID_TOO_LOW",
  "AUCTION_CLOSED",
  "HAS_BIDS",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "INTERNAL",
  "UNAVAILABLE",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  OWN_ITEM: 403,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  BID_TOO_LOW: 409,
  AUCTION_CLOSED: 409,
  HAS_BIDS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An error whose code and message are safe to show to the client. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = statusByCode[code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function validationError(error: z.ZodError, location: string): ApiError {
  const details = error.issues.map((issue) => ({
    field: [location, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  return new ApiError("VALIDATION_FAILED", "The request is not valid.", details);
}

export const notFoundHandler: RequestHandler = () => {
  throw new ApiError("NOT_FOUND", "No such route.");
};

/** Errors from body-parser and serve-static (http-errors) carry a `type` and/or a `status`. */
const httpErrorSchema = z.object({
  type: z.string().optional(),
  status: z.number().int().min(400).max(499).optional(),
});

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) {
    return new ApiError("UNAVAILABLE", "The service is temporarily unavailable.");
  }
  const parsed = httpErrorSchema.safeParse(error);
  if (!parsed.success) return undefined;
  switch (parsed.data.type) {
    case "entity.too.large":
      return new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.");
    case "entity.parse.failed":
      return new ApiError("VALIDATION_FAILED", "The request body is not valid JSON.");
    case "charset.unsupported":
    case "encoding.unsupported":
      return new ApiError("UNSUPPORTED_MEDIA_TYPE", "Unsupported body encoding.");
  }
  switch (parsed.data.status) {
    case undefined:
      return undefined;
    case 404:
      return new ApiError("NOT_FOUND", "Not found.");
    case 413:
      return new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.");
    case 415:
      return new ApiError("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type.");
    default:
      return new ApiError("VALIDATION_FAILED", "The request is not valid.");
  }
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const apiError = toApiError(error);
    if (apiError) {
      if (apiError.status >= 500) logger.warn({ err: error }, apiError.message);
      res.status(apiError.status).json(apiError.toBody());
      return;
    }
    logger.error({ err: error }, "unhandled error");
    res.status(500).json(new ApiError("INTERNAL", "Something went wrong.").toBody());
  };
}
