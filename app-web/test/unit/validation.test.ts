import { describe, expect, it } from "vitest";
import {
  parseWholeWon,
  type SellValues,
  validateBid,
  validateSell,
  validateSignup,
} from "../../src/lib/validation";

const validSignup = {
  username: "minji_01",
  password: "correct horse",
  passwordConfirm: "correct horse",
  nickname: "민지",
  phone: "010-1234-5678",
};

describe("signup rules mirror the server", () => {
  it("accepts a valid form, with the phone in either format", () => {
    expect(validateSignup(validSignup)).toEqual({});
    expect(validateSignup({ ...validSignup, phone: "01012345678" })).toEqual({});
  });

  it.each([
    ["ab", "too short"],
    ["a".repeat(31), "too long"],
    ["Minji", "upper case"],
    ["min-ji", "a dash"],
  ])("rejects the username %s (%s)", (username) => {
    expect(validateSignup({ ...validSignup, username }).username).toBe("validation.username");
  });

  it("bounds the password at 8 and 128 characters", () => {
    const at = (length: number) => {
      const password = "p".repeat(length);
      return validateSignup({ ...validSignup, password, passwordConfirm: password }).password;
    };
    expect(at(7)).toBe("validation.password");
    expect(at(8)).toBeUndefined();
    expect(at(128)).toBeUndefined();
    expect(at(129)).toBe("validation.password");
  });

  it("requires the confirmation to match", () => {
    expect(validateSignup({ ...validSignup, passwordConfirm: "correct horsE" })).toEqual({
      passwordConfirm: "validation.passwordConfirm",
    });
  });

  it("checks nickname length and the phone format", () => {
    const errors = validateSignup({ ...validSignup, nickname: "   ", phone: "02-123-4567" });
    expect(errors).toEqual({ nickname: "validation.nickname", phone: "validation.phone" });
    expect(validateSignup({ ...validSignup, nickname: "가".repeat(31) }).nickname).toBe(
      "validation.nickname",
    );
  });
});

describe("sell rules mirror the server", () => {
  const now = new Date("2026-11-22T10:00:00.000Z");
  const image = { type: "image/png", size: 1000 };
  const valid = {
    title: "자전거",
    description: "",
    startPrice: "10000",
    endsAt: new Date("2026-11-23T10:00:00.000Z"),
    images: [image],
    tradeArea: null,
    buyNowPrice: "",
  };

  it("accepts a valid listing", () => {
    expect(validateSell(valid, now)).toEqual({});
  });

  it("bounds the start price to whole won from 100 to 1e9", () => {
    const price = (startPrice: string) => validateSell({ ...valid, startPrice }, now).startPrice;
    expect(price("99")).toBe("validation.startPrice");
    expect(price("100")).toBeUndefined();
    expect(price("1,000,000,000")).toBeUndefined();
    expect(price("1000000001")).toBe("validation.startPrice");
    expect(price("1500.5")).toBe("validation.startPrice");
    expect(price("-500")).toBe("validation.startPrice");
    expect(price("")).toBe("validation.startPrice");
  });

  it("needs the end between 1 minute and 30 days ahead", () => {
    const at = (ms: number) =>
      validateSell({ ...valid, endsAt: new Date(now.getTime() + ms) }, now).endsAt;
    expect(at(59_000)).toBe("validation.endsAtTooSoon");
    expect(at(60_000)).toBeUndefined();
    expect(at(30 * 86_400_000)).toBeUndefined();
    expect(at(30 * 86_400_000 + 1)).toBe("validation.endsAtTooLate");
    expect(validateSell({ ...valid, endsAt: null }, now).endsAt).toBe("validation.endsAtInvalid");
  });

  it("checks title length, description length and the photos", () => {
    const errors = validateSell(
      { ...valid, title: "x".repeat(101), description: "d".repeat(5001), images: [] },
      now,
    );
    expect(errors).toEqual({
      title: "validation.titleLength",
      description: "validation.descriptionLength",
      images: "validation.imageRequired",
    });
    const photos = (images: SellValues["images"]) => validateSell({ ...valid, images }, now).images;
    expect(photos([image, { type: "image/svg+xml", size: 10 }])).toBe("validation.imageType");
    expect(photos([{ type: "image/jpeg", size: 5 * 1024 * 1024 + 1 }])).toBe(
      "validation.imageSize",
    );
    expect(photos(Array.from({ length: 8 }, () => image))).toBeUndefined();
    expect(photos(Array.from({ length: 9 }, () => image))).toBe("validation.imageCount");
  });

  it("needs a meet-up place for a meet-up and a buy-now price above the start", () => {
    const check = (changes: Partial<SellValues>) => validateSell({ ...valid, ...changes }, now);
    expect(check({ tradeArea: "  " }).tradeArea).toBe("validation.tradeArea");
    expect(check({ tradeArea: "합정역" }).tradeArea).toBeUndefined();
    expect(check({ tradeArea: "x".repeat(41) }).tradeArea).toBe("validation.tradeArea");
    expect(check({ buyNowPrice: "10000" }).buyNowPrice).toBe("validation.buyNowPrice");
    expect(check({ buyNowPrice: "10100" }).buyNowPrice).toBeUndefined();
    expect(check({ buyNowPrice: "1.5" }).buyNowPrice).toBe("validation.buyNowPrice");
  });
});

describe("bids", () => {
  it("accepts whole amounts at or above the minimum, with thousands separators", () => {
    expect(validateBid("12,300", 12_300)).toEqual({ amount: 12_300 });
    expect(validateBid("12299", 12_300)).toEqual({ problem: { key: "bid.tooLow", min: 12_300 } });
    expect(validateBid("", 100)).toEqual({ problem: { key: "bid.required" } });
    expect(validateBid("12.5", 100)).toEqual({ problem: { key: "bid.notInteger" } });
    expect(validateBid("1e5", 100)).toEqual({ problem: { key: "bid.notInteger" } });
    expect(validateBid("99999999999999999999", 100)).toEqual({ problem: { key: "bid.tooHigh" } });
  });

  it("parses only whole non-negative numbers", () => {
    expect(parseWholeWon(" 1 000 ")).toBe(1000);
    expect(parseWholeWon("0x10")).toBeNull();
  });
});
