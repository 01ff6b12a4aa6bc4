import * as z from "zod/mini";

/** A UTC time as the API writes it, `2026-11-22T10:00:00.000Z`. */
export const isoTime = z.iso.datetime();
/** Money: an integer number of won. */
export const won = z.int();
export const id = z.int();

export const personSchema = z.object({ id, nickname: z.string() });
export type Person = z.infer<typeof personSchema>;

/** Text that must be plain digits (path, query and multipart values arrive as text). */
export function digits(pattern: RegExp, message: string) {
  return z.pipe(z.string().check(z.regex(pattern, message)), z.transform(Number));
}
