import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en";
import { format } from "../../src/i18n/i18n";
import { ko, type MessageKey } from "../../src/i18n/ko";

const placeholders = (text: string) =>
  [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("message catalogs", () => {
  it("have the same keys and the same placeholders in both languages", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const key of Object.keys(ko) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ko[key]));
      expect(en[key].trim(), key).not.toBe("");
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
