import {
  type ErrorBody,
  type ErrorCode,
  type FieldProblem,
  type RequestPart,
  statusByErrorCode,
} from "@ssgbay/contract";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { isDatabaseUnavailable } from "../db/unavailable.js";

/**
 * An error the API answers with: its code's status and the contract's error body. Its code and
 * message are safe to show to the client.
 */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
    this.status = statusByErrorCode[code];
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

export function validationError(error: z.core.$ZodError, location: RequestPart): HttpError {
  const details = error.issues.map(
    (issue): FieldProblem => ({
      field: [location, ...issue.path.map(String)].join("."),
      message: issue.message,
    }),
  );
  return new HttpError("VALIDATION_FAILED", "The request is not valid.", details);
}

export const notFoundHandler: RequestHandler = () => {
  throw new HttpError("NOT_FOUND", "No such route.");
};

/** Errors from body-parser and serve-static (http-errors) carry a `type` and/or a `status`. */
const httpErrorSchema = z.object({
  type: z.string().optional(),
  status: z.number().int().min(400).max(499).optional(),
});

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (isDatabaseUnavailable(error)) {
    return new HttpError("UNAVAILABLE", "The service is temporarily unavailable.");
  }
  const parsed = httpErrorSchema.safeParse(error);
  if (!parsed.success) return undefined;
  switch (parsed.data.type) {
    case "entity.too.large":
      return new HttpError("PAYLOAD_TOO_LARGE", "The request body is too large.");
    case "entity.parse.failed":
      return new HttpError("VALIDATION_FAILED", "The request body is not valid JSON.");
    case "charset.unsupported":
    case "encoding.unsupported":
      return new HttpError("UNSUPPORTED_MEDIA_TYPE", "Unsupported body encoding.");
  }
  switch (parsed.data.status) {
    case undefined:
      return undefined;
    case 404:
      return new HttpError("NOT_FOUND", "Not found.");
    case 413:
      return new HttpError("PAYLOAD_TOO_LARGE", "The request body is too large.");
    case 415:
      return new HttpError("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type.");
    default:
      return new HttpError("VALIDATION_FAILED", "The request is not valid.");
  }
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const httpError = toHttpError(error);
    if (httpError) {
      if (httpError.status >= 500) logger.warn({ err: error }, httpError.message);
      res.status(httpError.status).json(httpError.toBody());
      return;
    }
    logger.error({ err: error }, "unhandled error");
    res.status(500).json(new HttpError("INTERNAL", "Something went wrong.").toBody());
  };
}
