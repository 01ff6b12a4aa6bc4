import type { RequestPart } from "@ssgbay/contract";
// Importing zod's classic build also installs its English messages, which the contract's
// zod/mini schemas then report in VALIDATION_FAILED details (zod/mini alone says "Invalid input").
import { z } from "zod";
import { validationError } from "./errors.js";

/** Parses one part of a request with its contract schema; only the schema's fields come out. */
export function parseRequest<Schema extends z.core.$ZodType>(
  schema: Schema,
  value: unknown,
  part: RequestPart,
): z.core.output<Schema> {
  const result = z.safeParse(schema, value ?? {});
  if (!result.success) throw validationError(result.error, part);
  return result.data;
}
