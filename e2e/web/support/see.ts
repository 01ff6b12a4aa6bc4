import type { Locator } from "playwright-core";
import { expect } from "vitest";

const timeout = 30_000;

/**
 * Retrying assertions on a Playwright locator (playwright-core has no `expect` of its own):
 * each one polls until the page gets there or the timeout passes.
 */
export function see(locator: Locator) {
  const text = async () => (await locator.textContent())?.replace(/\s+/g, " ").trim() ?? null;
  return {
    toBeVisible: () => locator.first().waitFor({ state: "visible", timeout }),
    toHaveText: (expected: string) => expect.poll(text, { timeout }).toBe(expected),
    toContainText: (expected: string) => expect.poll(text, { timeout }).toContain(expected),
    toHaveCount: (expected: number) =>
      expect.poll(() => locator.count(), { timeout }).toBe(expected),
    toHaveAttribute: (name: string, expected: string) =>
      expect.poll(() => locator.getAttribute(name), { timeout }).toBe(expected),
    toBeFocused: () =>
      expect
        .poll(() => locator.evaluate((element) => element === document.activeElement), { timeout })
        .toBe(true),
  };
}
