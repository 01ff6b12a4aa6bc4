import { describe, expect, it } from "vitest";
import { koreanNumberWords, wonWithWords } from "../../src/lib/wonInWords";

describe("koreanNumberWords", () => {
  it.each([
    [0, "영"],
    [1, "일"],
    [10, "십"],
    [11, "십일"],
    [100, "백"],
    [1_000, "천"],
    [2_700, "이천칠백"],
    [10_000, "만"],
    [10_100, "만백"],
    [27_000, "이만칠천"],
    [110_000, "십일만"],
    [1_000_000, "백만"],
    [1_234_567, "백이십삼만사천오백육십칠"],
    [10_010_000, "천일만"],
    [100_000_000, "일억"],
    [100_000_100, "일억백"],
    [1_000_000_000, "십억"],
    [305_000_000, "삼억오백만"],
    [1_000_000_000_000, "일조"],
  ])("%i → %s", (amount, words) => {
    expect(koreanNumberWords(amount)).toBe(words);
  });

  it("refuses what is not a whole, non-negative number of won", () => {
    expect(() => koreanNumberWords(-1)).toThrow(RangeError);
    expect(() => koreanNumberWords(1.5)).toThrow(RangeError);
    expect(() => koreanNumberWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe("wonWithWords", () => {
  it("shows the amount in won and in words in Korean, in won in English", () => {
    expect(wonWithWords(27_000, "ko")).toBe("27,000원 — 이만칠천 원");
    expect(wonWithWords(27_000, "en")).toBe("27,000 won");
    expect(wonWithWords(1_234_567, "ko")).toBe("1,234,567원 — 백이십삼만사천오백육십칠 원");
  });
});
