import {
  bidTooLowDetailsSchema,
  type ErrorCode,
  errorBodySchema,
  fieldProblemsSchema,
  requestParts,
} from "@ssgbay/contract";
import * as z from "zod/mini";

/** The contract's error codes, plus the two the client itself produces. */
export type CallErrorCode = ErrorCode | "NETWORK" | "BAD_RESPONSE";

/** A failed call to the API as the app sees it: the contract's code, message and details. */
export class ApiCallError extends Error {
  /** The HTTP status, or 0 when there was no usable answer. */
  readonly status: number;
  readonly details: unknown;

  constructor(
    readonly code: CallErrorCode,
    message: string,
    answer: { status: number; details?: unknown },
  ) {
    super(message);
    this.name = "ApiCallError";
    this.status = answer.status;
    this.details = answer.details;
  }

  /** Per-field messages of a VALIDATION_FAILED answer, keyed by the form field's name. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    if (this.code !== "VALIDATION_FAILED") return result;
    const problems = fieldProblemsSchema.safeParse(this.details);
    for (const problem of problems.success ? problems.data : []) {
      const name = formFieldOf(problem.field);
      if (name && !(name in result)) result[name] = problem.message;
    }
    return result;
  }

  /** The least accepted amount that a BID_TOO_LOW answer carries. */
  minNextBid(): number | undefined {
    const parsed = bidTooLowDetailsSchema.safeParse(this.details);
    return parsed.success ? parsed.data.minNextBid : undefined;
  }
}

/** Builds the error of any non-2xx response, whether or not its body follows the contract. */
export async function callErrorFromResponse(response: Response): Promise<ApiCallError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiCallError(code, message, { status: response.status, details });
  }
  return new ApiCallError(fallbackCode(response.status), response.statusText, {
    status: response.status,
  });
}

const partNames: ReadonlySet<string> = new Set(requestParts);

/** "body.startPrice" → "startPrice": the form field a problem is about. */
function formFieldOf(field: string): string {
  const [first, second] = field.split(".");
  return (first !== undefined && partNames.has(first) ? second : first) ?? "";
}

function fallbackCode(status: number): CallErrorCode {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 413) return "PAYLOAD_TOO_LARGE";
  if (status === 429) return "RATE_LIMITED";
  if (status === 502 || status === 503 || status === 504) return "UNAVAILABLE";
  return "INTERNAL";
}

export function badResponse(error: z.core.$ZodError): ApiCallError {
  return new ApiCallError("BAD_RESPONSE", z.prettifyError(error), { status: 0 });
}

export function isApiCallError(error: unknown): error is ApiCallError {
  return error instanceof ApiCallError;
}
