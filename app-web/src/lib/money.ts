/** One formatter per locale: making an Intl.NumberFormat costs far more than using one. */
const formatters = new Map<string, Intl.NumberFormat>();

function wonFormatter(locale: string): Intl.NumberFormat {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = locale.startsWith("ko")
      ? new Intl.NumberFormat("ko-KR")
      : new Intl.NumberFormat(locale, {
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
  const text = wonFormatter(locale).format(amount);
  return locale.startsWith("ko") ? `${text}원` : text;
}
