import type { z } from "zod";
import { validationError } from "./errors.js";

export type RequestPart = "body" | "query" | "params";

/** Parses one part of a request with its schema; only the schema's fields come out. */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: RequestPart,
): z.infer<Schema> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(result.error, part);
  return result.data;
}
