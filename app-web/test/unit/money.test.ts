import { describe, expect, it } from "vitest";
import { formatWon } from "../../src/lib/money";
import { formatInteger } from "../../src/lib/number";

describe("formatWon", () => {
  it("writes won as Korean and English readers expect, whichever locale came first", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatWon(12_300, "ko-KR")).toBe("12,300원");
      expect(formatWon(12_300, "en-US")).toBe("₩12,300");
      expect(formatWon(0, "ko-KR")).toBe("0원");
      expect(formatWon(1_234_567, "en-US")).toBe("₩1,234,567");
    }
  });
});

describe("formatWon and formatInteger without Intl", () => {
  it("write exactly what Intl writes for the app's locales", () => {
    const amounts = [0, 1, 9, 10, 99, 100, 999, 1_000, 9_999, 12_345, 100_000, 999_999];
    amounts.push(1_000_000, 12_345_678, 1_000_000_000, Number.MAX_SAFE_INTEGER);
    const currency = { style: "currency", currency: "KRW", maximumFractionDigits: 0 } as const;
    for (const amount of amounts) {
      expect(formatWon(amount, "ko-KR")).toBe(`${new Intl.NumberFormat("ko-KR").format(amount)}원`);
      expect(formatWon(amount, "en-US")).toBe(
        new Intl.NumberFormat("en-US", currency).format(amount),
      );
      for (const locale of ["ko-KR", "en-US"])
        expect(formatInteger(amount, locale)).toBe(amount.toLocaleString(locale));
    }
    // what is not a whole non-negative number goes to Intl
    expect(formatInteger(-1_234, "en-US")).toBe((-1_234).toLocaleString("en-US"));
    expect(formatInteger(1_234.5, "ko-KR")).toBe((1_234.5).toLocaleString("ko-KR"));
    expect(formatWon(-1_000, "en-US")).toBe(
      new Intl.NumberFormat("en-US", currency).format(-1_000),
    );
  });
});
