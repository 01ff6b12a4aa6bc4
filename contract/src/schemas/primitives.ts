import * as z from "zod/mini";
import { limits } from "../limits.js";
import { singleLineText, visibleText } from "./text.js";

/** A UTC time as the API writes it, `2026-11-22T10:00:00.000Z`. */
export const isoTime = z.iso.datetime();
/** Money: an integer number of won. */
export const won = z.int();
export const id = z.int();

export const personSchema = z.object({ id, nickname: z.string() });
export type Person = z.infer<typeof personSchema>;

/**
 * One line of text shown to other users (a title, a nickname). Its rules judge the text as sent,
 * which is what the OpenAPI document can state, and only then is it trimmed.
 */
export function shownText(maxLength: number) {
  return z
    .string()
    .check(z.minLength(1), z.maxLength(maxLength), singleLineText, visibleText, z.trim());
}

/** Text that must be plain digits (path, query and multipart values arrive as text). */
export function digits(pattern: RegExp, message: string) {
  return z.pipe(z.string().check(z.regex(pattern, message)), z.transform(Number));
}

/**
 * A regex source matching exactly the decimal integers from `min` to `max`, without sign or
 * leading zeros, so that a number range of text (a query value) can be stated as a `pattern`.
 */
export function integerRangePattern(min: number, max: number): string {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) {
    throw new Error(`no integer range ${min}..${max}`);
  }
  const alternatives: string[] = [];
  // Every number of some digit counts, 1..999 say, reads best as one `[1-9][0-9]{0,2}`.
  let fullLengths: number[] = [];
  const flushFullLengths = () => {
    const [shortest, longest] = [fullLengths[0], fullLengths.at(-1)];
    if (shortest !== undefined && longest !== undefined) {
      const rest = shortest === longest ? `{${shortest - 1}}` : `{${shortest - 1},${longest - 1}}`;
      alternatives.push(`[1-9][0-9]${rest}`.replace("[0-9]{0}", "").replace("{1}", ""));
    }
    fullLengths = [];
  };
  // Split into runs of one digit count: 5..120 is 5..9, 10..99, 100..120.
  for (let low = min; low <= max; ) {
    const length = String(low).length;
    const high = Math.min(max, 10 ** length - 1);
    if (low === 10 ** (length - 1) && high === 10 ** length - 1) {
      fullLengths.push(length);
    } else {
      flushFullLengths();
      alternatives.push(...sameLengthPatterns(String(low), String(high)));
    }
    low = high + 1;
  }
  flushFullLengths();
  return `^(?:${alternatives.join("|")})$`;
}

/** Patterns for the numbers from `low` to `high`, both written with the same number of digits. */
function sameLengthPatterns(low: string, high: string): string[] {
  if (low === high) return [low];
  const [lowFirst, highFirst] = [Number(low[0]), Number(high[0])];
  const [lowRest, highRest] = [low.slice(1), high.slice(1)];
  const any = lowRest.length === 0 ? "" : `[0-9]{${lowRest.length}}`.replace("{1}", "");
  if (lowFirst === highFirst) return sameLengthPatterns(lowRest, highRest).map((p) => low[0] + p);
  const lowIsFloor = /^0*$/.test(lowRest);
  const highIsCeiling = /^9*$/.test(highRest);
  const fromDigit = lowIsFloor ? lowFirst : lowFirst + 1;
  const toDigit = highIsCeiling ? highFirst : highFirst - 1;
  const patterns: string[] = [];
  if (!lowIsFloor) {
    patterns.push(
      ...sameLengthPatterns(lowRest, "9".repeat(lowRest.length)).map((p) => low[0] + p),
    );
  }
  if (fromDigit <= toDigit) {
    const digit = fromDigit === toDigit ? String(fromDigit) : `[${fromDigit}-${toDigit}]`;
    patterns.push(digit + any);
  }
  if (!highIsCeiling) {
    patterns.push(
      ...sameLengthPatterns("0".repeat(highRest.length), highRest).map((p) => high[0] + p),
    );
  }
  return patterns;
}

/** A whole number from `min` to `max` written as text: exactly the digit strings of the range. */
export function integerText(min: number, max: number, message: string) {
  return digits(new RegExp(integerRangePattern(min, max)), message);
}

/** Pagination of a list (query values): `page` from 1, `pageSize` from 1 to the contract's limit. */
export const pageQuery = z._default(
  integerText(1, limits.pageMax, "must be a positive integer"),
  1,
);
export const pageSizeQuery = z._default(
  integerText(1, limits.pageSizeMax, `must be an integer from 1 to ${limits.pageSizeMax}`),
  limits.pageSizeDefault,
);
