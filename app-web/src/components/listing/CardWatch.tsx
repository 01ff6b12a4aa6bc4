import { useState } from "react";
import { Link, useLocation } from "react-router";
import { loginPath } from "../../auth/returnPath";
import { useI18n } from "../../i18n/i18n";
import styles from "./listing.module.css";
import type { Watchlist } from "./useWatchlist";

/**
 * The ♡ in a card's photo corner: toggles the item on my watchlist without leaving the grid;
 * a guest's ♡ is a link to log in (and back). Its name says which item it is about.
 */
export function CardWatch({
  itemId,
  title,
  watchlist,
  signedOut,
}: {
  itemId: number;
  title: string;
  watchlist: Watchlist;
  signedOut: boolean;
}) {
  const { t } = useI18n();
  const location = useLocation();
  const [busy, setBusy] = useState(false);
  if (signedOut)
    return (
      <Link
        className={styles.cardWatch}
        to={loginPath(`${location.pathname}${location.search}`)}
        aria-label={t("card.loginToWatch", { title })}
        data-testid="card-watch"
      >
        <span aria-hidden="true">♡</span>
      </Link>
    );
  if (watchlist.watched === null) return null;
  const watching = watchlist.watched.has(itemId);
  return (
    <button
      type="button"
      className={styles.cardWatch}
      aria-pressed={watching}
      aria-label={t("card.watch", { title })}
      disabled={busy}
      data-testid="card-watch"
      onClick={async () => {
        setBusy(true);
        try {
          await watchlist.toggle(itemId);
        } finally {
          setBusy(false);
        }
      }}
    >
      <span aria-hidden="true">{watching ? "♥" : "♡"}</span>
    </button>
  );
}
