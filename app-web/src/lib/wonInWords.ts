const digits = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
const smallUnits = ["", "십", "백", "천"];
const largeUnits = ["", "만", "억", "조", "경"];

/** 0–9999 in Korean words: 2700 → "이천칠백" ("일" is not said before 십, 백, 천). */
function groupInWords(group: number): string {
  let words = "";
  for (let position = 3; position >= 0; position -= 1) {
    const digit = Math.floor(group / 10 ** position) % 10;
    if (digit === 0) continue;
    const spoken = digit === 1 && position > 0 ? "" : (digits[digit] ?? "");
    words += spoken + (smallUnits[position] ?? "");
  }
  return words;
}

/**
 * A whole number of won as Korean words, the way a cheque or a bank transfer spells it:
 * 27000 → "이만칠천", 10000 → "만", 100000000 → "일억", 0 → "영".
 */
export function koreanNumberWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`not a won amount: ${amount}`);
  if (amount === 0) return "영";
  let words = "";
  let rest = amount;
  for (let unit = 0; rest > 0; unit += 1) {
    const group = rest % 10_000;
    rest = Math.floor(rest / 10_000);
    if (group === 0) continue;
    // "만" alone, not "일만", when it leads (10,000 → 만, 110,000 → 십일만); 억 and up keep 일.
    const spoken = group === 1 && unit === 1 && rest === 0 ? "" : groupInWords(group);
    words = spoken + (largeUnits[unit] ?? "") + words;
  }
  return words;
}

/** What the bid confirmation shows: "27,000원 — 이만칠천 원" in Korean, "27,000 won" in English. */
export function wonWithWords(amount: number, language: "ko" | "en"): string {
  if (language === "en") return `${new Intl.NumberFormat("en-US").format(amount)} won`;
  return `${new Intl.NumberFormat("ko-KR").format(amount)}원 — ${koreanNumberWords(amount)} 원`;
}
