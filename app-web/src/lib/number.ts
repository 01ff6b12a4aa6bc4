/** Locales whose integers read as ASCII digits grouped by three with commas ("1,234,567"). */
const commaGrouped = new Set(["ko-KR", "en-US"]);

/**
 * `value.toLocaleString(locale)` for the app's locales, written without Intl: the first
 * number formatter a page makes loads ICU's number data, 15–45 ms of main-thread time in
 * Chromium, which the home page's first render would otherwise pay for its prices and total.
 * Anything else (fractions, negatives, other locales) goes to Intl.
 */
export function formatInteger(value: number, locale: string): string {
  if (!commaGrouped.has(locale) || !Number.isSafeInteger(value) || value < 0)
    return value.toLocaleString(locale);
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}
