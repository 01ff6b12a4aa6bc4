import { isApiCallError } from "../api/errors";
import type { Translate } from "../i18n/i18n";
import { formatWon } from "./money";

/** A readable sentence for any failure, chosen by the contract's error code; never raw JSON. */
export function errorMessage(error: unknown, t: Translate, locale: string): string {
  if (!isApiCallError(error)) return t("error.INTERNAL");
  if (error.code === "BID_TOO_LOW") {
    const min = error.minNextBid();
    return min === undefined
      ? t("error.BID_TOO_LOW_PLAIN")
      : t("error.BID_TOO_LOW", { min: formatWon(min, locale) });
  }
  // BID_TOO_HIGH needs no amount here: the bid form checks the largest bid before sending, so
  // the server says it only when the price moved meanwhile, and the page then refetches.
  return t(`error.${error.code}`);
}
