import * as z from "zod/mini";
import {
  bidTooLowDetailsSchema,
  errorBodySchema,
  fieldMessageMapSchema,
  fieldProblemListSchema,
} from "./schemas";

/** Error codes of the contract, plus the two the client itself produces. */
export type ErrorCode =
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "INVALID_CREDENTIALS"
  | "FORBIDDEN"
  | "OWN_ITEM"
  | "NOT_FOUND"
  | "USERNAME_TAKEN"
  | "BID_TOO_LOW"
  | "AUCTION_CLOSED"
  | "HAS_BIDS"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "NETWORK"
  | "BAD_RESPONSE";

const knownCodes = new Set<string>([
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
  "NETWORK",
  "BAD_RESPONSE",
]);

function isErrorCode(code: string): code is ErrorCode {
  return knownCodes.has(code);
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(status: number, code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Per-field messages of a VALIDATION_FAILED answer, keyed by the top-level field name. */
  fieldErrors(): Record<string, string> {
    if (this.code !== "VALIDATION_FAILED") return {};
    const result: Record<string, string> = {};
    const list = fieldProblemListSchema.safeParse(this.details);
    if (list.success) {
      for (const problem of list.data) {
        const name = fieldName(problem.field ?? problem.path);
        if (name && !(name in result)) result[name] = problem.message;
      }
      return result;
    }
    const map = fieldMessageMapSchema.safeParse(this.details);
    if (!map.success) return result;
    for (const [name, message] of Object.entries(map.data)) {
      const first = Array.isArray(message) ? message[0] : message;
      if (first) result[name] = first;
    }
    return result;
  }

  /** The least accepted amount that a BID_TOO_LOW answer carries. */
  minNextBid(): number | undefined {
    const parsed = bidTooLowDetailsSchema.safeParse(this.details);
    return parsed.success ? parsed.data.minNextBid : undefined;
  }
}

/** Builds an ApiError from any non-2xx response, whether or not its body follows the contract. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success && isErrorCode(parsed.data.error.code)) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details);
  }
  return new ApiError(response.status, fallbackCode(response.status), response.statusText);
}

const requestParts = new Set(["body", "query", "params"]);

/** "body.startPrice" or ["body", "startPrice"] → "startPrice": the form field a problem is about. */
function fieldName(path: string | (string | number)[] | undefined): string {
  const parts = Array.isArray(path) ? path.map(String) : (path ?? "").split(".");
  const [first, second] = parts;
  return (first !== undefined && requestParts.has(first) ? second : first) ?? "";
}

function fallbackCode(status: number): ErrorCode {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 413) return "PAYLOAD_TOO_LARGE";
  if (status === 429) return "RATE_LIMITED";
  if (status === 502 || status === 503 || status === 504) return "UNAVAILABLE";
  return "INTERNAL";
}

export function badResponse(error: z.core.$ZodError): ApiError {
  return new ApiError(0, "BAD_RESPONSE", z.prettifyError(error));
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
