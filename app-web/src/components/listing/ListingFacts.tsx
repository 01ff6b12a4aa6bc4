import type { ItemSummary } from "@ssgbay/contract";
import { useI18n } from "../../i18n/i18n";
import { formatWon } from "../../lib/money";
import styles from "./listing.module.css";

/** Category, condition and how the item changes hands. */
export function ListingFacts({ item }: { item: ItemSummary }) {
  const { t, locale } = useI18n();
  return (
    <dl className={styles.facts} data-testid="listing-facts">
      <div>
        <dt>{t("item.category")}</dt>
        <dd>{t(`category.${item.category}`)}</dd>
      </div>
      <div>
        <dt>{t("item.condition")}</dt>
        <dd>{t(`condition.${item.condition}`)}</dd>
      </div>
      <div>
        <dt>{t("item.trade")}</dt>
        <dd>{t(`trade.${item.tradeMethod}`)}</dd>
      </div>
      {item.buyNowPrice !== null ? (
        <div>
          <dt>{t("item.buyNowPrice")}</dt>
          <dd data-testid="buy-now-price">{formatWon(item.buyNowPrice, locale)}</dd>
        </div>
      ) : null}
      {item.tradeArea ? (
        <div>
          <dt>{t("item.tradeArea")}</dt>
          <dd>{item.tradeArea}</dd>
        </div>
      ) : null}
    </dl>
  );
}
