import { maxNextBid, minNextBid } from "@ssgbay/contract";
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
  password: "correct horse battery",
  passwordConfirm: "correct horse battery",
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

  it("bounds the password at 10 and 128 characters", () => {
    const at = (length: number) => {
      const password = "p".repeat(length);
      return validateSignup({ ...validSignup, password, passwordConfirm: password }).password;
    };
    expect(at(9)).toBe("validation.password");
    expect(at(10)).toBeUndefined();
    expect(at(128)).toBeUndefined();
    expect(at(129)).toBe("validation.password");
  });

  it("refuses a password holding the username, in any case", () => {
    for (const password of ["minji_01", "MINJI_01-secret", "my-minji_01-pass"]) {
      expect(validateSignup({ ...validSignup, password, passwordConfirm: password }).password).toBe(
        password.length < 10 ? "validation.password" : "validation.passwordUsername",
      );
    }
  });

  it("refuses invisible, control and text-direction characters in the nickname", () => {
    for (const nickname of ["\u200B\u200B", "\u3164", "민지\u202E", "\u001B[31m민지"]) {
      expect(validateSignup({ ...validSignup, nickname }).nickname).toBe(
        "validation.textCharacters",
      );
    }
    expect(validateSignup({ ...validSignup, nickname: "👨‍👩‍👧 가족" })).toEqual({});
  });

  it("requires the confirmation to match", () => {
    expect(validateSignup({ ...validSignup, passwordConfirm: "correct horse batterY" })).toEqual({
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

  it("uses the contract's text rules for the title and description", () => {
    const check = (fields: { title?: string; description?: string }) =>
      validateSell({ ...valid, ...fields }, now);
    expect(check({ title: "gnp\u202Eexe.jpg" }).title).toBe("validation.textCharacters");
    expect(check({ title: "\u200B\u200D" }).title).toBe("validation.textCharacters");
    expect(check({ title: "줄\n바꿈" }).title).toBe("validation.textCharacters");
    expect(check({ title: "👨‍👩‍👧 가족 자전거" }).title).toBeUndefined();
    expect(check({ description: "NUL\u0000" }).description).toBe("validation.textCharacters");
    expect(check({ description: "\u001B[2J" }).description).toBe("validation.textCharacters");
    expect(check({ description: "상태 좋아요.\r\n\t- 박스 있음" })).toEqual({});
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
    const range = (minimum: number) => ({ minimum, maximum: minimum * 10 });
    expect(validateBid("12,300", range(12_300))).toEqual({ amount: 12_300 });
    expect(validateBid("12299", range(12_300))).toEqual({
      problem: { key: "bid.tooLow", min: 12_300 },
    });
    expect(validateBid("", range(100))).toEqual({ problem: { key: "bid.required" } });
    expect(validateBid("12.5", range(100))).toEqual({ problem: { key: "bid.notInteger" } });
    expect(validateBid("1e5", range(100))).toEqual({ problem: { key: "bid.notInteger" } });
    expect(validateBid("99999999999999999999", range(100))).toEqual({
      problem: { key: "bid.tooHigh", max: 1000 },
    });
  });

  it("refuses more than the contract's largest next bid (2^53 - 1 on a 1,000-won item)", () => {
    const item = { startPrice: 1000, currentPrice: 1000, bidCount: 0 };
    const bounds = { minimum: minNextBid(item), maximum: maxNextBid(item) };
    expect(validateBid(String(Number.MAX_SAFE_INTEGER), bounds)).toEqual({
      problem: { key: "bid.tooHigh", max: 10_000 },
    });
    expect(validateBid("10,000", bounds)).toEqual({ amount: 10_000 });
  });

  it("parses only whole non-negative numbers", () => {
    expect(parseWholeWon(" 1 000 ")).toBe(1000);
    expect(parseWholeWon("0x10")).toBeNull();
  });
});
