import type { ItemDetail } from "@ssgbay/contract";
import { useState } from "react";
import { useAuth } from "../../auth/AuthContext";
import { useI18n } from "../../i18n/i18n";
import { errorMessage } from "../../lib/errorMessage";
import { formatWon } from "../../lib/money";
import { Alert } from "../Alert";
import { ConfirmDialog } from "../ConfirmDialog";
import styles from "./listing.module.css";

/**
 * "Buy now for 30,000원", with a confirmation, while the current price is below the buy-now
 * price; a note once bids have reached it. Nothing when the seller set no buy-now price.
 */
export function BuyNow({
  item,
  currentPrice,
  onBought,
}: {
  item: ItemDetail;
  currentPrice: number;
  onBought(item: ItemDetail): void;
}) {
  const { t, locale } = useI18n();
  const { api } = useAuth();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (item.buyNowPrice === null) return null;
  const price = formatWon(item.buyNowPrice, locale);
  if (currentPrice >= item.buyNowPrice)
    return <p className={styles.note}>{t("item.buyNowGone")}</p>;

  const buy = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const { item: bought } = await api.buyNow(item.id);
      onBought(bought);
    } catch (error) {
      setFailure(errorMessage(error, t, locale));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <div className={styles.buyNow}>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <button
        type="button"
        className="button button-secondary button-block"
        onClick={() => setConfirming(true)}
      >
        {t("item.buyNow", { price })}
      </button>
      {confirming ? (
        <ConfirmDialog
          title={t("item.buyNowTitle", { price })}
          confirmLabel={t("item.buyNowConfirm")}
          busy={busy}
          onConfirm={buy}
          onCancel={() => setConfirming(false)}
        >
          {t("item.buyNowBody")}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
