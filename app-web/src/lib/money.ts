/** Won amounts as people read them: "12,300원" in Korean, "₩12,300" in English. */
export function formatWon(amount: number, locale: string): string {
  if (locale.startsWith("ko")) return `${new Intl.NumberFormat("ko-KR").format(amount)}원`;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "KRW",
    maximumFractionDigits: 0,
  }).format(amount);
}
