import {
  emptyOrVisiblePattern,
  imageContentTypes,
  limits,
  multiLinePattern,
  nicknameSchema,
  passwordContainsUsername,
  passwordSchema,
  phoneSchema,
  singleLinePattern,
  usernameSchema,
  visiblePattern,
} from "@ssgbay/contract";
import type { MessageKey } from "../i18n/ko";

/** Client-side checks with the contract's rules, before the server judges; values are message keys. */
export type FieldErrors<Field extends string> = Partial<Record<Field, MessageKey>>;

const imageTypes: readonly string[] = Object.values(imageContentTypes);
const integerPattern = /^\d+$/;

export interface SignupValues {
  username: string;
  password: string;
  passwordConfirm: string;
  nickname: string;
  phone: string;
}

export function validateSignup(values: SignupValues): FieldErrors<keyof SignupValues> {
  const errors: FieldErrors<keyof SignupValues> = {};
  if (!usernameSchema.safeParse(values.username).success) errors.username = "validation.username";
  if (!passwordSchema.safeParse(values.password).success) errors.password = "validation.password";
  else if (passwordContainsUsername(values.password, values.username))
    errors.password = "validation.passwordUsername";
  if (values.passwordConfirm !== values.password)
    errors.passwordConfirm = "validation.passwordConfirm";
  if (!nicknameSchema.safeParse(values.nickname).success) {
    const nickname = values.nickname.normalize("NFKC").trim();
    errors.nickname =
      nickname.length < 1 || nickname.length > limits.nicknameMaxLength
        ? "validation.nickname"
        : "validation.textCharacters";
  }
  if (!phoneSchema.safeParse(values.phone.trim()).success) errors.phone = "validation.phone";
  return errors;
}

export interface LoginValues {
  username: string;
  password: string;
}

export function validateLogin(values: LoginValues): FieldErrors<keyof LoginValues> {
  const errors: FieldErrors<keyof LoginValues> = {};
  if (!values.username.trim()) errors.username = "validation.required";
  if (!values.password) errors.password = "validation.required";
  return errors;
}

export interface SellValues {
  title: string;
  description: string;
  startPrice: string;
  endsAt: Date | null;
  /** The photos in order (the first is the cover). */
  images: readonly { type: string; size: number }[];
  /** Required when the trade meets in person. */
  tradeArea: string | null;
  /** Optional: empty means none. */
  buyNowPrice: string;
}

export function validateSell(values: SellValues, now: Date): FieldErrors<keyof SellValues> {
  const errors: FieldErrors<keyof SellValues> = {};
  const title = values.title.trim();
  if (title.length < 1 || title.length > limits.titleMaxLength)
    errors.title = "validation.titleLength";
  else if (!singleLinePattern.test(title) || !visiblePattern.test(title))
    errors.title = "validation.textCharacters";
  if (values.description.length > limits.descriptionMaxLength)
    errors.description = "validation.descriptionLength";
  else if (
    !multiLinePattern.test(values.description) ||
    !emptyOrVisiblePattern.test(values.description)
  )
    errors.description = "validation.textCharacters";
  const price = parseWholeWon(values.startPrice);
  if (price === null || price < limits.startPriceMin || price > limits.startPriceMax)
    errors.startPrice = "validation.startPrice";
  if (!values.endsAt) errors.endsAt = "validation.endsAtInvalid";
  else {
    const ahead = values.endsAt.getTime() - now.getTime();
    if (ahead < limits.auctionMinDurationMs) errors.endsAt = "validation.endsAtTooSoon";
    else if (ahead > limits.auctionMaxDurationMs) errors.endsAt = "validation.endsAtTooLate";
  }
  if (values.images.length === 0) errors.images = "validation.imageRequired";
  else if (values.images.length > limits.imagesPerItemMax) errors.images = "validation.imageCount";
  else if (values.images.some((image) => !imageTypes.includes(image.type)))
    errors.images = "validation.imageType";
  else if (values.images.some((image) => image.size > limits.imageMaxBytes))
    errors.images = "validation.imageSize";
  if (values.tradeArea !== null) {
    const area = values.tradeArea.trim();
    if (area.length < 1 || area.length > limits.tradeAreaMaxLength)
      errors.tradeArea = "validation.tradeArea";
  }
  if (values.buyNowPrice.trim()) {
    const buyNow = parseWholeWon(values.buyNowPrice);
    if (buyNow === null || buyNow > limits.startPriceMax || (price !== null && buyNow <= price))
      errors.buyNowPrice = "validation.buyNowPrice";
  }
  return errors;
}

export type BidProblem =
  | { key: "bid.required" }
  | { key: "bid.notInteger" }
  | { key: "bid.tooHigh"; max: number }
  | { key: "bid.tooLow"; min: number };

/**
 * Checks a typed bid ("12,300" is accepted) against the item's least and largest accepted next
 * bid (`minNextBid` and `maxNextBid` of the contract).
 */
export function validateBid(
  input: string,
  range: { minimum: number; maximum: number },
): { amount: number } | { problem: BidProblem } {
  const text = input.replace(/[,\s]/g, "");
  if (!text) return { problem: { key: "bid.required" } };
  const amount = parseWholeWon(text);
  if (amount === null) return { problem: { key: "bid.notInteger" } };
  if (amount > range.maximum) return { problem: { key: "bid.tooHigh", max: range.maximum } };
  if (amount < range.minimum) return { problem: { key: "bid.tooLow", min: range.minimum } };
  return { amount };
}

/** A whole, non-negative number of won, or null for anything else ("1.5", "-3", "1e3"). */
export function parseWholeWon(text: string): number | null {
  const cleaned = text.replace(/[,\s]/g, "");
  if (!integerPattern.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER + 1;
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}
