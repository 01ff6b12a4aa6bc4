import { describe, expect, it } from "vitest";
import { formatWon } from "../../src/lib/money";

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
