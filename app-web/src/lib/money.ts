import { formatInteger } from "./number";

/** One formatter per locale: making an Intl.NumberFormat costs far more than using one. */
const formatters = new Map<string, Intl.NumberFormat>();

function wonFormatter(locale: string): Intl.NumberFormat {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "KRW",
      maximumFractionDigits: 0,
    });
    formatters.set(locale, formatter);
  }
  return formatter;
}

/** Won amounts as people read them: "12,300원" in Korean, "₩12,300" in English. */
export function formatWon(amount: number, locale: string): string {
  if (locale.startsWith("ko")) return `${formatInteger(amount, "ko-KR")}원`;
  // what Intl writes for en-US, without loading its number data (see formatInteger)
  if (locale === "en-US" && Number.isSafeInteger(amount) && amount >= 0)
    return `₩${formatInteger(amount, locale)}`;
  return wonFormatter(locale).format(amount);
}
