import { useState } from "react";
import { Link, useLocation } from "react-router";
import { useAuth } from "../../auth/AuthContext";
import { loginPath } from "../../auth/returnPath";
import { useI18n } from "../../i18n/i18n";
import styles from "./listing.module.css";
import { useWatchlist } from "./useWatchlist";

/** ♡ / ♥: puts the item on my watchlist or takes it off; guests are sent to log in first. */
export function WatchButton({ itemId, watchCount }: { itemId: number; watchCount: number }) {
  const { t, tCount } = useI18n();
  const { state } = useAuth();
  const location = useLocation();
  const { watched, toggle } = useWatchlist();
  const [count, setCount] = useState(watchCount);
  const [busy, setBusy] = useState(false);

  const counted = <span className={styles.watchCount}>{tCount("item.watchCount", count)}</span>;
  if (state.status === "signedOut")
    return (
      <Link className={styles.watch} to={loginPath(location.pathname)}>
        <span aria-hidden="true">♡</span> {t("item.loginToWatch")} {counted}
      </Link>
    );
  if (watched === null) return <span className={styles.watch}>{counted}</span>;

  const watching = watched.has(itemId);
  const onClick = async () => {
    setBusy(true);
    try {
      const now = await toggle(itemId);
      setCount((current) => current + (now ? 1 : -1));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={styles.watch}
      aria-pressed={watching}
      disabled={busy}
      onClick={onClick}
    >
      <span aria-hidden="true">{watching ? "♥" : "♡"}</span>{" "}
      {watching ? t("item.unwatch") : t("item.watch")} {counted}
    </button>
  );
}
